import AuteurCore
import Foundation

/// Reads a chat turn in English into scene ops.
///
/// Reading goes in stages, each working on the output of the last:
/// `TurnText` cleans and tokenizes; `Reader` gives each word or fixed
/// phrase its senses from the `Lexicon` (inflections stripped), and the
/// sentence encoder, when loaded, reads words the lexicon lacks by their
/// nearest label; `ScopeReader` takes out scope phrases ("from 2s to 4s");
/// `Grammar` cuts clauses and chunks noun phrases; then each clause is a
/// description (things to create and stage) or a command (a verb and its
/// complement), turned into ops checked against the project as they go.
///
/// Planning is a pure function of the turn and its context: what "it"
/// means is read from the project and from the turn itself, never from
/// earlier turns held in memory.
public struct NaturalLanguagePlanner: Planner {
    public let encoder: SentenceEncoder?
    /// Set when the planner runs without embeddings: a line for the person,
    /// shown once. The planner adds it to its first reply itself unless it
    /// was made with `announcesNotice: false` (then the session shows it).
    public let notice: String?
    private let index: SemanticIndex?
    private let gate: NoticeGate?

    /// `encoder`: nil plans from the lexicon only. `reason`: why there is
    /// no encoder (an `EmbeddingError`'s description), for the notice.
    public init(encoder: SentenceEncoder?, announcesNotice: Bool = true, reason: String? = nil) {
        self.encoder = encoder
        self.index = encoder.map(SemanticIndex.shared(for:))
        if encoder == nil {
            notice = "Embeddings are off" + (reason.map { " (\($0))" } ?? "") + ", so only words in the built-in lexicon are understood."
        } else {
            notice = nil
        }
        gate = encoder == nil && announcesNotice ? NoticeGate() : nil
    }

    /// A planner with the model from its default location, or lexicon-only
    /// with a notice saying why.
    public static func loadingDefaultModel(announcesNotice: Bool = true) -> NaturalLanguagePlanner {
        switch SentenceEncoder.loadDefault() {
        case .success(let encoder): return NaturalLanguagePlanner(encoder: encoder, announcesNotice: announcesNotice)
        case .failure(let error): return NaturalLanguagePlanner(encoder: nil, announcesNotice: announcesNotice, reason: error.description)
        }
    }

    public func plan(_ turn: String, context: PlanContext) -> Plan {
        let plan = read(turn, context: context)
        guard let gate, let notice else { return plan }
        switch plan {
        case .edit(let ops, let reply):
            guard gate.open() else { return plan }
            return .edit(ops, Reply(reply.kind, reply.text + " " + notice))
        case .answer(let reply):
            guard gate.open() else { return plan }
            return .answer(Reply(reply.kind, reply.text + " " + notice))
        default:
            return plan
        }
    }

    // MARK: Reading

    static let example = "for example: a red car drives from left to right across a desert at noon"

    private func read(_ raw: String, context: PlanContext) -> Plan {
        // Long input is rejected before any work proportional to its size.
        if raw.utf8.count > TurnText.maximumCharacters * 4 {
            return .answer(Reply(.error, "Nothing changed: that turn is \(raw.utf8.count) bytes long; say it in a sentence or two (up to \(TurnText.maximumCharacters) characters)."))
        }
        let text = TurnText.sanitize(raw)
        if text.count > TurnText.maximumCharacters {
            return .answer(Reply(.error, "Nothing changed: that turn is \(text.count) characters long; say it in a sentence or two (up to \(TurnText.maximumCharacters))."))
        }
        let tokens = TurnText.tokenize(text)
        if !tokens.contains(where: { $0.shape != .punctuation }) {
            return .answer(Reply(.error, "Nothing changed: the turn has no words; say what to make or change, \(Self.example)."))
        }
        var lexemes = Reader.read(tokens)
        if let history = History.plan(lexemes) { return history }
        if let index, let encoder { Meaning.resolveUnknown(&lexemes, index: index, encoder: encoder) }

        let scope = ScopeReader.read(&lexemes, project: context.project)
        var turn = Turn(context: context, lexemes: lexemes, scope: scope)
        turn.run(Grammar.clauses(lexemes))
        return turn.conclusion()
    }
}

/// Opens once per planner: the notice goes with the first reply only.
private final class NoticeGate: @unchecked Sendable {
    private let lock = NSLock()
    private var opened = false
    func open() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if opened { return false }
        opened = true
        return true
    }
}

