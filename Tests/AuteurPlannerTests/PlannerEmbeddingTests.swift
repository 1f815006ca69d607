import AuteurCore
import AuteurPlanner
import Foundation
import Testing

/// Words the lexicon does not know, read through all-MiniLM-L6-v2. These
/// tests need the model: without it they fail and say to run `make setup`.
@Suite("Planner: sentence embeddings for unknown words", .serialized)
struct PlannerEmbeddingTests {
    static func planner() throws -> NaturalLanguagePlanner {
        NaturalLanguagePlanner(encoder: try requireEncoder(), announcesNotice: false)
    }

    @Test("synonyms of catalog kinds create those kinds, and the reply says how the word was read")
    func kinds() throws {
        let planner = try Self.planner()
        for (turn, kind, word) in [("an automobile drives across the desert", "car", "automobile"),
                                   ("a pooch sits in a meadow", "dog", "pooch"),
                                   ("a vessel sails on the ocean", "boat", "vessel")] {
            var d = try Director(planner: planner)
            try d.say(turn)
            #expect(d.project.cast.map(\.kind.rawValue) == [kind], "\(turn)")
            #expect(d.reply?.text.contains(word) == true, "\(d.reply?.text ?? "")")
        }
    }

    @Test("'golden hour' relights to sunset, 'cyberpunk' restyles to neon, 'get rid of' removes")
    func phrasesAndIntents() throws {
        let planner = try Self.planner()
        var d = try Director(planner: planner)
        try d.say("a dog sits in a meadow")
        try d.say("make it golden hour")
        #expect(d.project.shots[0].environment.timeOfDay == .preset(.sunset), "\(d.reply?.text ?? "")")
        try d.say("make it cyberpunk")
        #expect(d.project.shots[0].environment.style == .neon, "\(d.reply?.text ?? "")")
        try d.say("get rid of the dog")
        #expect(d.project.cast.isEmpty, "\(d.reply?.text ?? "")")
        #expect(d.reply?.kind == .ok)
    }

    @Test("keyboard noise stays below the threshold: an error, nothing changed")
    func noiseIsNotGuessed() throws {
        let planner = try Self.planner()
        for turn in ["asdf qwerty zxcv", "blorp fnarg wizzle", "xq zzv plo"] {
            var d = try Director(planner: planner)
            try d.say(turn)
            #expect(d.reply?.kind == .error, "\(turn): \(d.reply?.text ?? "")")
            #expect(d.head == 0)
            #expect(d.reply?.text.contains("did not understand") == true)
        }
    }

    @Test("without the model the same words are reported as not understood, never guessed")
    func lexiconOnlySaysSo() throws {
        var d = try Director(planner: lexiconPlanner)
        try d.say("an automobile drives across the desert")
        #expect(d.reply?.kind == .warning)
        #expect(d.reply?.text.contains("\"automobile\"") == true, "\(d.reply?.text ?? "")")
        #expect(d.project.cast.isEmpty)
        try d.say("make it cyberpunk")
        #expect(d.reply?.kind == .error)
        #expect(d.reply?.text.contains("cyberpunk") == true)
    }

    @Test("the public cases still pass with the model loaded")
    func publicCasesWithModel() throws {
        let planner = try Self.planner()
        for c in publicCases {
            let failures = try Director.run(c, planner: planner)
            #expect(failures.isEmpty, "\(c.id): \(failures.joined(separator: "; "))")
        }
    }
}
