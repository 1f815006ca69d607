import Foundation

/// The BERT encoder plus sentence-transformers' mean pooling and L2
/// normalisation, on a ragged batch.
///
/// Sentences are packed one after another into a single token matrix rather
/// than padded to the longest: every dense layer is then one sgemm over all
/// real tokens, and attention runs per sentence over exactly its own tokens.
/// That is the same arithmetic as a padded batch with an attention mask
/// (masked keys get a weight of exactly zero there), without spending FLOPs
/// on padding when one long sentence shares a batch with short ones.
struct BertForwardPass: Sendable {
    let configuration: BertConfiguration
    let weights: BertWeights

    /// One unit-length vector of `hiddenSize` values per token sequence.
    /// Each sequence must be non-empty, within the position table, and hold
    /// ids below the vocabulary size; the tokenizer guarantees all three.
    func embed(_ sequences: [[Int32]]) -> [[Float]] {
        guard !sequences.isEmpty else { return [] }
        let h = configuration.hiddenSize
        let lengths = sequences.map(\.count)
        precondition(lengths.allSatisfy { $0 > 0 && $0 <= configuration.maximumPositions },
                     "token sequences must fit the position table")
        precondition(sequences.allSatisfy { $0.allSatisfy { $0 >= 0 && Int($0) < configuration.vocabularySize } },
                     "token ids must index the embedding table")
        let tokenCount = lengths.reduce(0, +)
        var offsets = [0]
        for length in lengths.dropLast() { offsets.append(offsets.last! + length) }

        let scratch = Scratch(tokens: tokenCount, longest: lengths.max()!, configuration: configuration)
        defer { scratch.release() }

        writeEmbeddings(sequences, offsets: offsets, into: scratch.hidden)
        layerNorm(scratch.hidden, rows: tokenCount, weights.embeddingNorm)

        for layer in weights.layers {
            dense(scratch.hidden, rows: tokenCount, layer.queryKeyValue, into: scratch.queryKeyValue)
            for (offset, length) in zip(offsets, lengths) {
                attend(offset: offset, length: length, scratch: scratch)
            }
            dense(scratch.context, rows: tokenCount, layer.attentionOutput,
                  into: scratch.attended, residual: scratch.hidden)
            layerNorm(scratch.attended, rows: tokenCount, layer.attentionNorm)

            dense(scratch.attended, rows: tokenCount, layer.intermediate, into: scratch.intermediate)
            gelu(scratch.intermediate, count: tokenCount * configuration.intermediateSize)
            dense(scratch.intermediate, rows: tokenCount, layer.output,
                  into: scratch.hidden, residual: scratch.attended)
            layerNorm(scratch.hidden, rows: tokenCount, layer.outputNorm)
        }

        return zip(offsets, lengths).map { offset, length in
            meanPooledUnitVector(scratch.hidden + offset * h, rows: length, width: h)
        }
    }

    /// Multiply-adds counted as two FLOPs, for the matrix products only
    /// (LayerNorm, softmax and GELU are linear in the token count and small).
    func flops(tokenCount l: Int) -> Int {
        let h = configuration.hiddenSize, i = configuration.intermediateSize
        let perLayer = 2 * l * h * (3 * h)  // Q, K, V
            + 2 * l * l * h * 2              // scores and weighted values, all heads
            + 2 * l * h * h                  // attention output
            + 2 * l * h * i * 2              // feed-forward up and down
        return perLayer * configuration.layerCount
    }

    // MARK: - Stages

    private func writeEmbeddings(_ sequences: [[Int32]], offsets: [Int], into hidden: UnsafeMutablePointer<Float>) {
        let h = configuration.hiddenSize
        weights.wordEmbeddings.withUnsafeBufferPointer { words in
            weights.positionEmbeddings.withUnsafeBufferPointer { positions in
                weights.tokenTypeEmbeddings.withUnsafeBufferPointer { types in
                    for (sequence, offset) in zip(sequences, offsets) {
                        for (position, id) in sequence.enumerated() {
                            let row = hidden + (offset + position) * h
                            let word = Int(id) * h, place = position * h
                            // Single-sentence input: every token has type 0.
                            for j in 0..<h {
                                row[j] = words[word + j] + positions[place + j] + types[j]
                            }
                        }
                    }
                }
            }
        }
    }

    /// out = input · Wᵀ + bias (+ residual), as one sgemm over all tokens.
    /// The bias and residual are written first and sgemm accumulates onto
    /// them with beta = 1, saving a pass over the output.
    private func dense(
        _ input: UnsafeMutablePointer<Float>, rows: Int, _ layer: LinearWeights,
        into output: UnsafeMutablePointer<Float>, residual: UnsafeMutablePointer<Float>? = nil
    ) {
        let n = layer.outputs
        layer.bias.withUnsafeBufferPointer { bias in
            for row in 0..<rows {
                let out = output + row * n
                if let residual {
                    let skip = residual + row * n
                    for j in 0..<n { out[j] = skip[j] + bias[j] }
                } else {
                    out.update(from: bias.baseAddress!, count: n)
                }
            }
        }
        layer.transposedWeight.withUnsafeBufferPointer { weight in
            BLAS.gemm(m: rows, n: n, k: layer.inputs,
                      a: input, lda: layer.inputs,
                      b: weight.baseAddress!, ldb: n, transposeB: false,
                      beta: 1, c: output, ldc: n)
        }
    }