/// "undo", "redo", "take that back", "go back to revision 3".
enum History {
    private static let ignorable: Set<String> = [
        "the", "that", "this", "it", "last", "previous", "change", "changes", "edit", "edits", "step", "please", "now", "one",
        "my", "turn", "thing", "again", "just", "back", "to", "revision", "version", "rev", "number", "oh", "ok", "okay",
        "actually", "sorry", "i", "want", "a", "an", "of", "let's", "lets", "can", "you", "could", "go", "hmm", "no",
        "undo", "redo", "and", "then", "what", "did", "wait", "latest", "most", "recent", "last change", "do",
    ]

    static func plan(_ lexemes: [Lexeme]) -> Plan? {
        let words = lexemes.filter { !$0.has { if case .conjunction = $0 { return true } else { return false } } }
        guard let first = words.first(where: { !ignorableLead($0) }) ?? words.first else { return nil }
        let command = first.first { if case .command(let c) = $0, [.undo, .redo, .revert, .checkout].contains(c) { return c } else { return nil } }
        guard let command else {
            // "revision 3", "version 2": a checkout said as a noun.
            if words.count <= 3, words.contains(where: { $0.has { $0 == .revision } }), let n = number(words) { return .checkout(n) }
            return nil
        }
        let rest = words.filter { $0.lower != first.lower }
        let allIgnorable = rest.allSatisfy { l in ignorable.contains(l.lower) || l.has { if case .number = $0 { return true } else { return false } } }
        guard allIgnorable else { return nil }
        switch command {
        case .undo: return .undo
        case .redo: return .redo
        case .revert, .checkout:
            if let n = number(rest) { return .checkout(n) }
            return .undo
        default: return nil
        }
    }

    private static func ignorableLead(_ l: Lexeme) -> Bool {
        ["please", "now", "ok", "okay", "oh", "hmm", "actually", "sorry", "no", "wait", "just", "can", "could", "you", "let's", "lets", "i", "want", "to"].contains(l.lower)
    }

    private static func number(_ words: [Lexeme]) -> Int? {
        for w in words {
            if let v = w.first({ if case .number(let v) = $0 { return v } else { return nil } }), v >= 0, v == v.rounded(), v < 1e9 { return Int(v) }
        }
        return nil
    }
}

/// Reads words the lexicon does not know through the sentence encoder.
enum Meaning {
    /// Senses that already say which time, look or weather is meant.
    private static func carriesValue(_ s: Sense) -> Bool {
        switch s {
        case .time, .style, .weather, .colour, .setting, .article, .demonstrative, .pronoun, .preposition, .quantity, .number,
             .command, .every, .both, .conjunction, .relation:
            return true
        default:
            return false
        }
    }

    static func resolveUnknown(_ lexemes: inout [Lexeme], index: SemanticIndex, encoder: SentenceEncoder) {
        // Runs of adjacent unknown words are read as one phrase first
        // ("golden hour", "get rid"), then word by word.
        var runs: [[Int]] = []
        var current: [Int] = []
        // Labels ("labelled API and Orders") are text to show, not words to read.
        var inLabel = false
        for (i, l) in lexemes.enumerated() {
            if l.has({ $0 == .labelMarker }) { inLabel = true; if !current.isEmpty { runs.append(current); current = [] }; continue }
            if inLabel {
                if l.isUnknown || l.has({ $0 == .conjunction(.and) || $0 == .conjunction(.comma) }) || l.text.count <= 2 { continue }
                inLabel = false
            }
            let word = l.isUnknown && l.text.contains(where: \.isLetter)
            if word { current.append(i) } else if !current.isEmpty { runs.append(current); current = [] }
        }
        if !current.isEmpty { runs.append(current) }
        // "golden hour", "moody look": a describing word before a noun for
        // light or look may name a time or a style the lexicon lacks, even
        // when each word alone is known.
        var pairs: [Int] = []
        for i in lexemes.indices.dropLast() where lexemes[i + 1].has({ $0 == .aspect(.lighting) || $0 == .aspect(.look) || $0 == .aspect(.style) })
            && lexemes[i].text.allSatisfy(\.isLetter) && !lexemes[i].isUnknown && !lexemes[i].has(carriesValue) {
            pairs.append(i)
        }
        guard !runs.isEmpty || !pairs.isEmpty else { return }
        // A pasted paragraph of unknown words is not worth a model call each.
        let limited = Array(runs.prefix(8)).map { Array($0.prefix(4)) }
        var phrases: [String] = []
        for run in limited {
            phrases.append(run.map { lexemes[$0].text }.joined(separator: " "))
            if run.count > 1 { for i in run { phrases.append(lexemes[i].text) } }
        }
        let pairList = Array(pairs.prefix(4))
        for i in pairList { phrases.append(lexemes[i].text + " " + lexemes[i + 1].text) }
        let vectors = encoder.embed(phrases)
        for (n, i) in pairList.enumerated() {
            guard let (label, _) = index.reading(of: vectors[vectors.count - pairList.count + n]) else { continue }
            switch label.sense {
            case .time, .style, .weather:
                let text = lexemes[i].text + " " + lexemes[i + 1].text
                lexemes[i].senses = [label.sense]
                lexemes[i].reading = (text, label.name)
                lexemes[i + 1].senses = [.filler]
            default:
                continue
            }
        }
        var k = 0
        for run in limited {
            let whole = vectors[k]
            k += 1
            var singles: [[Float]] = []
            if run.count > 1 { for _ in run { singles.append(vectors[k]); k += 1 } }
            if let (label, _) = index.reading(of: whole) {
                let text = run.map { lexemes[$0].text }.joined(separator: " ")
                lexemes[run[0]].senses = [label.sense]
                lexemes[run[0]].reading = (text, label.name)
                lexemes[run[0]].lower = text.lowercased()
                for i in run.dropFirst() { lexemes[i].senses = [.filler] }
                continue
            }
            for (j, i) in run.enumerated() where run.count > 1 {
                if let (label, _) = index.reading(of: singles[j]) {
                    lexemes[i].senses = [label.sense]
                    lexemes[i].reading = (lexemes[i].text, label.name)
                }
            }
        }
    }
}

