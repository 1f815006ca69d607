import AuteurCore
import AuteurPlanner
import Foundation
import Testing

/// Any input gets a one-line reply, never a crash, and any ops the planner
/// returns apply to the project they were planned for.
@Suite("Planner: robustness")
struct PlannerRobustnessTests {
    /// Projects to plan against: empty, busy with several shots, with media.
    static func contexts() throws -> [Project] {
        var d = try Director(planner: lexiconPlanner, attach: ["voice.wav", "ref.png"])
        try d.say("two cars race from right to left on a city street at night")
        try d.say("a red ball and a white box sit on a table, then cut to a house with a tree next to it at dawn")
        try d.say("a person talks in an office, lip-synced to voice.wav")
        return [Project(), d.project, try Director(planner: lexiconPlanner, fps: 30, seconds: 1).project]
    }

    /// Checks the contract for one planned turn; returns what broke.
    static func violation(_ plan: Plan, _ project: Project) -> String? {
        func lineProblem(_ r: Reply) -> String? {
            if r.text.isEmpty { return "empty reply" }
            if r.text.contains(where: { $0.isNewline }) { return "reply spans lines: \(r.text.debugDescription)" }
            if r.text.count > 500 { return "reply of \(r.text.count) characters" }
            if r.text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{1B}" }) { return "control characters in the reply" }
            return nil
        }
        switch plan {
        case .edit(let ops, let reply):
            if ops.isEmpty { return "an edit with no ops" }
            if reply.kind == .question || reply.kind == .error { return "an edit that replies \(reply.kind)" }
            if let p = lineProblem(reply) { return p }
            do { _ = try project.applying(Director.resolved(ops)) } catch { return "ops do not apply: \(error)" }
            return nil
        case .answer(let reply):
            if reply.kind == .ok || reply.kind == .warning { return "an answer that replies \(reply.kind)" }
            return lineProblem(reply)
        case .undo, .redo, .checkout:
            return nil
        }
    }

    static let vocabulary: [String] = [
        "a", "the", "two", "three", "red", "blue", "green", "car", "cars", "ball", "it", "them", "both", "other", "one",
        "make", "paint", "remove", "add", "replace", "with", "into", "drives", "falls", "bounces", "upward", "from", "left",
        "to", "right", "in", "frames", "30-60", "2s", "4s", "last", "second", "first", "half", "sunset", "night", "rain",
        "stop", "noir", "pan", "zoom", "shake", "follow", "faster", "bigger", "longer", "seconds", "8", "undo", "redo",
        "revision", "3", "another", "take", "voice.wav", "ref.png", "missing.png", "look", "like", "lip-synced", "labelled",
        "'DB'", "\"A\"", "and", "then", "cut", ",", ".", "desert", "ocean", "bird", "flies", "toward", "camera", "shatters",
        "glass", "table", "on", "under", "next", "both", "of", "50", "-", "999999", "0", "half", "a lot", "slowly",
    ]

    static func randomTurn(_ g: inout SeededGenerator) -> String {
        func pick<T>(_ a: [T]) -> T { a[Int(g.next() % UInt64(a.count))] }
        switch g.next() % 6 {
        case 0:
            // Random bytes, decoded as UTF-8 with replacement characters.
            let n = Int(g.next() % 64)
            return String(decoding: (0..<n).map { _ in UInt8(truncatingIfNeeded: g.next()) }, as: UTF8.self)
        case 1:
            // Scalars from many scripts, controls, joiners, emoji.
            let ranges: [ClosedRange<UInt32>] = [0x0...0x7F, 0x80...0x24F, 0x370...0x3FF, 0x400...0x4FF, 0x590...0x6FF, 0x900...0x97F,
                                                 0x3040...0x30FF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0x1F300...0x1FAFF, 0x200B...0x202E]
            let n = Int(g.next() % 40)
            var s = String.UnicodeScalarView()
            for _ in 0..<n {
                let r = pick(ranges)
                if let u = Unicode.Scalar(r.lowerBound + UInt32(g.next() % UInt64(r.count))) { s.append(u) }
            }
            return String(s)
        case 2:
            let escapes = ["\u{1B}[31m", "\u{1B}[0m", "\u{1B}]0;title\u{07}", "\u{1B}[2J", "\r\n", "\t", "\u{0}", "\u{7F}", "\u{1B}"]
            return (0..<Int(g.next() % 8)).map { _ in g.next() % 2 == 0 ? pick(escapes) : pick(vocabulary) }.joined(separator: " ")
        default:
            // Word salad from words the planner knows.
            return (0..<Int(1 + g.next() % 14)).map { _ in pick(vocabulary) }.joined(separator: " ")
        }
    }

