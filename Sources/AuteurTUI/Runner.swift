import Foundation
import Synchronization

/// A terminal as the run loop sees it. The ncurses backend is one; tests
/// drive the loop with a scripted one.
public protocol TerminalDevice: AnyObject {
    var size: Size { get }
    /// Waits up to `timeout` seconds for input, then returns everything
    /// that arrived, with a storm of resizes folded into the last one.
    func readMessages(timeout: Double) -> [Message]
    func draw(_ screen: Screen)
    /// Signals noticed since the last call (interrupt, hang-up, suspend).
    func takeSignals() -> TerminalSignals
    /// Gives the terminal back to the shell and stops the process until it
    /// is continued, then takes the terminal again and redraws everything.
    func suspend()
}

public struct TerminalSignals: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// SIGINT, SIGTERM or SIGHUP: leave, restoring the terminal.
    public static let terminate = TerminalSignals(rawValue: 1)
    /// SIGTSTP from outside (the keyboard's Ctrl-Z is undo in raw mode).
    public static let suspend = TerminalSignals(rawValue: 2)
    /// SIGCONT: the screen may have been changed behind our back.
    public static let redraw = TerminalSignals(rawValue: 4)
}

/// Performs effects off the interface thread and reports back by `send`,
/// which may be called from any thread, any number of times.
public protocol EffectHandler: Sendable {
    func perform(_ effect: Effect, send: @escaping @Sendable (Message) -> Void)
}

/// Messages posted by effects, picked up by the run loop between keys.
public final class MessageInbox: Sendable {
    private let queue = Mutex<[Message]>([])
    public init() {}
    public func post(_ message: Message) { queue.withLock { $0.append(message) } }
    public func drain() -> [Message] { queue.withLock { q in let all = q; q.removeAll(); return all } }
}

/// The run loop: reads keys, runs `update`, hands effects to the handler,
/// draws the view when the model changed. Ticks are sent while playing,
/// from the monotonic clock, so playback keeps time however slow drawing is;
/// a `PlaybackPacer` fed with the time every draw takes decides how many of
/// them a second the terminal link can carry.
public final class AppRunner {
    public private(set) var model: AppModel
    let device: TerminalDevice
    let handler: EffectHandler
    public let inbox = MessageInbox()
    let clock: @Sendable () -> Double
    /// Every message applied, in order: enough to replay the session.
    public private(set) var journal: [Message] = []
    public var keepJournal = false
    /// Paces playback while playing; nil otherwise.
    public private(set) var pacer: PlaybackPacer?
    /// Times draws: always the real monotonic clock, since it measures the
    /// real cost of writing to the terminal.
    let drawClock: @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    public init(model: AppModel, device: TerminalDevice, handler: EffectHandler,
                clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.model = model; self.device = device; self.handler = handler; self.clock = clock
    }

    /// Applies messages (and runs their effects); true when the model changed.
    @discardableResult
    public func apply(_ messages: [Message]) -> Bool {
        var changed = false
        for message in messages {
            let (next, effects) = update(model, message)
            if keepJournal { journal.append(message) }
            if next != model { changed = true; model = next }
            let inbox = self.inbox
            for effect in effects { handler.perform(effect) { inbox.post($0) } }
        }
        return changed
    }

    /// Runs until the model quits or a terminating signal; returns the last model.
    public func run() -> AppModel {
        apply([.resize(device.size)])
        device.draw(view(model))
        while !model.quitting {
            let signals = device.takeSignals()
            if signals.contains(.terminate) { break }
            if signals.contains(.suspend) { device.suspend() }
            var messages = device.readMessages(timeout: model.playing ? 1.0 / Double(max(24, model.project.fps)) : 0.1)
            messages += inbox.drain()
            if let tick = playbackTick() { messages.append(tick) }
            let changed = apply(messages)
            if changed || signals.contains(.redraw) || signals.contains(.suspend) { draw() }
        }
        return model
    }

    /// A tick when playing and the pacer says a frame is due.
    private func playbackTick() -> Message? {
        guard model.playing else { pacer = nil; return nil }
        let now = clock()
        var p = pacer.flatMap { $0.fps == model.project.fps ? $0 : nil } ?? PlaybackPacer(fps: model.project.fps)
        defer { pacer = p }
        guard p.due(at: now) else { return nil }
        p.shown(at: now)
        return .tick(now)
    }

    private func draw() {
        let screen = view(model)
        // Only the terminal's part is timed: its writes are what the link slows.
        let start = drawClock()
        device.draw(screen)
        guard model.playing, var p = pacer else { return }
        let end = drawClock()
        let rateChanged = p.drew(seconds: end - start, at: end)
        pacer = p
        if rateChanged { apply([.playbackRate(p.shownFPS)]) }
    }
}

/// Which pictures to send after the text layer, and which rows the text
/// layer must repaint because a picture left them. Pictures are compared
/// by key and place only, so an unchanged thumbnail is never re-sent.
public struct ImagePlan: Hashable, Sendable {
    public var redrawRows: [Int]
    public var emit: [ImagePlacement]

    public static func make(previous: [ImagePlacement], next: [ImagePlacement], fullRedraw: Bool) -> ImagePlan {
        if fullRedraw { return ImagePlan(redrawRows: [], emit: next) }
        func id(_ p: ImagePlacement) -> Pair { Pair(key: p.key, rect: p.rect) }
        let before = Set(previous.map(id)), after = Set(next.map(id))
        var rows = Set<Int>()
        for p in previous where !after.contains(id(p)) { rows.formUnion(p.rect.y..<p.rect.maxY) }
        // A repainted row wipes every picture crossing it, so those go again too.
        let emit = next.filter { p in !before.contains(id(p)) || (p.rect.y..<p.rect.maxY).contains { rows.contains($0) } }
        return ImagePlan(redrawRows: rows.sorted(), emit: emit)
    }

    struct Pair: Hashable { var key: ImageKey; var rect: CellRect }
}

/// Encoded sixels by picture and pixel size, so that redrawing a picture
/// that did not change costs no encoding.
public struct SixelCache {
    var entries: [Entry: [UInt8]] = [:]
    var order: [Entry] = []
    public let capacity: Int
    public var encoder: SixelEncoder
    struct Entry: Hashable { var key: ImageKey; var size: Size }

    public init(capacity: Int = 96, encoder: SixelEncoder = SixelEncoder()) { self.capacity = capacity; self.encoder = encoder }

    /// The bytes that draw `placement` with its top-left at its cell:
    /// save the cursor, move, the sixel, restore the cursor (the text layer
    /// keeps track of where it left the cursor).
    public mutating func bytes(for placement: ImagePlacement, cellPixels: Size) -> [UInt8] {
        let size = Size(width: placement.rect.width * cellPixels.width, height: placement.rect.height * cellPixels.height)
        let entry = Entry(key: placement.key, size: size)
        let sixel: [UInt8]
        if let cached = entries[entry] {
            sixel = cached
        } else {
            sixel = encoder.encode(placement.image, width: size.width, height: size.height)
            entries[entry] = sixel
            order.append(entry)
            if order.count > capacity { entries[order.removeFirst()] = nil }
        }
        return Array("\u{1B}7\u{1B}[\(placement.rect.y + 1);\(placement.rect.x + 1)H".utf8) + sixel + Array("\u{1B}8".utf8)
    }
}

public enum SynchronizedOutput {
    public static let begin: [UInt8] = Array("\u{1B}[?2026h".utf8)
    public static let end: [UInt8] = Array("\u{1B}[?2026l".utf8)
}
