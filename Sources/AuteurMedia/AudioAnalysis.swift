import Foundation

/// What the picture can follow in a soundtrack: loudness per video frame and
/// the moments where something new starts. Stored in the project, so Codable
/// and computed deterministically.
public struct AudioAnalysis: Hashable, Sendable, Codable {
    public struct Onset: Hashable, Sendable, Codable {
        public var seconds: Double
        /// The video frame the onset falls in.
        public var frame: Int
        /// Spectral flux at the peak relative to the track's strongest, 0...1.
        public var strength: Double
    }

    public var fps: Int
    public var seconds: Double
    /// RMS loudness of each video frame's slice of audio, divided by the
    /// loudest frame's, so 1 is the loudest moment and 0 is silence.
    public var envelope: [Double]
    public var onsets: [Onset]

    /// Analysis parameters, fixed so stored results stay comparable.
    /// 512 samples at 16 kHz is a 32 ms window, short enough to separate
    /// claps at 8 per second; a 128-sample hop places onsets within 8 ms,
    /// well inside one frame even at 120 fps.
    public static let windowSize = 512
    public static let hopSize = 128

    public init(fps: Int, seconds: Double, envelope: [Double], onsets: [Onset]) {
        self.fps = fps
        self.seconds = seconds
        self.envelope = envelope
        self.onsets = onsets
    }

    public static func analyze(path: String, fps: Int) throws(MediaError) -> AudioAnalysis {
        guard fps > 0 else {
            throw MediaError(.invalidOptions, doing: "analyse", file: path, reason: "frame rate must be positive")
        }
        return analyze(try AudioDecoder.decode(path: path), fps: fps)
    }

    public static func analyze(_ audio: DecodedAudio, fps: Int) -> AudioAnalysis {
        let envelope = Self.envelope(audio, fps: fps)
        let onsets = Self.onsets(audio).map { time, strength in
            Onset(seconds: time, frame: Int((time * Double(fps)).rounded(.down)), strength: strength)
        }
        return AudioAnalysis(fps: fps, seconds: audio.seconds, envelope: envelope, onsets: onsets)
    }

    static func envelope(_ audio: DecodedAudio, fps: Int) -> [Double] {
        let samples = audio.samples
        let frames = Int((Double(samples.count) * Double(fps) / Double(audio.sampleRate)).rounded(.up))
        var rms = [Double](repeating: 0, count: frames)
        for frame in 0..<frames {
            // Integer bounds so every frame's slice is the same on every run.
            let start = frame * audio.sampleRate / fps
            let end = min(samples.count, (frame + 1) * audio.sampleRate / fps)
            guard end > start else { continue }
            var sum = 0.0
            for i in start..<end { sum += Double(samples[i]) * Double(samples[i]) }
            rms[frame] = (sum / Double(end - start)).squareRoot()
        }
        let loudest = rms.max() ?? 0
        // Below about -100 dBFS the track is silence, not something quiet to amplify.
        guard loudest > 1e-5 else { return rms.map { _ in 0 } }
        return rms.map { $0 / loudest }
    }

    /// Onsets by spectral flux: for each hop, how much the log-magnitude
    /// spectrum rose since the hop before; peaks above a local adaptive
    /// threshold are onsets.
    static func onsets(_ audio: DecodedAudio) -> [(Double, Double)] {
        let n = windowSize, hop = hopSize
        let fft = FFT(size: n)
        let window = (0..<n).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n)) }
        let samples = audio.samples
        // Centre hop t's window on sample t * hop, so flux times are sample times.
        let hops = samples.count / hop + 1
        var previous = [Double](repeating: 0, count: n / 2 + 1)
        var flux = [Double](repeating: 0, count: hops)
        var frame = [Double](repeating: 0, count: n)
        for t in 0..<hops {
            let start = t * hop - n / 2
            for i in 0..<n {
                let s = start + i
                frame[i] = (s >= 0 && s < samples.count) ? Double(samples[s]) * window[i] : 0
            }
            // log(1 + C|X|) compresses level so quiet onsets count, not only loud ones.
            let spectrum = fft.magnitudes(of: frame).map { log1p(100 * $0) }
            var rise = 0.0
            for k in 0..<spectrum.count where spectrum[k] > previous[k] { rise += spectrum[k] - previous[k] }
            flux[t] = t == 0 ? 0 : rise
            previous = spectrum
        }
        let strongest = flux.max() ?? 0
        guard strongest > 1e-9 else { return [] }
        let normalised = flux.map { $0 / strongest }

        // Threshold: the local mean over about 0.2 s either side, raised by a
        // floor so steady noise never triggers.
        let reach = max(1, audio.sampleRate / hop / 5)
        let peakReach = max(1, audio.sampleRate / hop / 50)
        let minimumGap = Double(audio.sampleRate) * 0.05
        var prefix = [0.0]
        for v in normalised { prefix.append(prefix.last! + v) }
        var found: [(Double, Double)] = []
        var lastSample = -Double.infinity
        for t in 0..<normalised.count {
            let value = normalised[t]
            let lo = max(0, t - reach), hi = min(normalised.count - 1, t + reach)
            let localMean = (prefix[hi + 1] - prefix[lo]) / Double(hi - lo + 1)
            guard value > 1.5 * localMean + 0.1 else { continue }
            let plo = max(0, t - peakReach), phi = min(normalised.count - 1, t + peakReach)
            // Ties go to the earliest hop, so a flat-topped peak gives one onset.
            guard (plo..<t).allSatisfy({ normalised[$0] < value }),
                  (t + 1...max(t + 1, phi)).allSatisfy({ $0 > phi || normalised[$0] <= value }) else { continue }
            let sample = Double(t * hop)
            guard sample - lastSample >= minimumGap else { continue }
            lastSample = sample
            found.append((sample / Double(audio.sampleRate), value))
        }
        return found
    }
}
