import Foundation

/// A dense layer y = x·Wᵀ + b.
struct LinearWeights: Sendable {
    /// Wᵀ, inputs × outputs row-major, transposed once at load from
    /// PyTorch's outputs × inputs. OpenBLAS repacks the weights on every
    /// call, and with a single sentence's few token rows that packing is most
    /// of the work; it packs this layout faster (about 10–25% more GFLOP/s
    /// for a 14-token sentence here, no difference for large batches).
    let transposedWeight: [Float]
    let bias: [Float]
    let outputs: Int
    let inputs: Int

    /// - Parameter weight: PyTorch layout, outputs × inputs row-major.
    init(weight: [Float], bias: [Float], outputs: Int, inputs: Int) {
        var transposed = [Float](repeating: 0, count: weight.count)
        for output in 0..<outputs {
            for input in 0..<inputs {
                transposed[input * outputs + output] = weight[output * inputs + input]
            }
        }
        self.transposedWeight = transposed
        self.bias = bias
        self.outputs = outputs
        self.inputs = inputs
    }
}

struct LayerNormWeights: Sendable {
    let gamma: [Float]
    let beta: [Float]
}

/// One transformer block of the BERT encoder.
struct BertLayerWeights: Sendable {
    /// Query, key and value stacked into one 3H × H matrix so the three
    /// projections are a single sgemm with a wide N, which OpenBLAS runs far
    /// closer to peak than three narrow ones.
    let queryKeyValue: LinearWeights
    let attentionOutput: LinearWeights
    let attentionNorm: LayerNormWeights
    let intermediate: LinearWeights
    let output: LinearWeights
    let outputNorm: LayerNormWeights
}

struct BertWeights: Sendable {
    let wordEmbeddings: [Float]
    let positionEmbeddings: [Float]
    let tokenTypeEmbeddings: [Float]
    let embeddingNorm: LayerNormWeights
    let layers: [BertLayerWeights]

    /// Reads every tensor the encoder uses, checking dtype and shape against
    /// the configuration. The pooler and `position_ids` are not used:
    /// sentence-transformers mean-pools the last hidden state instead.
    init(file: SafeTensorsFile, configuration c: BertConfiguration) throws(EmbeddingError) {
        let h = c.hiddenSize
        func linear(_ prefix: String, outputs: Int, inputs: Int) throws(EmbeddingError) -> LinearWeights {
            LinearWeights(
                weight: try file.floats("\(prefix).weight", shape: [outputs, inputs]),
                bias: try file.floats("\(prefix).bias", shape: [outputs]),
                outputs: outputs, inputs: inputs)
        }
        func parameters(_ prefix: String, outputs: Int, inputs: Int) throws(EmbeddingError) -> (weight: [Float], bias: [Float]) {
            (try file.floats("\(prefix).weight", shape: [outputs, inputs]),
             try file.floats("\(prefix).bias", shape: [outputs]))
        }
        func norm(_ prefix: String) throws(EmbeddingError) -> LayerNormWeights {
            LayerNormWeights(
                gamma: try file.floats("\(prefix).weight", shape: [h]),
                beta: try file.floats("\(prefix).bias", shape: [h]))
        }

        wordEmbeddings = try file.floats("embeddings.word_embeddings.weight", shape: [c.vocabularySize, h])
        positionEmbeddings = try file.floats("embeddings.position_embeddings.weight", shape: [c.maximumPositions, h])
        tokenTypeEmbeddings = try file.floats("embeddings.token_type_embeddings.weight", shape: [c.tokenTypeCount, h])
        embeddingNorm = try norm("embeddings.LayerNorm")

        var layers: [BertLayerWeights] = []
        for index in 0..<c.layerCount {
            let prefix = "encoder.layer.\(index)"
            let query = try parameters("\(prefix).attention.self.query", outputs: h, inputs: h)
            let key = try parameters("\(prefix).attention.self.key", outputs: h, inputs: h)
            let value = try parameters("\(prefix).attention.self.value", outputs: h, inputs: h)
            layers.append(BertLayerWeights(
                queryKeyValue: LinearWeights(
                    weight: query.weight + key.weight + value.weight,
                    bias: query.bias + key.bias + value.bias,
                    outputs: 3 * h, inputs: h),
                attentionOutput: try linear("\(prefix).attention.output.dense", outputs: h, inputs: h),
                attentionNorm: try norm("\(prefix).attention.output.LayerNorm"),
                intermediate: try linear("\(prefix).intermediate.dense", outputs: c.intermediateSize, inputs: h),
                output: try linear("\(prefix).output.dense", outputs: h, inputs: c.intermediateSize),
                outputNorm: try norm("\(prefix).output.LayerNorm")))
        }
        self.layers = layers
    }
}
