import AuteurPlanner
import Foundation
import Testing

@Suite("Loading the sentence encoder")
struct ModelLoadingTests {
    private func loadError(_ directory: URL) -> EmbeddingError? {
        do {
            _ = try SentenceEncoder(modelDirectory: directory)
            return nil
        } catch {
            return error
        }
    }

    @Test("the model directory is AUTEUR_MODEL_DIR, else the XDG cache, else ~/.cache")
    func directoryDiscovery() {
        let explicit = ModelLocation.defaultDirectory(environment: ["AUTEUR_MODEL_DIR": "/m", "HOME": "/h"])
        #expect(explicit.path == "/m")
        let xdg = ModelLocation.defaultDirectory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"])
        #expect(xdg.path == "/x/auteur/models/all-minilm-l6-v2")
        let home = ModelLocation.defaultDirectory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"])
        #expect(home.path == "/h/.cache/auteur/models/all-minilm-l6-v2")
    }

    @Test("without the model files loadDefault fails with one line pointing at make setup")
    func missingDirectory() {
        let result = SentenceEncoder.loadDefault(environment: ["AUTEUR_MODEL_DIR": "/nonexistent/auteur-model"])
        guard case .failure(let error) = result else {
            Issue.record("loading from a missing directory succeeded")
            return
        }
        #expect(error == .modelDirectoryMissing(path: "/nonexistent/auteur-model"))
        #expect(error.description == "sentence encoder model not found at /nonexistent/auteur-model; run `make setup` to fetch it")
    }

    @Test("a directory without the weights names the missing file")
    func missingWeights() throws {
        let directory = try TinyBert.write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let weights = directory.appendingPathComponent("model.safetensors")
        try FileManager.default.removeItem(at: weights)
        #expect(loadError(directory) == .modelFileMissing(path: weights.path))
    }

    @Test("a toy BERT loads and embeds sentences into unit vectors of its hidden size")
    func toyModelRuns() throws {
        let directory = try TinyBert.write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let encoder = try SentenceEncoder(modelDirectory: directory)
        let vectors = encoder.embed(["cut to black", "the fades", ""])
        #expect(vectors.count == 3)
        for vector in vectors {
            #expect(vector.count == TinyBert.hidden)
            let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(length - 1) < 1e-5)
        }
        #expect(vectors[0] != vectors[1])
    }

    @Test("garbage bytes and truncated files are reported as corrupt, not crashed on")
    func corruptWeights() throws {
        let whole = safetensorsBytes(TinyBert.tensors())
        let cases: [(Data, String)] = [
            (Data([1, 2, 3]), "shorter than the 8-byte header length"),
            (Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }), "header length"),
            (whole.prefix(200), "truncated"),
            (whole.prefix(whole.count - 4), "truncated"),
        ]
        for (bytes, phrase) in cases {
            let directory = try TinyBert.write(weights: bytes)
            defer { try? FileManager.default.removeItem(at: directory) }
            let error = loadError(directory)
            guard case .corruptWeights(let path, _) = error else {
                Issue.record("expected corrupt weights, got \(String(describing: error))")
                continue
            }
            #expect(path.hasSuffix("model.safetensors"))
            #expect(error!.description.contains(phrase))
            #expect(!error!.description.contains("\n"))
        }
    }

    @Test("a header that is not JSON is reported as such")
    func headerNotJSON() throws {
        var bytes = Data()
        withUnsafeBytes(of: UInt64(6).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: Array("{nope}".utf8))
        let directory = try TinyBert.write(weights: bytes)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(loadError(directory)?.description.hasSuffix("header is not valid JSON") == true)
    }

    @Test("a tensor of the wrong shape or dtype, or a missing one, is named in the error")
    func wrongTensors() throws {
        let query = "encoder.layer.0.attention.self.query.weight"
        var reshaped = TinyBert.tensors()
        reshaped[reshaped.firstIndex { $0.name == query }!].shape = [4, 16]
        var retyped = TinyBert.tensors()
        retyped[retyped.firstIndex { $0.name == query }!].dtype = "F16"
        let missing = TinyBert.tensors().filter { $0.name != query }

        let expectations = [
            (reshaped, "has shape [4, 16], expected [8, 8]"),
            (retyped, "has dtype F16, expected F32"),
            (missing, "is missing"),
        ]
        for (tensors, reason) in expectations {
            let directory = try TinyBert.write(weights: safetensorsBytes(tensors))
            defer { try? FileManager.default.removeItem(at: directory) }
            let weights = directory.appendingPathComponent("model.safetensors").path
            #expect(loadError(directory) == .unexpectedTensor(path: weights, name: query, reason: reason))
        }
    }

    @Test("a vocabulary of the wrong size for the embedding table is refused")
    func vocabularySizeMismatch() throws {
        let directory = try TinyBert.write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let vocabulary = directory.appendingPathComponent("vocab.txt")
        try (TinyBert.vocabulary.dropLast().joined(separator: "\n") + "\n")
            .write(to: vocabulary, atomically: true, encoding: .utf8)
        #expect(loadError(directory) == .invalidVocabulary(path: vocabulary.path, reason: "11 tokens, but the model has 12"))
    }

    @Test("a config.json without a required key says which")
    func brokenConfiguration() throws {
        let directory = try TinyBert.write()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.json")
        try #"{"hidden_size": 8}"#.write(to: config, atomically: true, encoding: .utf8)
        guard case .invalidConfiguration(let path, let reason) = loadError(directory) else {
            Issue.record("a broken config.json loaded")
            return
        }
        #expect(path == config.path)
        #expect(reason.hasPrefix("missing key"))
    }

    @Test("a truncated copy of the real weights is refused with the tensor that runs past the end")
    func truncatedRealWeights() throws {
        let source = try requireModelDirectory()
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["config.json", "vocab.txt", "sentence_bert_config.json"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name),
                                             to: directory.appendingPathComponent(name))
        }
        let handle = try FileHandle(forReadingFrom: source.appendingPathComponent("model.safetensors"))
        let head = try handle.read(upToCount: 1 << 20) ?? Data()
        try handle.close()
        try head.write(to: directory.appendingPathComponent("model.safetensors"))
        let error = loadError(directory)
        guard case .corruptWeights = error else {
            Issue.record("expected corrupt weights, got \(String(describing: error))")
            return
        }
        // The word embeddings are the first tensor the 1 MiB cut runs through.
        #expect(error!.description.contains("truncated: tensor embeddings.word_embeddings.weight ends at byte 47678464"))
    }
}
