import AuteurPlanner
import Foundation
import Testing

@Suite("all-MiniLM-L6-v2 sentence encoder")
struct SentenceEncoderTests {
    /// Varied on purpose: accents, contractions, numbers, symbols, CJK, Greek
    /// final sigma, emoji, an empty line, and one long enough to be truncated
    /// at 256 tokens.
    static let paritySentences = [
        "hello world",
        "Cut to a wide shot of the harbour at dawn.",
        "The camera slowly pushes in on her face as the music swells.",
        "Fade to black.",
        "Make the title card bigger and move it to the upper-left corner!",
        "Crème brûlée, naïve café, jalapeño piñata — résumé.",
        "Don't let the logo overlap the subtitles; it's distracting.",
        "Scene 3, take 12: 24 fps, 1/50 s shutter, f/2.8 @ ISO 800.",
        "东京 and 北京 are both capitals, in 日本 and 中国.",
        "🎬 action! 🎥 rolling…",
        "",
        "a",
        "Pan left, then tilt up to reveal the skyline behind the protagonist.",
        "Η ΟΔΟΣ ΠΡΟΣ ΤΗΝ ΑΘΗΝΑ είναι μακριά.",
        "Use a cross-dissolve between the interview and the B-roll footage.",
        "ZOOM OUT QUICKLY AND SHAKE THE CAMERA",
        "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
        "The colour grading should feel warm, nostalgic, like Super 8 film from the 1970s.",
        "Señor Müller's \"quotes\" and ‘curly’ apostrophes—plus tabs\tand\nnewlines.",
        String(repeating: "The director asks for one more take of the chase sequence. ", count: 30),
    ]

    @Test("matches an independent numpy reference on 20 sentences: same ids, cosine ≥ 0.9999")
    func parityWithReference() throws {
        let directory = try requireModelDirectory()
        let encoder = try requireEncoder()
        let reference = try Self.referenceEmbeddings(Self.paritySentences, modelDirectory: directory)
        try #require(reference.embeddings.count == Self.paritySentences.count)

        let embeddings = encoder.embed(Self.paritySentences)
        for (index, sentence) in Self.paritySentences.enumerated() {
            #expect(encoder.tokenIDs(sentence) == reference.ids[index], "token ids differ for \(sentence.debugDescription)")
            let cosine = SentenceEncoder.cosine(embeddings[index], reference.embeddings[index])
            #expect(cosine >= 0.9999, "cosine \(cosine) for \(sentence.debugDescription)")
        }
        // The long sentence really exercised truncation.
        #expect(encoder.tokenIDs(Self.paritySentences.last!).count == 256)
    }

    @Test("automobile is closer to car than to banana")
    func semanticSanity() throws {
        let encoder = try requireEncoder()
        let vectors = encoder.embed(["automobile", "car", "banana"])
        let car = SentenceEncoder.cosine(vectors[0], vectors[1])
        let banana = SentenceEncoder.cosine(vectors[0], vectors[2])
        #expect(car > banana, "cos(automobile, car) = \(car), cos(automobile, banana) = \(banana)")
    }

    @Test("embeddings are 384-d unit vectors, and the same call twice is bit-identical")
    func unitLengthAndDeterminism() throws {
        let encoder = try requireEncoder()
        let sentences = Array(Self.paritySentences.prefix(6))
        let first = encoder.embed(sentences)
        let second = encoder.embed(sentences)
        #expect(first.map { $0.map(\.bitPattern) } == second.map { $0.map(\.bitPattern) })
        for vector in first {
            #expect(vector.count == 384)
            #expect(abs(vector.reduce(0) { $0 + $1 * $1 }.squareRoot() - 1) < 1e-5)
        }
    }

    @Test("a sentence embeds the same alone as inside a batch of different lengths")
    func batchMatchesSingle() throws {
        let encoder = try requireEncoder()
        let sentences = ["Fade to black.", Self.paritySentences[2], "a", Self.paritySentences[17]]
        let batched = encoder.embed(sentences)
        for (sentence, vector) in zip(sentences, batched) {
            let alone = encoder.embed(sentence)
            #expect(SentenceEncoder.cosine(alone, vector) > 0.99999, "batch changed \(sentence.debugDescription)")
        }
        #expect(encoder.embed([String]()).isEmpty)
    }

    @Test("the FLOP count grows with the token count, quadratically through attention")
    func flopCount() throws {
        let encoder = try requireEncoder()
        let perToken = encoder.flops(tokenCount: 1)
        // Q, K, V, output and feed-forward: 2·384·(1152 + 384 + 2·1536) per token per layer.
        #expect(perToken == 6 * (2 * 384 * (1152 + 384 + 3072) + 4 * 384))
        #expect(encoder.flops(tokenCount: 20) - 20 * perToken == 6 * 4 * 384 * (400 - 20))
    }

    // MARK: - Reference

    struct Reference: Decodable {
        let ids: [[Int32]]
        let embeddings: [[Float]]
    }

    /// Runs Tests/AuteurPlannerTests/reference_embed.py, which reads the same
    /// files with numpy and its own tokenizer and shares no code with Swift.
    static func referenceEmbeddings(_ sentences: [String], modelDirectory: URL) throws -> Reference {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("reference_embed.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, modelDirectory.path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: sentences))
        try input.fileHandleForWriting.close()
        // Read before waiting: the result is larger than a pipe buffer.
        let result = output.fileHandleForReading.readDataToEndOfFile()
        let diagnostics = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "reference_embed.py failed (python3 with numpy needed): \(diagnostics)")
        return try JSONDecoder().decode(Reference.self, from: result)
    }
}
