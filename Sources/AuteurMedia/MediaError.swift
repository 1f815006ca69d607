import AuteurCore
import CFFmpeg
import Foundation

/// Everything that can go wrong in the media layer, as one line a person can
/// act on: what we were doing, to which file, and why it failed.
///
/// The reason and the context are kept apart (like swift-argument-parser's
/// errors) so callers can match on `kind` and still print `description`.
public struct MediaError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// A libav call returned this negative code.
        case libav(Int32)
        /// A system call failed with this errno.
        case system(Int32)
        /// The file exists but is not media we can use (no stream, zero size, truncated).
        case badInput
        /// The request itself is impossible (codec in the wrong container, odd size).
        case invalidOptions
        /// The target exists and `force` was not given.
        case targetExists
        /// The caller cancelled; nothing was left on disk.
        case cancelled
    }

    public var kind: Kind
    /// What we were doing, as a verb phrase: "opening the encoder libx264".
    public var doing: String
    /// The file involved, if any.
    public var file: String?
    /// Why it failed: av_strerror text, strerror text, or our own words.
    public var reason: String

    public init(_ kind: Kind, doing: String, file: String? = nil, reason: String) {
        self.kind = kind
        self.doing = doing
        self.file = file
        self.reason = reason
    }

    public var description: String {
        var line = "cannot \(doing)"
        if let file { line += " '\(file)'" }
        line += ": \(reason)"
        // libav messages sometimes carry newlines; the contract is one line.
        return line.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The same failure as the core's error type, for layers that only know AuteurCore.
    public var auteurError: AuteurError {
        switch kind {
        case .invalidOptions, .targetExists: return .invalid(description)
        default: return .badInput(description)
        }
    }
}

extension MediaError: CustomDebugStringConvertible {
    public var debugDescription: String { description }
}

/// The one place libav return codes become Swift errors. Every call into
/// libav that can fail goes through here, so every failure names its file.
@discardableResult
func libav(_ code: Int32, _ doing: @autoclosure () -> String, file: String?) throws(MediaError) -> Int32 {
    guard code < 0 else { return code }
    throw MediaError(.libav(code), doing: doing(), file: file, reason: Libav.message(code))
}

enum Libav {
    /// libav writes warnings for every damaged packet it meets; the user hears
    /// about real failures through MediaError instead, so logging is silenced
    /// once, the first time the media layer touches libav.
    static let quiet: Void = {
        av_log_set_level(AV_LOG_QUIET)
        // SVT-AV1 logs on its own channel; 1 keeps only its errors. An explicit
        // SVT_LOG from the user wins.
        setenv("SVT_LOG", "1", 0)
    }()

    /// Opens a file for demuxing. An empty file is named as such, which
    /// libav would only call "invalid data".
    static func openInput(_ path: String, doing: String) throws(MediaError) -> UnsafeMutablePointer<AVFormatContext>? {
        _ = quiet
        var info = stat()
        if stat(path, &info) == 0, info.st_size == 0 {
            throw MediaError(.badInput, doing: doing, file: path, reason: "the file is empty")
        }
        var opened: UnsafeMutablePointer<AVFormatContext>?
        try libav(avformat_open_input(&opened, path, nil, nil), doing, file: path)
        return opened
    }

    static func message(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        auteur_av_strerror(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static let eagain = auteur_averror_eagain()
    static let eof = auteur_averror_eof()

    static func systemError(_ doing: String, file: String?, errno code: Int32 = errno) -> MediaError {
        MediaError(.system(code), doing: doing, file: file, reason: String(cString: strerror(code)))
    }

    /// Builds an AVDictionary from pairs; the caller frees it with av_dict_free.
    static func dictionary(_ pairs: [(String, String)]) -> OpaquePointer? {
        var dict: OpaquePointer?
        for (key, value) in pairs { av_dict_set(&dict, key, value, 0) }
        return dict
    }

    /// Keys libav left unconsumed in a dictionary: options the component did not know.
    static func leftoverKeys(_ dict: OpaquePointer?) -> [String] {
        var keys: [String] = []
        var entry: UnsafeMutablePointer<AVDictionaryEntry>? = nil
        while let next = av_dict_get(dict, "", entry, AV_DICT_IGNORE_SUFFIX) {
            keys.append(String(cString: next.pointee.key))
            entry = next
        }
        return keys
    }
}
