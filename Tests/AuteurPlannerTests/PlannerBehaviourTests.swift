import AuteurCore
import AuteurPlanner
import Foundation
import Testing

/// The ops themselves, for behaviours the case facts do not pin down.
private func ops(_ turn: String, _ project: Project, selection: Selection = Selection()) -> [Op] {
    if case .edit(let ops, _) = lexiconPlanner.plan(turn, context: PlanContext(project: project, selection: selection)) { return ops }
    return []
}

private func reply(_ turn: String, _ project: Project, selection: Selection = Selection()) -> Reply? {
    switch lexiconPlanner.plan(turn, context: PlanContext(project: project, selection: selection)) {
    case .edit(_, let r), .answer(let r): return r
    default: return nil
    }
}

private func scene(_ turns: String..., fps: Int = 24, seconds: Double = 6, attach: [String] = []) throws -> Project {
    var d = try Director(planner: lexiconPlanner, fps: fps, seconds: seconds, attach: attach)
    for t in turns { try d.say(t) }
    return d.project
}

private func relightScope(_ ops: [Op]) -> Scope? {
    for op in ops { if case .relight(let p) = op { return p.scope } }
    return nil
}

@Suite("Planner: scopes in words and from the selection")
struct PlannerScopeTests {
    @Test("frame, second, last-second and half phrases become frame ranges", arguments: [
        ("in frames 30-60 make it night", 30, 60),
        ("make it night in frames 30 to 60", 30, 60),
        ("from 2s to 4s make it night", 48, 95),
        ("make it night from 2 to 4 seconds", 48, 95),
        ("during the last second make it night", 120, 143),
        ("make it night for the last 2 seconds", 96, 143),
        ("in the first half make it night", 0, 71),
        ("night in the second half", 72, 143),
        ("make it night after 5 seconds", 120, 143),
        ("night for the first second", 0, 23),
    ])
    func frameWords(_ turn: String, _ start: Int, _ end: Int) throws {
        let p = try scene("a blue ball rolls across a meadow")
        #expect(relightScope(ops(turn, p))?.frames == FrameRange(start, end), "\(turn)")
    }

    @Test("words win over the selection; without words the selection scopes the edit")
    func wordsOverSelection() throws {
        let p = try scene("a red car drives from left to right across a desert at noon")
        let selection = Selection(frames: FrameRange(10, 20))
        #expect(relightScope(ops("make it night in frames 30-60", p, selection: selection))?.frames == FrameRange(30, 60))
        #expect(relightScope(ops("make it night", p, selection: selection))?.frames == FrameRange(10, 20))
        // "the whole thing" overrides the selection.
        #expect(relightScope(ops("make the whole thing night", p, selection: selection)) == nil)
    }

    @Test("'on the left' is the left half of the frame; 'the car on the left' is a reference")
    func regionWords() throws {
        let p = try scene("two cars race from right to left on a city street")
        #expect(relightScope(ops("make it night on the left", p))?.region == Region(x: 0, y: 0, w: 0.5, h: 1))
        let recolour = ops("make the car on the left blue", p)
        guard case .set(let s)? = recolour.first else { Issue.record("no recolour: \(recolour)"); return }
        #expect(s.scope == nil)
        // The leftmost car at the first frame (the cars enter from the right).
        let leftmost = p.evaluate(0).objects.min { $0.position.x < $1.position.x }!.id
        #expect(s.object == leftmost)
    }

    @Test("a camera move in words spans those frames; in the second shot, that shot's frames")
    func cameraAndShotScopes() throws {
        let p = try scene("a red car drives across a desert at noon, then cut to the car parked in front of a house at sunset")
        guard case .camera(let c)? = ops("zoom in during the last second", p).first else { Issue.record("no camera op"); return }
        #expect(c.frames == FrameRange(264, 287))
        #expect(relightScope(ops("make it night in the second shot", p))?.frames == p.frameRange(ofShot: 1))
    }
}

@Suite("Planner: references")
struct PlannerReferenceTests {
    @Test("'it' with two cars and no focus asks which, naming what tells them apart, and changes nothing")
    func ambiguityAsks() throws {
        var p = try scene("two cars race from right to left on a city street")
        p = try p.applying([.set(SetProperty(object: "car-1", property: .color, value: .color(RGBColor.named["red"]!))),
                            .set(SetProperty(object: "car-2", property: .color, value: .color(RGBColor.named["blue"]!)))])
        let plan = lexiconPlanner.plan("make it green", context: PlanContext(project: p))
        #expect(plan == .answer(Reply(.question, "Which car: the red one or the blue one?")))
    }

    @Test("a selected region that holds one object settles what 'it' means")
    func regionSettlesIt() throws {
        let p = try scene("a dog and a cat sit in a meadow")
        let dogX = p.evaluate(0).object("dog-1")!.position.x
        let region = dogX < 0.5 ? Region(x: 0, y: 0, w: 0.5, h: 1) : Region(x: 0.5, y: 0, w: 0.5, h: 1)
        let result = ops("make it black", p, selection: Selection(region: region))
        guard case .set(let s)? = result.first else { Issue.record("no op: \(result)"); return }
        #expect(s.object == "dog-1")
    }

