/// Mono audio at a fixed rate, ready for analysis.
public struct DecodedAudio: Hashable, Sendable {
    public var samples: [Float]
    public var sampleRate: Int
    public var seconds: Double { Double(samples.count) / Double(sampleRate) }
}

/// Decodes wav, mp3, flac, ogg/opus, m4a (anything libavformat reads) to mono Float.
public enum AudioDecoder {
    /// 16 kHz: onsets and loudness live below 8 kHz, so the Nyquist limit
    /// loses nothing the analysis uses, while FFTs cost a third of 48 kHz's and
    /// a 10-minute track stays under 40 MB.
    public static let analysisRate = 16_000

    /// Longest audio accepted, so a hostile or mistaken file cannot exhaust memory.
    public static let maxSeconds = 3 * 60 * 60

    public static func decode(path: String, sampleRate: Int = analysisRate) throws(MediaError) -> DecodedAudio {
        guard (1_000...384_000).contains(sampleRate) else {
            throw MediaError(.invalidOptions, doing: "decode audio from", file: path, reason: "sample rate \(sampleRate) is outside 1000 to 384000 Hz")
        }
        let reader = try AudioReader(path: path, sampleRate: sampleRate, channels: 1)
        var samples: [Float] = []
        let limit = maxSeconds * sampleRate
        while let chunk = try reader.read() {
            samples.append(contentsOf: chunk[0])
            guard samples.count <= limit else {
                throw MediaError(.badInput, doing: "decode audio from", file: path, reason: "it is longer than \(maxSeconds / 3600) hours")
            }
        }
        guard !samples.isEmpty else {
            throw MediaError(.badInput, doing: "decode audio from", file: path, reason: "it holds no audio samples")
        }
        return DecodedAudio(samples: samples, sampleRate: sampleRate)
    }
}