    @Test("10,000 random turns: a one-line reply each, and ops that apply")
    func fuzz() throws {
        let projects = try Self.contexts()
        var g = SeededGenerator(seed: 0xA07E_0005)
        var failures: [String] = []
        var edits = 0
        for k in 0..<10_000 {
            let turn = Self.randomTurn(&g)
            let project = projects[k % projects.count]
            var selection = Selection()
            switch g.next() % 5 {
            case 0: selection.frames = FrameRange(Int(g.next() % 400), Int(g.next() % 400))
            case 1: selection.region = Region(x: 0, y: 0, w: 0.5, h: 1)
            default: break
            }
            let plan = lexiconPlanner.plan(turn, context: PlanContext(project: project, selection: selection))
            if case .edit = plan { edits += 1 }
            if let v = Self.violation(plan, project) { failures.append("\(turn.debugDescription): \(v)") }
            if failures.count > 5 { break }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        // The salad must reach the editing paths, not only the refusals.
        #expect(edits > 1_000, "only \(edits) of 10,000 turns planned edits")
    }

    @Test("hostile inputs each get a reply", arguments: [
        "", " ", "\n\n\t", String(repeating: "a", count: 100_000), String(repeating: "red car ", count: 12_500),
        String(repeating: "a red car and ", count: 140), "\u{1B}[31mmake it red\u{1B}[0m", "\u{0}\u{1}\u{2}make\u{7}it\u{8} night",
        "車が左から右へ走る", "سيارة حمراء", "🚗💨🌅", "make it \u{202E}der\u{202C}", "'", "\"", "'''", "a box labelled '",
        "frames 99999-999999 make it night", "from 9s to 2s make it night", "the last 500 seconds make it dusk",
        "make it 100000 seconds long", "make it 0 seconds long", "make it -4 seconds longer", "add 1000 cars",
        "zoom in 1e308 times", "revision 99999999999999999999", "go back to revision -1", "undo undo undo",
        "make it look like", "in front of .png", "lip-sync to .wav", "make the the the", "and and and then then ,,,",
    ])
    func hostile(_ turn: String) throws {
        for project in try Self.contexts() {
            let plan = lexiconPlanner.plan(turn, context: PlanContext(project: project))
            #expect(Self.violation(plan, project) == nil, "\(turn.prefix(60).debugDescription): \(Self.violation(plan, project) ?? "")")
        }
    }

    @Test("the same turn and context always give the same plan")
    func deterministic() throws {
        let projects = try Self.contexts()
        var g = SeededGenerator(seed: 7)
        for k in 0..<300 {
            let turn = Self.randomTurn(&g)
            let context = PlanContext(project: projects[k % projects.count])
            #expect(lexiconPlanner.plan(turn, context: context) == lexiconPlanner.plan(turn, context: context), "\(turn.debugDescription)")
        }
    }

    @Test("a hundred kilobyte turn is refused with a reason, quickly")
    func hugeTurn() {
        let plan = lexiconPlanner.plan(String(repeating: "make it red ", count: 9_000), context: PlanContext(project: Project()))
        guard case .answer(let reply) = plan else { Issue.record("expected an answer, got \(plan)"); return }
        #expect(reply.kind == .error)
        #expect(reply.text.contains("sentence or two"))
    }
}
