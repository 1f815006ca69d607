/// Why content credentials could not be written or read, in words a person
/// can act on. Turned into a `MediaError` naming the file at the public edge.
public enum ProvenanceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not ISO BMFF, or its boxes do not add up.
    case notBMFF(String)
    /// A layout the reference tools do not read either (fragmented MP4).
    case unsupported(String)
    /// The manifest store or one of its boxes is damaged.
    case malformed(String)
    /// A certificate or key file is missing, unreadable or does not fit.
    case credentials(String)

    public var description: String {
        switch self {
        case .notBMFF(let s), .unsupported(let s), .malformed(let s), .credentials(let s): s
        }
    }

    func mediaError(doing: String, file: String?) -> MediaError {
        let kind: MediaError.Kind = if case .credentials = self { .invalidOptions } else { .badInput }
        return MediaError(kind, doing: doing, file: file, reason: description)
    }
}
