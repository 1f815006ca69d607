import AuteurCore
import AuteurSession
import AuteurStore
import Foundation
import Synchronization
@testable import AuteurTUI

/// A private folder for one test, removed by `clean`.
struct Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-app-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func clean() { try? FileManager.default.removeItem(at: url) }
}

/// The repository's Themes folder, found from this file.
let shippedThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Themes").path

/// A small project (a desert with a red car, 2 s at 24 fps, 320x180) and
/// the effects handler on it, as the interface runs them.
func smallDirector(_ scratch: Scratch, exporter: ExportLauncher? = nil,
                   suspended: (@Sendable () -> Void)? = nil) throws -> (DirectorEffects, ProjectStore) {
    let store = try ProjectStore.create(at: scratch.url.appendingPathComponent("film.auteur"),
                                        project: Project(canvas: Canvas(width: 320, height: 180, fps: 24), seconds: 2, seed: 7))
    let session = Session(store: store, planner: JSONOpsPlanner())
    try session.submit("""
        [{"op":"setting","setting":"desert"},{"op":"relight","time_of_day":"noon"},
         {"op":"add","id":"car","kind":"car","color":"red","position":[0.5,0.75]}]
        """)
    let effects = DirectorEffects(session: session, name: "film", themeDirectories: [shippedThemes], exporter: exporter,
                                  analysisThreads: 2, requestSuspend: suspended ?? {})
    return (effects, store)
}

/// Collects the messages effects send back, in order.
final class Outbox: Sendable {
    private let messages = Mutex<[Message]>([])
    var send: @Sendable (Message) -> Void { { [self] m in messages.withLock { $0.append(m) } } }
    var all: [Message] { messages.withLock { $0 } }

    /// Waits (up to `timeout` seconds) for a message matching `match`.
    @discardableResult
    func wait(timeout: Double = 60, _ match: (Message) -> Bool) -> Message? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let m = all.first(where: match) { return m }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return nil
    }

    var revisions: [(summary: ProjectSummary, changed: Set<FrameIndex>)] {
        all.compactMap { if case .revisionChanged(let s, let c) = $0 { return (s, c) }; return nil }
    }

    var replies: [TranscriptEntry] {
        all.flatMap { m -> [TranscriptEntry] in if case .turnReplied(let e) = m { return e }; return [] }
    }

    func clear() { messages.withLock { $0.removeAll() } }
}

/// Performs a turn-like effect and waits for its reply and for the
/// analysis it started; returns the announcements of the new head.
@discardableResult
func settle(_ effects: DirectorEffects, _ outbox: Outbox, _ effect: Effect) -> [(summary: ProjectSummary, changed: Set<FrameIndex>)] {
    outbox.clear()
    effects.perform(effect, send: outbox.send)
    effects.waitUntilIdle()
    return outbox.revisions
}
