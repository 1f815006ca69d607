import Foundation

/// BERT's uncased tokenizer: the "basic" pass (clean, split, lowercase, strip
/// accents, isolate punctuation and CJK ideographs) followed by greedy
/// longest-match WordPiece over `vocab.txt`.
///
/// It works on Unicode scalars, not Swift `Character`s, because the model was
/// trained on code-point tokenisation: a grapheme such as "é" must become "e"
/// plus a combining mark that is then dropped, and "don't" must split at "'".
public struct WordPieceTokenizer: Sendable {
    public static let unknownToken = "[UNK]"
    public static let classToken = "[CLS]"
    public static let separatorToken = "[SEP]"
    /// Words longer than this become [UNK] outright, as in BERT.
    public static let maximumWordLength = 100

    /// Token ids including [CLS] and [SEP]; longer inputs are truncated.
    public let maximumSequenceLength: Int
    public let vocabularySize: Int
    public let unknownID: Int32
    public let classID: Int32
    public let separatorID: Int32
    private let ids: [String: Int32]
    private let tokens: [String]

    /// - Parameter tokens: the vocabulary, where a token's id is its index.
    public init(vocabulary tokens: [String], maximumSequenceLength: Int = 256, source: String = "vocabulary")
        throws(EmbeddingError)
    {
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() where ids[token] == nil {
            ids[token] = Int32(index)
        }
        guard let unknown = ids[Self.unknownToken], let cls = ids[Self.classToken],
              let sep = ids[Self.separatorToken]
        else {
            throw .invalidVocabulary(path: source, reason: "it lacks \(Self.unknownToken), \(Self.classToken) or \(Self.separatorToken)")
        }
        guard maximumSequenceLength >= 2 else {
            throw .invalidVocabulary(path: source, reason: "maximum sequence length \(maximumSequenceLength) leaves no room for [CLS] and [SEP]")
        }
        self.ids = ids
        self.tokens = tokens
        self.vocabularySize = tokens.count
        self.unknownID = unknown
        self.classID = cls
        self.separatorID = sep
        self.maximumSequenceLength = maximumSequenceLength
    }

    /// Reads `vocab.txt`: one token a line, the line number is the id.
    public init(vocabularyURL url: URL, maximumSequenceLength: Int = 256) throws(EmbeddingError) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .modelFileMissing(path: url.path)
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .invalidVocabulary(path: url.path, reason: "not readable as UTF-8 text")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        }
        if lines.last == "" { lines.removeLast() }
        try self.init(vocabulary: lines, maximumSequenceLength: maximumSequenceLength, source: url.path)
    }

    public func id(of token: String) -> Int32? { ids[token] }

    /// [CLS], the WordPiece ids of `text`, [SEP]; at most `maximumSequenceLength` ids.
    public func encode(_ text: String) -> [Int32] {
        var encoded: [Int32] = [classID]
        let budget = maximumSequenceLength - 2
        outer: for word in basicTokens(text) {
            for piece in wordPieceIDs(word) {
                if encoded.count - 1 == budget { break outer }
                encoded.append(piece)
            }
        }
        encoded.append(separatorID)
        return encoded
    }

    /// The WordPiece strings of `text`, without [CLS]/[SEP] or truncation.
    public func wordPieces(_ text: String) -> [String] {
        basicTokens(text).flatMap { wordPieceIDs($0).map { tokens[Int($0)] } }
    }

    // MARK: - Basic tokenisation

    /// The words BERT's BasicTokenizer produces: lowercased, accent-free,
    /// punctuation and CJK ideographs as words of their own.
    func basicTokens(_ text: String) -> [[Unicode.Scalar]] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
            if Self.isWhitespace(scalar) {
                cleaned.append(" ")
            } else if Self.isCJKIdeograph(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        var words: [[Unicode.Scalar]] = []
        for chunk in String(cleaned).unicodeScalars.split(separator: " ") {
            let folded = Self.lowercased(Array(chunk))
                .decomposedStringWithCanonicalMapping
                .unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
            var current: [Unicode.Scalar] = []
            for scalar in folded {
                if Self.isPunctuation(scalar) {
                    if !current.isEmpty { words.append(current) }
                    words.append([scalar])
                    current = []
                } else {
                    current.append(scalar)
                }
            }
            if !current.isEmpty { words.append(current) }
        }
        return words
    }

    /// Full Unicode lowercasing with the Final_Sigma rule, as the tokenizer
    /// the model was trained with does it: "ΟΔΟΣ" becomes "οδος", ending in
    /// ς, which is a different vocabulary entry from σ. `String.lowercased()`
    /// maps every Σ to σ.
    static func lowercased(_ scalars: [Unicode.Scalar]) -> String {
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" && endsWord(at: index, in: scalars) {
                result.unicodeScalars.append("\u{03C2}")
            } else {
                result += scalar.properties.lowercaseMapping
            }
        }
        return result
    }

    /// Unicode's Final_Sigma condition: a cased letter before (skipping
    /// case-ignorable marks), and none after.
    private static func endsWord(at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var before = index - 1
        while before >= 0, scalars[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0, scalars[before].properties.isCased else { return false }
        var after = index + 1
        while after < scalars.count, scalars[after].properties.isCaseIgnorable { after += 1 }
        return after == scalars.count || !scalars[after].properties.isCased
    }

    // MARK: - WordPiece

    /// Greedy longest match from the left; a word with any unmatched stretch
    /// is a single [UNK], which is how BERT was trained.
    func wordPieceIDs(_ word: [Unicode.Scalar]) -> [Int32] {
        if word.count > Self.maximumWordLength { return [unknownID] }
        var pieces: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var match: Int32?
            while start < end {
                var candidate = start > 0 ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = ids[candidate] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let match else { return [unknownID] }
            pieces.append(match)
            start = end
        }
        return pieces
    }

    // MARK: - Character classes (as BERT defines them, not as Foundation does)

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r": return true
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }

    /// Tab, newline and return count as whitespace; every other "C*" category goes.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\r": return false
        default:
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned: return true
            default: return false
            }
        }
    }

    /// All non-alphanumeric ASCII counts ("$", "^", "`" are symbols in Unicode
    /// but BERT splits them), plus every Unicode "P*" category.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value)
            || (91...96).contains(value) || (123...126).contains(value) {
            return true
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideograph blocks BERT isolates; Hangul and kana are
    /// deliberately not included, as in the original tokenizer.
    static func isCJKIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
