import AuteurPlanner
import Foundation
import Testing

@Suite("WordPiece tokenizer")
struct WordPieceTokenizerTests {
    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello", "world", "don", "'", "t", "stop", "!",
        "un", "##aff", "##able", "cafe", "東", "京", ",", "a", "##a", "$", "fade",
        "οδος", "σας",
    ]

    func tokenizer(maximumSequenceLength: Int = 256) throws -> WordPieceTokenizer {
        try WordPieceTokenizer(vocabulary: Self.vocabulary, maximumSequenceLength: maximumSequenceLength)
    }

    @Test("lowercases and strips accents, so Héllo WÖRLD matches the uncased vocabulary")
    func accents() throws {
        #expect(try tokenizer().wordPieces("Héllo WÖRLD") == ["hello", "world"])
        // Precomposed and decomposed é must tokenise alike.
        #expect(try tokenizer().wordPieces("Caf\u{E9}") == ["cafe"])
        #expect(try tokenizer().wordPieces("Cafe\u{301}") == ["cafe"])
    }

    @Test("a capital sigma ending a word lowercases to ς, elsewhere to σ")
    func finalSigma() throws {
        #expect(try tokenizer().wordPieces("ΟΔΟΣ ΣΑΣ!") == ["οδος", "σας", "!"])
        #expect(try tokenizer().wordPieces("ΟΔΟΣΑ") == ["[UNK]"])
    }

    @Test("every punctuation mark, ASCII symbols included, is a word of its own")
    func punctuation() throws {
        #expect(try tokenizer().wordPieces("don't stop!") == ["don", "'", "t", "stop", "!"])
        #expect(try tokenizer().wordPieces("hello,world$") == ["hello", ",", "world", "$"])
    }

    @Test("greedy longest match splits a word into ## continuation pieces")
    func continuationPieces() throws {
        #expect(try tokenizer().wordPieces("unaffable") == ["un", "##aff", "##able"])
        #expect(try tokenizer().wordPieces("aaa") == ["a", "##a", "##a"])
    }

    @Test("a word with an unmatched stretch, or over 100 characters, is one [UNK]")
    func unknownWords() throws {
        #expect(try tokenizer().wordPieces("unaffablex hello") == ["[UNK]", "hello"])
        #expect(try tokenizer().wordPieces("zebra") == ["[UNK]"])
        let long = String(repeating: "a", count: 101)
        #expect(try tokenizer().wordPieces(long) == ["[UNK]"])
        #expect(try tokenizer().wordPieces(String(repeating: "a", count: 100)).count == 100)
    }

    @Test("CJK ideographs are split apart even without spaces")
    func cjk() throws {
        #expect(try tokenizer().wordPieces("hello東京") == ["hello", "東", "京"])
    }

    @Test("control characters vanish and every Unicode space separates words")
    func controlAndWhitespace() throws {
        #expect(try tokenizer().wordPieces("hel\u{7}lo\u{200B}") == ["hello"])
        #expect(try tokenizer().wordPieces("hello\u{A0}world\tfade\r\nstop") == ["hello", "world", "fade", "stop"])
        #expect(try tokenizer().wordPieces(" \n ").isEmpty)
    }

    @Test("encode wraps ids in [CLS] … [SEP] and truncates to the maximum length")
    func encodeAndTruncate() throws {
        let short = try tokenizer()
        #expect(short.encode("hello world") == [2, 4, 5, 3])
        #expect(short.encode("") == [2, 3])
        let truncating = try tokenizer(maximumSequenceLength: 5)
        #expect(truncating.encode("hello world hello world hello") == [2, 4, 5, 4, 3])
    }

    @Test("a vocabulary without the special tokens is refused with a one-line reason")
    func missingSpecialTokens() {
        #expect(throws: EmbeddingError.self) {
            try WordPieceTokenizer(vocabulary: ["hello", "world"])
        }
        do {
            _ = try WordPieceTokenizer(vocabulary: ["hello"], source: "vocab.txt")
        } catch {
            #expect(error.description == "invalid vocabulary vocab.txt: it lacks [UNK], [CLS] or [SEP]")
        }
    }

    @Test("hello world gets the ids its lines in the real vocab.txt give it")
    func realVocabularyIDs() throws {
        let directory = try requireModelDirectory()
        let vocabularyURL = directory.appendingPathComponent("vocab.txt")
        let lines = try String(contentsOf: vocabularyURL, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let tokenizer = try WordPieceTokenizer(vocabularyURL: vocabularyURL)
        let expected = ["[CLS]", "hello", "world", "[SEP]"].map { Int32(lines.firstIndex(of: $0)!) }
        #expect(tokenizer.encode("Hello, world!") != tokenizer.encode("hello world"))
        #expect(tokenizer.encode("hello world") == expected)
        // The published ids of bert-base-uncased's vocabulary, which MiniLM shares.
        #expect(expected == [101, 7592, 2088, 102])
    }
}
