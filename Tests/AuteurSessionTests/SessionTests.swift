import AuteurCore
import AuteurSession
import AuteurStore
import Foundation
import Testing

func makeStore() throws -> (ProjectStore, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-session-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let store = try ProjectStore.create(at: dir.appendingPathComponent("p.auteur"), project: Project(seed: 5))
    return (store, dir)
}

let carTurn = """
    [{"op":"setting","setting":"desert"},
     {"op":"add","id":"car","kind":"car","color":"red","path":[{"frame":0,"value":[0.1,0.8]},{"frame":143,"value":[0.9,0.8]}]}]
    """

@Suite("Session turns")
struct SessionTests {
    @Test func aTurnPlansAppliesPersistsAndReplies() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var events: [SessionEvent] = []
        let result = try Session(store: store).submit(carTurn) { events.append($0) }
        #expect(result.revision == 1 && result.changed && result.reply.kind == .ok)
        #expect(events.count == 4)
        guard case .planned(let ops) = events[0], case .applied(let project) = events[1],
              case .persisted(revision: 1) = events[2], case .replied(let reply) = events[3] else {
            Issue.record("events out of order: \(events)")
            return
        }
        #expect(ops.count == 2)
        #expect(project == (try store.currentProject()))
        #expect(reply.text.contains("add car"))
    }

    @Test func theSelectionScopesTheTurn() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let session = Session(store: store)
        try session.submit(carTurn)
        try session.submit(#"[{"op":"relight","time_of_day":"sunset"}]"#, selection: Selection(frames: FrameRange(48, 95)))
        let p = try store.currentProject()
        #expect(p.evaluate(47).environment.timeOfDay == .preset(.noon))
        #expect(p.evaluate(48).environment.timeOfDay == .preset(.sunset))
        #expect(p.evaluate(96).environment.timeOfDay == .preset(.noon))
    }

    @Test func aTurnThatCannotApplyChangesNothingAndSaysWhy() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let session = Session(store: store)
        try session.submit(carTurn)
        let before = try store.currentProject()
        let result = try session.submit(#"[{"op":"relight","time_of_day":"dusk"},{"op":"remove","object":"boat"}]"#)
        #expect(result.reply.kind == .error && !result.changed)
        #expect(result.reply.text.contains("op 2 (remove)"))
        #expect(try store.head() == 1)
        #expect(try store.currentProject() == before)
        // The exchange is in the transcript, so the person sees what happened.
        #expect(try store.chat().last?.kind == .error)
    }

    @Test func malformedTurnsGetAnErrorReply() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let session = Session(store: store)
        for turn in ["", "{", "[]", "[{\"op\":1}]", String(repeating: "[", count: 10_000), "\u{1b}[2J", "null"] {
            let result = try session.submit(turn)
            #expect(result.reply.kind == .error, "turn \(turn.prefix(20)) should be an error")
            #expect(try store.head() == 0)
        }
    }

    @Test func undoAndRedoAsTurns() throws {
        struct HistoryWords: Planner {
            func plan(_ turn: String, context: PlanContext) -> Plan {
                switch turn {
                case "undo": return .undo
                case "redo": return .redo
                default: return JSONOpsPlanner().plan(turn, context: context)
                }
            }
        }
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let session = Session(store: store, planner: HistoryWords())
        try session.submit(carTurn)
        #expect(try session.submit("undo").revision == 0)
        #expect(try session.submit("undo").reply.kind == .error)
        #expect(try session.submit("redo").revision == 1)
        #expect(try store.currentProject().member("car") != nil)
    }
}
