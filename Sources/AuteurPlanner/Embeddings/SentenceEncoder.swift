import Foundation

/// all-MiniLM-L6-v2 in Swift: sentences in, 384-dimensional unit vectors out,
/// such that the cosine (here a dot product) of two vectors tracks how close
/// the sentences are in meaning.
///
/// Loading reads `vocab.txt`, `config.json`, `model.safetensors` and, if
/// present, `sentence_bert_config.json` from one directory; nothing of Python
/// is needed at run time. The encoder is immutable, so one instance can serve
/// concurrent callers.
public final class SentenceEncoder: Sendable {
    public let modelDirectory: URL
    public let tokenizer: WordPieceTokenizer
    private let model: BertForwardPass

    /// Batches are cut at this many tokens so activation memory stays near
    /// 40 MB however many sentences a caller passes at once.
    private static let tokensPerBatch = 4096

    /// Length of every embedding.
    public var dimension: Int { model.configuration.hiddenSize }

    public init(modelDirectory: URL) throws(EmbeddingError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: modelDirectory.path, isDirectory: &isDirectory),
              isDirectory.boolValue
        else {
            throw .modelDirectoryMissing(path: modelDirectory.path)
        }
        let configuration = try BertConfiguration(
            url: modelDirectory.appendingPathComponent(ModelLocation.configurationFile))
        let sequenceLength = try BertConfiguration.maximumSequenceLength(
            url: modelDirectory.appendingPathComponent(ModelLocation.sentenceConfigurationFile),
            positions: configuration.maximumPositions)
        let vocabularyURL = modelDirectory.appendingPathComponent(ModelLocation.vocabularyFile)
        let tokenizer = try WordPieceTokenizer(vocabularyURL: vocabularyURL, maximumSequenceLength: sequenceLength)
        // Ids index the embedding table directly, so a vocabulary of another
        // size would read the wrong rows or past the end.
        guard tokenizer.vocabularySize == configuration.vocabularySize else {
            throw .invalidVocabulary(
                path: vocabularyURL.path,
                reason: "\(tokenizer.vocabularySize) tokens, but the model has \(configuration.vocabularySize)")
        }
        let file = try SafeTensorsFile(url: modelDirectory.appendingPathComponent(ModelLocation.weightsFile))
        self.model = BertForwardPass(configuration: configuration,
                                     weights: try BertWeights(file: file, configuration: configuration))
        self.tokenizer = tokenizer
        self.modelDirectory = modelDirectory
    }

    /// Loads from `ModelLocation.defaultDirectory`. A failure is ordinary
    /// (the model was never fetched): callers fall back to their lexicon and
    /// print the error's one-line description once.
    public static func loadDefault(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Result<SentenceEncoder, EmbeddingError> {
        Result { () throws(EmbeddingError) in
            try SentenceEncoder(modelDirectory: ModelLocation.defaultDirectory(environment: environment))
        }
    }

    /// One unit-length vector per sentence, in order. Calling twice with the
    /// same sentences gives bit-identical vectors.
    public func embed(_ sentences: [String]) -> [[Float]] {
        let sequences = sentences.map(tokenizer.encode)
        var embeddings: [[Float]] = []
        embeddings.reserveCapacity(sequences.count)
        var start = 0
        while start < sequences.count {
            var end = start, tokens = 0
            while end < sequences.count, end == start || tokens + sequences[end].count <= Self.tokensPerBatch {
                tokens += sequences[end].count
                end += 1
            }
            embeddings += model.embed(Array(sequences[start..<end]))
            start = end
        }
        return embeddings
    }

    public func embed(_ sentence: String) -> [Float] {
        embed([sentence])[0]
    }

    /// Token ids the encoder feeds the model for `sentence`, with [CLS] and [SEP].
    public func tokenIDs(_ sentence: String) -> [Int32] {
        tokenizer.encode(sentence)
    }

    /// Matrix-product FLOPs of one forward pass over `tokenCount` tokens.
    public func flops(tokenCount: Int) -> Int {
        model.flops(tokenCount: tokenCount)
    }

    /// Cosine similarity; for this encoder's unit vectors, the dot product.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "embeddings of different lengths")
        var dot: Float = 0, aa: Float = 0, bb: Float = 0
        for (x, y) in zip(a, b) {
            dot += x * y
            aa += x * x
            bb += y * y
        }
        let norms = (aa * bb).squareRoot()
        return norms > 0 ? dot / norms : 0
    }
}
