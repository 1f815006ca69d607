import COpenBLAS

/// The one place AuteurPlanner calls into OpenBLAS.
///
/// Row-major throughout because safetensors stores PyTorch's row-major
/// tensors and activations are token rows; the leading dimensions let
/// attention read one head's columns straight out of the fused Q|K|V matrix
/// without copying.
enum BLAS {
    /// C[m×n] = alpha · A[m×k] · op(B) + beta · C, where op(B) is Bᵀ when
    /// `transposeB` (B stored n×k, like a PyTorch Linear weight).
    static func gemm(
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda),
            b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// How many threads OpenBLAS will use for the next call.
    static var threadCount: Int { Int(openblas_get_num_threads()) }
}
