import Foundation

/// Why the sentence encoder could not be loaded.
///
/// Every case names the file it came from, and `description` is one line
/// that a planner can print verbatim when it falls back to its lexicon.
public enum EmbeddingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The model directory itself does not exist: the usual case before `make setup`.
    case modelDirectoryMissing(path: String)
    /// The directory exists but one of the files the encoder needs is absent.
    case modelFileMissing(path: String)
    /// The file exists but could not be read (permissions, I/O).
    case unreadableFile(path: String, reason: String)
    /// The weights file is not a well-formed safetensors file.
    case corruptWeights(path: String, reason: String)
    /// A tensor the BERT graph needs is absent, has the wrong dtype or shape.
    case unexpectedTensor(path: String, name: String, reason: String)
    /// `vocab.txt` does not describe the vocabulary the weights were trained with.
    case invalidVocabulary(path: String, reason: String)
    /// `config.json` is malformed or describes an architecture this encoder does not run.
    case invalidConfiguration(path: String, reason: String)

    public var description: String {
        switch self {
        case .modelDirectoryMissing(let path):
            return "sentence encoder model not found at \(path); run `make setup` to fetch it"
        case .modelFileMissing(let path):
            return "sentence encoder file \(path) is missing; run `make setup` to fetch it"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .corruptWeights(let path, let reason):
            return "corrupt weights file \(path): \(reason)"
        case .unexpectedTensor(let path, let name, let reason):
            return "weights file \(path): tensor \(name) \(reason)"
        case .invalidVocabulary(let path, let reason):
            return "invalid vocabulary \(path): \(reason)"
        case .invalidConfiguration(let path, let reason):
            return "invalid model configuration \(path): \(reason)"
        }
    }
}
