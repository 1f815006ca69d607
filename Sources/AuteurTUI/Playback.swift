/// Paces playback to what the terminal link carries.
///
/// Over SSH the pictures of a playing film can be more bytes a second than
/// the link takes. The bytes then queue (in the pty, sshd and TCP), every
/// key waits behind them, and writes start to block once those buffers are
/// full. So the run loop times each draw of a playing frame, and the pacer
/// keeps the share of time spent drawing (the duty) below one half: when a
/// window of draws was busier, the shown rate drops to what would have
/// given a duty of 0.4; when it was nearly idle, the rate climbs back by a
/// quarter a window, up to the project's fps. Frames still follow the clock
/// (a tick picks the frame for its time), so a lower rate drops frames and
/// never slows the film down.
public struct PlaybackPacer: Hashable, Sendable {
    /// The project's frame rate: the most worth showing.
    public let fps: Int
    /// Frames shown a second now.
    public private(set) var rate: Double
    private var windowStart: Double?
    private var busy = 0.0
    private var frames = 0
    private var lastShown: Double?

    /// Length of a measuring window in seconds: long enough to hold a few
    /// frames at the lowest rate, short enough to react within a second.
    public static let window = 0.5
    static let highDuty = 0.5, targetDuty = 0.4, idleDuty = 0.2, recovery = 1.25

    public init(fps: Int) {
        self.fps = max(1, fps)
        rate = Double(self.fps)
    }

    /// The rate for the status line, in whole frames a second.
    public var shownFPS: Int { max(1, Int(rate.rounded())) }

    /// Whether a new frame is due at `now` (seconds on the run loop's clock).
    /// A little slack keeps a loop that wakes at the project's own period
    /// from skipping every other frame at the full rate.
    public func due(at now: Double) -> Bool {
        guard let last = lastShown else { return true }
        return now - last >= 0.9 / rate
    }

    /// A new frame was put on screen at `now` (the run loop's clock).
    public mutating func shown(at now: Double) {
        lastShown = now
        frames += 1
    }

    /// Records that a draw while playing took `seconds` and ended at `now`
    /// (a monotonic clock in seconds). Every draw counts, not only those of
    /// a tick: the preview picture of a frame arrives in a draw of its own.
    /// At the end of each window the rate is adjusted; returns whether
    /// `shownFPS` changed.
    @discardableResult
    public mutating func drew(seconds: Double, at now: Double) -> Bool {
        let before = shownFPS
        let start = windowStart ?? (now - seconds)
        windowStart = start
        busy += max(0, seconds)
        let length = now - start
        guard length >= PlaybackPacer.window else { return false }
        let duty = busy / length
        if duty > PlaybackPacer.highDuty {
            let perFrame = busy / Double(max(1, frames))
            rate = min(rate, PlaybackPacer.targetDuty / perFrame)
        } else if duty < PlaybackPacer.idleDuty {
            rate *= PlaybackPacer.recovery
        }
        rate = min(Double(fps), max(1, rate))
        windowStart = now; busy = 0; frames = 0
        return shownFPS != before
    }
}