    @Test("'both', 'them', 'the other ball', 'the red one' and 'the first car' pick the right objects")
    func namedReferences() throws {
        let balls = try scene("a red ball and a blue ball in a studio")
        func recoloured(_ ops: [Op]) -> [ObjectID] { ops.compactMap { if case .set(let s) = $0 { return s.object } else { return nil } } }
        #expect(Set(recoloured(ops("make both balls green", balls))) == ["ball-1", "ball-2"])
        #expect(Set(recoloured(ops("paint them white", balls))) == ["ball-1", "ball-2"])
        #expect(recoloured(ops("make the red one yellow", balls)) == ["ball-1"])
        #expect(recoloured(ops("make the red ball pink and the other ball black", balls)) == ["ball-1", "ball-2"])
        #expect(recoloured(ops("make the second ball orange", balls)) == ["ball-2"])
        #expect(reply("make the green ball red", balls)?.kind == .error)
    }

    @Test("what the turn just made is what 'it' means later in the same turn")
    func itWithinTurn() throws {
        let p = try scene("a dog sits in a meadow")
        let result = ops("add a cat next to the dog and make it black", p)
        let recoloured = result.compactMap { if case .set(let s) = $0 { return s.object } else { return nil } }
        #expect(recoloured == ["cat-1"])
    }
}

@Suite("Planner: replies")
struct PlannerReplyTests {
    @Test("an ok reply says what changed, with the scope")
    func okSaysWhatChanged() throws {
        let p = try scene("a red car drives from left to right across a desert at noon")
        let r = reply("make it sunset and make the car a vintage convertible", p, selection: Selection(frames: FrameRange(48, 95)))
        #expect(r == Reply(.ok, "Sunset light on frames 48-95; the car is now a vintage convertible on frames 48-95."))
    }

    @Test("a file that is not attached is an error that names it")
    func missingFileNamed() throws {
        let p = try scene("a house in a meadow", attach: ["ref.png"])
        let r = reply("make it look like sunset.png", p)
        #expect(r?.kind == .error)
        #expect(r?.text.contains("sunset.png is not attached") == true, "\(r?.text ?? "")")
        #expect(r?.text.contains("ref.png") == true)
    }

    @Test("half-understood turns do what they can and warn about the rest")
    func partialIsWarning() throws {
        let p = try scene("a dog sits in a meadow")
        let r = reply("make it night and flurbish the dog", p)
        #expect(r?.kind == .warning)
        #expect(r?.text.contains("flurbish") == true)
    }

    @Test("an impossible request is done in a stylised way and says so")
    func impossibleWarns() throws {
        let p = try scene("a glass sits on a table in a kitchen")
        let r = reply("make the glass fall upward", p)
        #expect(r?.kind == .warning)
        #expect(r?.text.contains("upward") == true)
    }

    @Test("replies are one line even when the turn has many lines")
    func oneLine() throws {
        let r = reply("a red car\ndrives left to right\n\nat noon", Project())
        #expect(r?.kind == .ok)
        #expect(r?.text.contains("\n") == false)
    }
}

@Suite("Planner: history, notice and limits")
struct PlannerHistoryTests {
    @Test("history words plan history moves", arguments: [
        ("undo", Plan.undo), ("Undo that, please", .undo), ("take that back", .undo), ("redo", .redo),
        ("go back to revision 3", .checkout(3)), ("revert to version 2", .checkout(2)), ("revision 4", .checkout(4)),
    ])
    func historyWords(_ turn: String, _ plan: Plan) {
        #expect(lexiconPlanner.plan(turn, context: PlanContext(project: Project())) == plan)
    }

    @Test("'another take' reseeds the scope it is given")
    func anotherTake() throws {
        let p = try scene("a dog sits in a meadow")
        #expect(ops("another take", p) == [.reseed(Reseed())])
        #expect(ops("another take in frames 10-20", p) == [.reseed(Reseed(scope: Scope(frames: FrameRange(10, 20))))])
    }

    @Test("without embeddings the first reply says so once; later replies do not")
    func noticeOnce() {
        let planner = NaturalLanguagePlanner(encoder: nil, reason: "model not found")
        #expect(planner.notice?.contains("Embeddings are off") == true)
        #expect(planner.notice?.contains("model not found") == true)
        let context = PlanContext(project: Project())
        guard case .edit(_, let first) = planner.plan("a dog in a meadow", context: context),
              case .edit(_, let second) = planner.plan("a dog in a meadow", context: context) else {
            Issue.record("expected edits")
            return
        }
        #expect(first.text.contains("Embeddings are off"))
        #expect(!second.text.contains("Embeddings are off"))
        #expect(NaturalLanguagePlanner(encoder: nil, announcesNotice: false).plan("a dog", context: context)
            == lexiconPlanner.plan("a dog", context: context))
    }

    @Test("counts and lengths beyond the limits are capped, with a warning")
    func limits() throws {
        var d = try Director(planner: lexiconPlanner)
        try d.say("add 50 birds")
        #expect(d.project.cast.count == 20)
        #expect(d.reply?.kind == .warning)
        try d.say("make it 500 seconds long")
        #expect(d.project.seconds == Double(Canvas.limits.maxSeconds))
        #expect(d.reply?.kind == .warning)
    }

    @Test("an edit on an empty project changes nothing and says why")
    func emptyProject() {
        guard case .answer(let r) = lexiconPlanner.plan("make the car blue", context: PlanContext(project: Project())) else {
            Issue.record("expected an answer")
            return
        }
        #expect(r.kind == .error)
        #expect(r.text.contains("no car"))
    }
}