    /// Scaled dot-product attention of one sentence, all heads, reading Q, K
    /// and V in place from the fused projection.
    private func attend(offset: Int, length: Int, scratch: Scratch) {
        let h = configuration.hiddenSize, d = configuration.headSize, stride = 3 * h
        let scale = 1 / Float(d).squareRoot()
        let scores = scratch.scores
        for head in 0..<configuration.headCount {
            let query = UnsafePointer(scratch.queryKeyValue + offset * stride + head * d)
            let key = query + h, value = query + 2 * h
            BLAS.gemm(m: length, n: length, k: d, alpha: scale,
                      a: query, lda: stride, b: key, ldb: stride, transposeB: true,
                      beta: 0, c: scores, ldc: length)
            for row in 0..<length {
                softmax(scores + row * length, count: length)
            }
            BLAS.gemm(m: length, n: d, k: length,
                      a: scores, lda: length, b: value, ldb: stride, transposeB: false,
                      beta: 0, c: scratch.context + offset * h + head * d, ldc: h)
        }
    }

    private func softmax(_ values: UnsafeMutablePointer<Float>, count: Int) {
        var largest = -Float.infinity
        for j in 0..<count { largest = max(largest, values[j]) }
        var sum: Float = 0
        for j in 0..<count {
            let e = expf(values[j] - largest)
            values[j] = e
            sum += e
        }
        let reciprocal = 1 / sum
        for j in 0..<count { values[j] *= reciprocal }
    }

    /// The exact erf GELU BERT was trained with, not the tanh approximation.
    private func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let inverseSquareRootTwo: Float = 0.70710678118654752
        for j in 0..<count {
            let x = values[j]
            values[j] = 0.5 * x * (1 + erff(x * inverseSquareRootTwo))
        }
    }

    private func layerNorm(_ values: UnsafeMutablePointer<Float>, rows: Int, _ norm: LayerNormWeights) {
        let h = configuration.hiddenSize, epsilon = configuration.layerNormEpsilon
        norm.gamma.withUnsafeBufferPointer { gamma in
            norm.beta.withUnsafeBufferPointer { beta in
                for row in 0..<rows {
                    let x = values + row * h
                    var sum: Float = 0
                    for j in 0..<h { sum += x[j] }
                    let mean = sum / Float(h)
                    var squares: Float = 0
                    for j in 0..<h {
                        let centred = x[j] - mean
                        squares += centred * centred
                    }
                    let inverseDeviation = 1 / (squares / Float(h) + epsilon).squareRoot()
                    for j in 0..<h {
                        x[j] = (x[j] - mean) * inverseDeviation * gamma[j] + beta[j]
                    }
                }
            }
        }
    }

    private func meanPooledUnitVector(_ rows: UnsafeMutablePointer<Float>, rows count: Int, width: Int) -> [Float] {
        var pooled = [Float](repeating: 0, count: width)
        for row in 0..<count {
            let x = rows + row * width
            for j in 0..<width { pooled[j] += x[j] }
        }
        // Dividing by the token count before normalising changes nothing but
        // keeps the intermediate the same as sentence-transformers' pooling.
        let inverseCount = 1 / Float(count)
        var squares: Float = 0
        for j in 0..<width {
            pooled[j] *= inverseCount
            squares += pooled[j] * pooled[j]
        }
        // sentence-transformers clamps the norm at 1e-12 to avoid dividing by zero.
        let inverseNorm = 1 / max(squares.squareRoot(), 1e-12)
        for j in 0..<width { pooled[j] *= inverseNorm }
        return pooled
    }
}

/// Activation buffers for one batch, allocated once per call and sized for
/// its token count, so layers never allocate.
private struct Scratch {
    let hidden: UnsafeMutablePointer<Float>
    let queryKeyValue: UnsafeMutablePointer<Float>
    let context: UnsafeMutablePointer<Float>
    let attended: UnsafeMutablePointer<Float>
    let intermediate: UnsafeMutablePointer<Float>
    let scores: UnsafeMutablePointer<Float>

    init(tokens: Int, longest: Int, configuration c: BertConfiguration) {
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: count)
            pointer.initialize(repeating: 0, count: count)
            return pointer
        }
        hidden = buffer(tokens * c.hiddenSize)
        queryKeyValue = buffer(tokens * 3 * c.hiddenSize)
        context = buffer(tokens * c.hiddenSize)
        attended = buffer(tokens * c.hiddenSize)
        intermediate = buffer(tokens * c.intermediateSize)
        scores = buffer(longest * longest)
    }

    func release() {
        for pointer in [hidden, queryKeyValue, context, attended, intermediate, scores] {
            pointer.deallocate()
        }
    }
}