extension Turn {
    mutating func run(_ clauses: [Clause]) {
        var previous: Command?
        for var clause in clauses {
            if question != nil { return }
            for np in clause.phrases where !np.labels.isEmpty { labelIndices.formUnion(np.range) }
            let f = features(clause)
            let hasVerb = f.has { s in
                switch s {
                case .motion, .still, .talk, .connect: return true
                default: return false
                }
            }
            // "make the car red and the truck blue": the second clause shares the verb.
            if clause.command == nil, !clause.startsShot, let p = previous, !clause.phrases.isEmpty, !hasVerb,
               !clause.phrases.contains(where: \.isIndefinite) || p == .add {
                clause.command = p
            }
            if let c = clause.command, !clause.startsShot {
                command(c, clause, f)
                previous = c
            } else if isDescription(clause, f) {
                describe(clause, f)
                previous = nil
            } else {
                adjust(clause, f, .make)
                previous = nil
            }
        }
    }

    /// The plan and its one-line reply.
    func conclusion() -> Plan {
        if let q = question { return .answer(Reply(.question, q)) }
        let unknown = unknownWords()
        let unknownNote = unknown.isEmpty ? nil : "I did not understand " + Replies.list(unknown.prefix(5).map(\.quotedForReply)) + (unknown.count > 5 ? " and \(unknown.count - 5) more" : "")
        let readings = lexemes.compactMap { l in l.reading.map { "reading \($0.word.quotedForReply) as \($0.as)" } }
        guard !ops.isEmpty else {
            if let why = failures.first {
                return .answer(Reply(.error, Replies.sentence(["Nothing changed: " + why] + (unknownNote.map { [$0] } ?? []))))
            }
            if let unknownNote { return .answer(Reply(.error, Replies.sentence(["Nothing changed: " + unknownNote]))) }
            return .answer(Reply(.error, Replies.sentence(["Nothing changed: I found nothing to make or change in that; say what to make or change, \(NaturalLanguagePlanner.example)"])))
        }
        // The whole turn must apply to the project as it was.
        do {
            _ = try context.project.applying(ops.map(Turn.applicable))
        } catch {
            return .answer(Reply(.error, Replies.sentence(["Nothing changed: \(error)"])))
        }
        var parts = said
        parts += warnings.map { "note: " + $0 }
        parts += failures.map { "not done: " + $0 }
        if let unknownNote { parts.append(unknownNote) }
        parts += readings
        if said.isEmpty { parts.insert("Done", at: 0) }
        let kind: Reply.Kind = warnings.isEmpty && failures.isEmpty && unknown.isEmpty ? .ok : .warning
        var text = Replies.sentence(parts)
        if text.count > 400 { text = String(text.prefix(399)) + "…" }
        return .edit(ops, Reply(kind, text))
    }
}
