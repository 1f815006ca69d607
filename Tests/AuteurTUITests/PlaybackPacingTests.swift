import AuteurCore
import Foundation
import Synchronization
import Testing
@testable import AuteurTUI
#if canImport(Glibc)
import Glibc
#endif

@Suite struct PlaybackPacerTests {
    /// Shows frames at `fps` for `seconds`, each draw taking `drawing` seconds.
    func play(_ pacer: inout PlaybackPacer, from start: Double, seconds: Double, drawing: Double) -> Double {
        var t = start
        while t < start + seconds {
            if pacer.due(at: t) {
                pacer.shown(at: t)
                pacer.drew(seconds: drawing, at: t + drawing)
            }
            t += 1.0 / 96
        }
        return t
    }

    @Test func aBusyLinkLowersTheRateAndAnIdleOneRaisesItAgain() {
        var pacer = PlaybackPacer(fps: 24)
        #expect(pacer.shownFPS == 24)
        // Each frame's write blocks for 80 ms: at most 12 frames fit in a
        // second, and the pacer aims at 40 % of the time, 5 frames.
        var t = play(&pacer, from: 0, seconds: 2, drawing: 0.08)
        #expect(pacer.shownFPS == 5)
        // The link recovers: the rate climbs back to the project's, no further.
        t = play(&pacer, from: t, seconds: 6, drawing: 0.001)
        #expect(pacer.shownFPS == 24)
        // A modest load (a quarter of the time) leaves the rate alone.
        _ = play(&pacer, from: t, seconds: 2, drawing: 0.3 / 24)
        #expect(pacer.shownFPS == 24)
    }

    @Test func theRateNeverFallsBelowOneFrameASecond() {
        var pacer = PlaybackPacer(fps: 30)
        _ = play(&pacer, from: 0, seconds: 4, drawing: 2)
        #expect(pacer.shownFPS == 1)
    }
}

/// A terminal whose output is a real pipe, read at a throttled rate by
/// another thread, as sshd reads a pty over a slow link. Each draw writes a
/// picture's worth of bytes, blocking when the pipe is full.
final class PipeTerminal: TerminalDevice {
    let size = Size(width: 80, height: 24)
    let frameBytes: [UInt8]
    let writeEnd: Int32
    var script: [[Message]]
    let deadline: Double
    let clock: () -> Double
    var statusLines: [String] = []
    /// When each draw started and ended, on the monotonic clock.
    var draws: [(start: Double, end: Double)] = []

    init(writeEnd: Int32, frameBytes: Int, script: [[Message]], seconds: Double, clock: @escaping () -> Double) {
        self.writeEnd = writeEnd; self.frameBytes = [UInt8](repeating: 0x41, count: frameBytes)
        self.script = script; self.clock = clock; deadline = clock() + seconds
    }

    func readMessages(timeout: Double) -> [Message] {
        if !script.isEmpty { return script.removeFirst() }
        if clock() > deadline { return [.key(.ctrl("c"))] }
        usleep(UInt32(timeout * 1e6))
        return []
    }

    func draw(_ screen: Screen) {
        statusLines.append(screen.buffer.lines.last ?? "")
        let start = clock()
        defer { draws.append((start, clock())) }
        var offset = 0
        while offset < frameBytes.count {
            let n = frameBytes[offset...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            offset += n
        }
    }

    func takeSignals() -> TerminalSignals { [] }
    func suspend() {}
}

@Suite(.serialized) struct AdaptivePlaybackTests {
    static func monotonic() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    struct Played {
        var model: AppModel
        var status: [String]
        var seconds: Double
        /// Share of the last second spent writing to the pipe.
        var busyAtTheEnd: Double
    }

    /// Plays for `seconds` with the pipe drained at `bytesPerSecond`.
    func playOverPipe(bytesPerSecond: Int, frameBytes: Int, seconds: Double, smallPipe: Bool) throws -> Played {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        // The smallest pipe (a page), so that writes block as soon as the
        // reader falls behind rather than after 64 KiB; 1031 is F_SETPIPE_SZ.
        if smallPipe { try #require(fcntl(fds[1], 1031, 4096) >= 0) }
        let stop = Atomic<Bool>(false)
        let readEnd = fds[0]
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let chunk = 4096, pause = UInt32(Double(chunk) / Double(bytesPerSecond) * 1e6)
            while !stop.load(ordering: .relaxed) {
                var pfd = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                guard poll(&pfd, 1, 50) > 0 else { continue }
                guard read(readEnd, &buffer, chunk) > 0 else { break }
                usleep(pause)
            }
        }
        reader.start()
        defer {
            stop.store(true, ordering: .relaxed)
            close(fds[1])
            while !reader.isFinished { usleep(1000) }
            close(fds[0])
        }
        let terminal = PipeTerminal(writeEnd: fds[1], frameBytes: frameBytes, script: [[.key(.tab), .key(.char(" "))]],
                                    seconds: seconds, clock: Self.monotonic)
        let runner = AppRunner(model: demoModel(), device: terminal, handler: InstantHandler())
        let started = Self.monotonic()
        let final = runner.run()
        let ended = Self.monotonic()
        let busy = terminal.draws.reduce(0.0) { $0 + max(0, $1.end - max($1.start, ended - 1)) }
        return Played(model: final, status: terminal.statusLines, seconds: ended - started, busyAtTheEnd: busy)
    }

    @Test func aSlowPipeLowersTheShownRateAndKeepsTime() throws {
        // 16 KB a frame through 160 KB/s carries at most 10 frames a second.
        let played = try playOverPipe(bytesPerSecond: 160_000, frameBytes: 16_000, seconds: 2.5, smallPipe: true)
        let lowered = played.status.compactMap { line -> Int? in
            guard let r = line.range(of: #"playing \d+/24 fps"#, options: .regularExpression) else { return nil }
            return Int(line[r].dropFirst(8).prefix { $0 != "/" })
        }
        #expect(!lowered.isEmpty, "the status line never showed a lowered rate")
        #expect((lowered.last ?? 24) <= 10)
        // Without pacing the loop would spend nearly all its time blocked in
        // writes, and keys would wait behind them; paced, at most about half.
        #expect(played.busyAtTheEnd < 0.7, "busy \(played.busyAtTheEnd) s of the last second")
        // Frames dropped, time kept: the cursor is where the clock says,
        // not where the number of frames drawn would put it.
        let expected = Int((played.seconds - 0.6) * 24 * 0.8)
        #expect(played.model.frame >= expected, "frame \(played.model.frame) after \(played.seconds) s")
    }

    @Test func aFastPipeKeepsTheProjectsRate() throws {
        let played = try playOverPipe(bytesPerSecond: 50_000_000, frameBytes: 16_000, seconds: 1.2, smallPipe: false)
        #expect(played.status.contains { $0.contains("playing") })
        #expect(!played.status.contains { $0.contains("/24 fps") }, "\(played.status.filter { $0.contains("fps") })")
    }
}
