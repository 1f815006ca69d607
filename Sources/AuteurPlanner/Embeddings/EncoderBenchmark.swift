import Foundation

/// Throughput of the sentence encoder, for `make bench`.
///
/// Speed is put in context by OpenBLAS's own sgemm rate on this machine:
/// small sentences make skinny matrices, so the fraction of peak says how
/// much a larger batch or a better kernel could still win.
public struct EncoderBenchmarkReport: Sendable, CustomStringConvertible {
    public let sentenceCount: Int
    public let tokenCount: Int
    /// Matrix-product FLOPs of one pass over all the sentences.
    public let flops: Int
    /// Sentences embedded one call each.
    public let singleSentencesPerSecond: Double
    /// All sentences in one `embed` call.
    public let batchedSentencesPerSecond: Double
    public let singleGFLOPs: Double
    public let batchedGFLOPs: Double
    /// A large square sgemm on the same thread count.
    public let sgemmPeakGFLOPs: Double
    public let threadCount: Int

    public var flopsPerSentence: Double { Double(flops) / Double(max(sentenceCount, 1)) }
    public var singleFractionOfPeak: Double { singleGFLOPs / sgemmPeakGFLOPs }
    public var batchedFractionOfPeak: Double { batchedGFLOPs / sgemmPeakGFLOPs }

    public var description: String {
        func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
        return [
            "sentence encoder: \(sentenceCount) sentences, \(tokenCount) tokens, "
                + "\(f(flopsPerSentence / 1e6)) MFLOP/sentence, OpenBLAS threads \(threadCount)",
            "  single:  \(f(singleSentencesPerSecond)) sentences/s, \(f(singleGFLOPs)) GFLOP/s "
                + "(\(f(100 * singleFractionOfPeak))% of sgemm peak)",
            "  batched: \(f(batchedSentencesPerSecond)) sentences/s, \(f(batchedGFLOPs)) GFLOP/s "
                + "(\(f(100 * batchedFractionOfPeak))% of sgemm peak)",
            "  sgemm peak: \(f(sgemmPeakGFLOPs)) GFLOP/s (1024×1024×1024)",
        ].joined(separator: "\n")
    }
}

public enum EncoderBenchmark {
    /// Requests of the length a director types: 8 to 20 tokens each.
    public static let directorRequests = [
        "Cut to a wide shot of the harbour at dawn.",
        "Slowly push in on her face as the music swells.",
        "Make the title card bigger and move it to the upper-left corner.",
        "Fade to black after the last line of dialogue.",
        "Add a warm colour grade, like Super 8 film from the seventies.",
        "Pan left, then tilt up to reveal the skyline.",
        "Use a cross-dissolve between the interview and the B-roll.",
        "Shake the camera when the door slams.",
        "Put the subtitles at the bottom, centred, in a bold white font.",
        "Slow the chase sequence down to half speed.",
        "Zoom out quickly to show the whole crowd.",
        "Hold on the empty chair for three seconds before the cut.",
        "Move the logo away from the subtitles so they never overlap.",
        "Brighten the night scene a little, but keep the shadows deep.",
        "Start with a close-up of the clock, then reveal the room.",
        "End on a freeze frame with the credits rolling over it.",
    ]

    /// Embeds `sentences` one at a time and then as one batch, `repetitions`
    /// times each after one warm-up pass, and keeps the fastest time of each
    /// so that a busy machine inflates the numbers as little as possible.
    public static func run(
        encoder: SentenceEncoder, sentences: [String] = directorRequests + directorRequests, repetitions: Int = 3
    ) -> EncoderBenchmarkReport {
        let tokenCounts = sentences.map { encoder.tokenIDs($0).count }
        let flops = tokenCounts.reduce(0) { $0 + encoder.flops(tokenCount: $1) }

        let single = fastest(repetitions: repetitions) {
            for sentence in sentences { _ = encoder.embed([sentence]) }
        }
        let batched = fastest(repetitions: repetitions) {
            _ = encoder.embed(sentences)
        }
        return EncoderBenchmarkReport(
            sentenceCount: sentences.count,
            tokenCount: tokenCounts.reduce(0, +),
            flops: flops,
            singleSentencesPerSecond: Double(sentences.count) / single,
            batchedSentencesPerSecond: Double(sentences.count) / batched,
            singleGFLOPs: Double(flops) / single / 1e9,
            batchedGFLOPs: Double(flops) / batched / 1e9,
            sgemmPeakGFLOPs: sgemmPeakGFLOPs(repetitions: repetitions),
            threadCount: BLAS.threadCount)
    }

    /// The rate of a 1024³ sgemm: large enough for OpenBLAS to reach its
    /// steady state, small enough to take well under a second.
    public static func sgemmPeakGFLOPs(size: Int = 1024, repetitions: Int = 3) -> Double {
        let a = [Float](repeating: 0.5, count: size * size)
        let b = [Float](repeating: 0.25, count: size * size)
        var c = [Float](repeating: 0, count: size * size)
        let seconds = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    fastest(repetitions: repetitions) {
                        BLAS.gemm(m: size, n: size, k: size, a: a.baseAddress!, lda: size,
                                  b: b.baseAddress!, ldb: size, transposeB: false,
                                  beta: 0, c: c.baseAddress!, ldc: size)
                    }
                }
            }
        }
        return 2 * Double(size * size * size) / seconds / 1e9
    }

    private static func fastest(repetitions: Int, _ work: () -> Void) -> Double {
        work()
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<max(repetitions, 1) {
            let elapsed = clock.measure(work)
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return best
    }
}
