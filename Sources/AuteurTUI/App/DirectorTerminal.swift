import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wraps the terminal the run loop drives, adding what the backend does not
/// know: a lost terminal (the SSH link dropped without a SIGHUP reaching
/// us, so reads return at once forever) ends the loop like a hang-up;
/// answers to the capability questions that arrive after the start-up
/// gave up waiting (a slow link) are dropped instead of being typed into
/// the chat; and, when asked, the time from each key to the end of the
/// screen write it caused is recorded.
final class DirectorTerminal: TerminalDevice {
    let inner: TerminalDevice
    let input: Int32
    /// When keys were read and not yet drawn, in seconds of the monotonic clock.
    private var keyReadAt: Double?
    private(set) var keystrokes: [(key: String, milliseconds: Double)] = []
    private var pendingKeys: [String] = []
    let timing: Bool
    private var hungUp = false
    /// Until when late answers are looked for, on the monotonic clock.
    var lateAnswersUntil: Double?
    private var inAnswer: AnswerKind?
    enum AnswerKind { case csi, dcs }

    init(_ inner: TerminalDevice, input: Int32 = 0, timing: Bool) {
        self.inner = inner; self.input = input; self.timing = timing
    }

    var size: Size { inner.size }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    func readMessages(timeout: Double) -> [Message] {
        // Keys read last time that changed nothing drew nothing: not timed.
        keyReadAt = nil
        pendingKeys = []
        var messages = inner.readMessages(timeout: timeout)
        if messages.isEmpty { checkHangUp() }
        if let until = lateAnswersUntil {
            if Self.now() < until || inAnswer != nil { messages = dropLateAnswers(messages) } else { lateAnswersUntil = nil }
        }
        if timing {
            let keys = messages.compactMap { m -> String? in if case .key(let k) = m { return k.description }; return nil }
            if !keys.isEmpty {
                keyReadAt = Self.now()
                pendingKeys = keys
            }
        }
        return messages
    }

    func draw(_ screen: Screen) {
        inner.draw(screen)
        if timing, let start = keyReadAt {
            let ms = (Self.now() - start) * 1000
            for k in pendingKeys { keystrokes.append((k, ms / Double(pendingKeys.count))) }
            keyReadAt = nil
            pendingKeys = []
        }
    }

    /// A CSI answer reads as Alt-[ then its parameters and final letter; a
    /// DCS answer (XTVERSION) as Alt-P up to Alt-\.
    func dropLateAnswers(_ messages: [Message]) -> [Message] {
        var kept: [Message] = []
        for m in messages {
            guard case .key(let k) = m else { kept.append(m); continue }
            switch (inAnswer, k.code) {
            case (nil, .char("[")) where k.alt: inAnswer = .csi
            case (nil, .char("P")) where k.alt: inAnswer = .dcs
            case (.csi?, .char(let c)) where !k.alt && "0123456789;?>$ ".contains(c): break
            case (.csi?, .char(let c)) where !k.alt && (c.isLetter || c == "~"): inAnswer = nil
            case (.dcs?, .char("\\")) where k.alt: inAnswer = nil
            case (.dcs?, _) where !k.alt: break
            default:
                inAnswer = nil
                kept.append(m)
            }
        }
        return kept
    }

    func takeSignals() -> TerminalSignals {
        var s = inner.takeSignals()
        if hungUp { s.insert(.terminate) }
        return s
    }

    func suspend() { inner.suspend() }

    /// A terminal that is gone reports a hang-up or an error on poll.
    private func checkHangUp() {
        var fds = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        if poll(&fds, 1, 0) > 0, fds.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { hungUp = true }
    }

    /// Keystroke-to-screen times as text: a summary line, then one line a key.
    func timingReport() -> String {
        let ms = keystrokes.map(\.milliseconds).sorted()
        guard !ms.isEmpty else { return "keys 0\n" }
        func pct(_ p: Double) -> Double { ms[min(ms.count - 1, Int(Double(ms.count - 1) * p))] }
        var out = String(format: "keys %d p50 %.2f ms p95 %.2f ms max %.2f ms\n", ms.count, pct(0.5), pct(0.95), ms.last!)
        for k in keystrokes { out += "\(k.key) " + String(format: "%.3f", k.milliseconds) + "\n" }
        return out
    }
}

/// Writes to standard output with write(2), which unlike FileHandle cannot
/// trap when the terminal has gone away (after a hang-up).
public func writeStandardOutput(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let n = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        bytes = bytes.dropFirst(n)
    }
}
