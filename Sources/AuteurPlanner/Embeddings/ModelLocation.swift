import Foundation

/// Where the all-MiniLM-L6-v2 files live on this machine.
///
/// The order matches `scripts/fetch-model.sh`, so whatever the script fills
/// is what the encoder finds: `AUTEUR_MODEL_DIR` first (tests, unusual
/// layouts), then the XDG cache, because the files are a re-downloadable
/// cache and never part of the repository.
public enum ModelLocation {
    public static let directoryName = "all-minilm-l6-v2"

    /// The files the encoder reads, relative to the model directory.
    public static let weightsFile = "model.safetensors"
    public static let vocabularyFile = "vocab.txt"
    public static let configurationFile = "config.json"
    /// Optional: holds sentence-transformers' `max_seq_length`.
    public static let sentenceConfigurationFile = "sentence_bert_config.json"

    public static func defaultDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        if let explicit = environment["AUTEUR_MODEL_DIR"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit, isDirectory: true)
        }
        let cacheRoot: URL
        // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            cacheRoot = URL(fileURLWithPath: xdg, isDirectory: true)
        } else if let home = environment["HOME"], !home.isEmpty {
            cacheRoot = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache")
        } else {
            cacheRoot = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        }
        return cacheRoot
            .appendingPathComponent("auteur", isDirectory: true)
            .appendingPathComponent("models", isDirectory: true)
            .appendingPathComponent(directoryName, isDirectory: true)
    }
}
