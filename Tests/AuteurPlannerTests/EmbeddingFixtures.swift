import AuteurPlanner
import Foundation
import Testing

/// The real model directory, or a failed test saying how to get it.
///
/// Missing model files fail rather than skip: a suite that passes without
/// ever running the encoder would prove nothing about it.
func requireModelDirectory() throws -> URL {
    let directory = ModelLocation.defaultDirectory()
    let weights = directory.appendingPathComponent(ModelLocation.weightsFile)
    try #require(
        FileManager.default.fileExists(atPath: weights.path),
        "all-MiniLM-L6-v2 is not at \(directory.path): run `make setup` (scripts/fetch-model.sh) first")
    return directory
}

/// Loading takes a few hundred milliseconds, so the model tests share one encoder.
let sharedEncoder: Result<SentenceEncoder, EmbeddingError> = Result {
    () throws(EmbeddingError) in
    try SentenceEncoder(modelDirectory: ModelLocation.defaultDirectory())
}

func requireEncoder() throws -> SentenceEncoder {
    _ = try requireModelDirectory()
    return try sharedEncoder.get()
}

/// A fresh directory under the system temporary folder, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("auteur-embeddings-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// One tensor to write into a synthetic safetensors file.
struct FixtureTensor {
    var name: String
    var shape: [Int]
    var dtype = "F32"
    var values: [Float]? = nil
}

/// Writes a safetensors file the way the format defines it: u64 little-endian
/// header length, JSON header, packed little-endian data.
func safetensorsBytes(_ tensors: [FixtureTensor]) -> Data {
    var header: [String: Any] = ["__metadata__": ["format": "pt"]]
    var body = Data()
    for tensor in tensors {
        let count = tensor.shape.reduce(1, *)
        let elementSize = tensor.dtype == "F32" ? 4 : (tensor.dtype == "I64" ? 8 : 2)
        let begin = body.count
        if tensor.dtype == "F32" {
            // Small deterministic values in [-0.5, 0.5): enough to make the toy model non-degenerate.
            let values = tensor.values ?? (0..<count).map { (index: Int) -> Float in
                Float((index * 7919) % 97) / 97 - 0.5
            }
            for value in values {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { body.append(contentsOf: $0) }
            }
        } else {
            body.append(Data(count: count * elementSize))
        }
        header[tensor.name] = ["dtype": tensor.dtype, "shape": tensor.shape, "data_offsets": [begin, body.count]]
    }
    let json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
    var file = Data()
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
    file.append(json)
    file.append(body)
    return file
}

/// A complete BERT of toy size (hidden 8, two heads, one layer, 12 tokens),
/// so loading and the forward pass can be checked without the real model.
enum TinyBert {
    static let hidden = 8, intermediate = 16, positions = 16
    static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cut", "to", "black",
                             "fade", "##s", "in", "."]

    static let configuration = """
        {"hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2,
         "intermediate_size": 16, "vocab_size": 12, "max_position_embeddings": 16,
         "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu",
         "position_embedding_type": "absolute"}
        """

    static func tensors() -> [FixtureTensor] {
        let h = hidden
        var tensors = [
            FixtureTensor(name: "embeddings.position_ids", shape: [1, positions], dtype: "I64"),
            FixtureTensor(name: "embeddings.word_embeddings.weight", shape: [vocabulary.count, h]),
            FixtureTensor(name: "embeddings.position_embeddings.weight", shape: [positions, h]),
            FixtureTensor(name: "embeddings.token_type_embeddings.weight", shape: [2, h]),
            FixtureTensor(name: "embeddings.LayerNorm.weight", shape: [h]),
            FixtureTensor(name: "embeddings.LayerNorm.bias", shape: [h]),
        ]
        let p = "encoder.layer.0."
        for (name, out, input) in [("attention.self.query", h, h), ("attention.self.key", h, h),
                                   ("attention.self.value", h, h), ("attention.output.dense", h, h),
                                   ("intermediate.dense", intermediate, h), ("output.dense", h, intermediate)] {
            tensors.append(FixtureTensor(name: p + name + ".weight", shape: [out, input]))
            tensors.append(FixtureTensor(name: p + name + ".bias", shape: [out]))
        }
        for name in ["attention.output.LayerNorm", "output.LayerNorm"] {
            tensors.append(FixtureTensor(name: p + name + ".weight", shape: [h]))
            tensors.append(FixtureTensor(name: p + name + ".bias", shape: [h]))
        }
        return tensors
    }

    /// Writes the toy model into a new temporary directory, with `weights`
    /// in place of the well-formed safetensors bytes when given.
    static func write(weights: Data? = nil) throws -> URL {
        let directory = try makeTemporaryDirectory()
        try configuration.write(to: directory.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        try (vocabulary.joined(separator: "\n") + "\n")
            .write(to: directory.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        try (weights ?? safetensorsBytes(tensors())).write(to: directory.appendingPathComponent("model.safetensors"))
        return directory
    }
}