@Suite("Planner: staging")
struct PlannerStagingTests {
    private func body(_ p: Project, _ id: ObjectID) -> (Placement, CastMember)? {
        for s in p.shots { if let pl = s.placements.first(where: { $0.object == id }), let m = p.member(id) { return (pl, m) } }
        return nil
    }

    @Test("a dropped ball is a bouncy body above the floor; a shattering glass breaks on a hard landing")
    func physicsBodies() throws {
        let ball = try scene("a yellow ball drops onto the floor of a studio and bounces")
        let (pb, mb) = try #require(body(ball, "ball-1"))
        #expect(pb.physics?.dynamic == true && (pb.physics?.restitution ?? 0) >= 0.5)
        #expect(pb.position.value(at: 0, fallback: Point2(0, 1)).y + mb.size / 2 < 0.7)

        let glass = try scene("a glass falls off a table and shatters on the floor")
        let (pg, mg) = try #require(body(glass, "glass-1"))
        #expect(pg.physics?.shatters == true)
        // Falling from its start to the floor must beat the renderer's
        // shatter speed (1.2 frame heights per second at 4.9 per second squared).
        let drop = 0.8 - (pg.position.value(at: 0, fallback: Point2(0, 1)).y + mg.size / 2)
        #expect((2 * 4.9 * drop).squareRoot() > 1.2)
    }

    @Test("falling upward reverses gravity just enough to stay in frame")
    func fallUpwardStaysInFrame() throws {
        var d = try Director(planner: lexiconPlanner)
        try d.say("a glass sits on a table in a kitchen")
        try d.say("make the glass fall upward")
        let (pl, m) = try #require(body(d.project, "glass-1"))
        let g = try #require(pl.physics?.gravity)
        #expect(g < 0)
        let y0 = pl.position.value(at: 0, fallback: Point2(0, 0)).y
        let end = y0 + 0.5 * 4.9 * g * d.project.seconds * d.project.seconds
        #expect(end < y0 - 0.2 && end > m.size / 2 - 0.01)
        // The glass keeps its identity.
        #expect(d.project.member("glass-1")?.seed == d.before.member("glass-1")?.seed)
    }

    @Test("re-blocking keeps the identity, other shots, audio and scoped edits")
    func reblockingKeepsEverything() throws {
        var d = try Director(planner: lexiconPlanner, attach: ["beat.wav"])
        try d.say("a red ball rolls across a meadow, then cut to the ball in a studio")
        try d.say("make the ball pulse to beat.wav")
        try d.say("make the ball blue in frames 10-20")
        let before = d.project
        try d.say("make the ball bounce")
        let after = d.project
        #expect(after.member("ball-1")?.seed == before.member("ball-1")?.seed)
        #expect(after.member("ball-1")?.audio == before.member("ball-1")?.audio)
        #expect(after.shots.allSatisfy { s in s.placements.contains { $0.object == "ball-1" } })
        #expect(after.evaluate(15).object("ball-1")?.color == RGBColor.named["blue"])
    }

    @Test("several movers get separate lanes, so none hides another")
    func lanes() throws {
        let p = try scene("three birds fly from left to right over the ocean")
        let starts = p.evaluate(0).objects.map(\.position)
        for (i, a) in starts.enumerated() {
            for b in starts[(i + 1)...] { #expect(abs(a.x - b.x) + abs(a.y - b.y) > 0.05) }
        }
    }
}

@Suite("Planner: the fact checker itself")
struct PlannerFactCheckerTests {
    @Test("wrong facts are reported, so passing cases mean something")
    func rejectsWrongFacts() throws {
        let yaml = """
        - id: wrong
          turns: ["a red car drives from left to right across a desert at noon"]
          expect:
            - exists: {kind: car, color: blue}
            - moves: {kind: car, direction: right-to-left}
            - setting: beach
            - time_of_day: night
            - count: {kind: car, n: 2}
            - reply: error
            - bounces: {kind: car}
            - camera: {move: pan-left}
        """
        let c = try #require(try EvalCase.load(yaml).first)
        let failures = try Director.run(c, planner: lexiconPlanner)
        #expect(failures.count == c.facts.count, "\(failures)")
    }
}
