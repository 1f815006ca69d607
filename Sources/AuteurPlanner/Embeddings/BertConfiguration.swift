import Foundation

/// The architecture numbers from Hugging Face's `config.json`.
///
/// Shapes are taken from here rather than hard-coded so that a mismatched
/// weights file is reported as a wrong tensor shape, not as a crash in sgemm.
struct BertConfiguration: Equatable, Sendable {
    var hiddenSize: Int
    var layerCount: Int
    var headCount: Int
    var intermediateSize: Int
    var vocabularySize: Int
    var maximumPositions: Int
    var tokenTypeCount: Int
    var layerNormEpsilon: Float

    var headSize: Int { hiddenSize / headCount }

    private struct File: Decodable {
        let hidden_size: Int
        let num_hidden_layers: Int
        let num_attention_heads: Int
        let intermediate_size: Int
        let vocab_size: Int
        let max_position_embeddings: Int
        let type_vocab_size: Int
        let layer_norm_eps: Double
        let hidden_act: String
        let position_embedding_type: String?
    }

    private struct SentenceFile: Decodable {
        let max_seq_length: Int?
    }

    init(url: URL) throws(EmbeddingError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: try Self.read(url))
        } catch let error as EmbeddingError {
            throw error
        } catch {
            throw .invalidConfiguration(path: url.path, reason: Self.reason(error))
        }
        // The forward pass implements exactly BERT with absolute positions and erf GELU.
        guard file.hidden_act == "gelu" else {
            throw .invalidConfiguration(path: url.path, reason: "hidden_act \(file.hidden_act) is not supported, only gelu")
        }
        if let positions = file.position_embedding_type, positions != "absolute" {
            throw .invalidConfiguration(path: url.path, reason: "position_embedding_type \(positions) is not supported")
        }
        let sizes = [file.hidden_size, file.num_hidden_layers, file.num_attention_heads,
                     file.intermediate_size, file.vocab_size, file.max_position_embeddings, file.type_vocab_size]
        guard sizes.allSatisfy({ $0 > 0 }), file.hidden_size % file.num_attention_heads == 0 else {
            throw .invalidConfiguration(path: url.path, reason: "sizes must be positive and hidden_size divisible by num_attention_heads")
        }
        hiddenSize = file.hidden_size
        layerCount = file.num_hidden_layers
        headCount = file.num_attention_heads
        intermediateSize = file.intermediate_size
        vocabularySize = file.vocab_size
        maximumPositions = file.max_position_embeddings
        tokenTypeCount = file.type_vocab_size
        layerNormEpsilon = Float(file.layer_norm_eps)
    }

    /// sentence-transformers truncates this model at 256 tokens even though
    /// BERT has 512 positions; embeddings past 256 would not match its output.
    static func maximumSequenceLength(url: URL, positions: Int) throws(EmbeddingError) -> Int {
        let fallback = 256
        guard FileManager.default.fileExists(atPath: url.path) else { return min(fallback, positions) }
        do {
            let file = try JSONDecoder().decode(SentenceFile.self, from: try read(url))
            return min(file.max_seq_length ?? fallback, positions)
        } catch let error as EmbeddingError {
            throw error
        } catch {
            throw .invalidConfiguration(path: url.path, reason: reason(error))
        }
    }

    private static func read(_ url: URL) throws(EmbeddingError) -> Data {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .modelFileMissing(path: url.path)
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            return "missing key \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default:
            return "not valid JSON"
        }
    }
}
