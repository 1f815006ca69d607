import AuteurCore
import AuteurPlanner
import Foundation
import Testing

// MARK: - A minimal reader for the planner-eval case format

/// The YAML subset the case files use: a list of maps whose values are
/// scalars, flow lists `[a, "b"]`, flow maps `{k: v}` or block lists.
/// (Yams is not a dependency of the planner; this is test code only.)
indirect enum CaseValue: Equatable, CustomStringConvertible {
    case scalar(String)
    case list([CaseValue])
    case map([(String, CaseValue)])

    static func == (a: CaseValue, b: CaseValue) -> Bool { a.description == b.description }

    var description: String {
        switch self {
        case .scalar(let s): return s
        case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        }
    }

    var string: String? { if case .scalar(let s) = self { return s } else { return nil } }
    var list: [CaseValue] { if case .list(let l) = self { return l } else { return [] } }
    subscript(key: String) -> CaseValue? {
        if case .map(let m) = self { return m.first { $0.0 == key }?.1 }
        return nil
    }
}

enum CaseYAML {
    struct ParseError: Error, CustomStringConvertible { var description: String }

    static func parse(_ text: String) throws -> [CaseValue] {
        var cases: [CaseValue] = []
        var current: [(String, CaseValue)]?
        var blockKey: String?
        var blockItems: [CaseValue] = []
        func closeBlock() {
            if let k = blockKey { current?.append((k, .list(blockItems))) }
            blockKey = nil
            blockItems = []
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = stripComment(String(raw))
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let indent = line.prefix { $0 == " " }.count
            let body = line.trimmingCharacters(in: .whitespaces)
            if indent == 0, body.hasPrefix("- ") {
                closeBlock()
                if let c = current { cases.append(.map(c)) }
                current = []
                try addPair(String(body.dropFirst(2)), to: &current!)
            } else if body.hasPrefix("- "), blockKey != nil {
                blockItems.append(try item(String(body.dropFirst(2))))
            } else if indent > 0, current != nil {
                closeBlock()
                let (k, v) = try pair(body)
                if v.isEmpty { blockKey = k } else { current!.append((k, try value(v))) }
            } else {
                throw ParseError(description: "unexpected line: \(line)")
            }
        }
        closeBlock()
        if let c = current { cases.append(.map(c)) }
        return cases
    }

    private static func stripComment(_ line: String) -> String {
        var inQuote = false
        var out = ""
        for ch in line {
            if ch == "\"" { inQuote.toggle() }
            if ch == "#" && !inQuote && (out.isEmpty || out.last == " ") { break }
            out.append(ch)
        }
        return out
    }

    private static func addPair(_ text: String, to map: inout [(String, CaseValue)]) throws {
        let (k, v) = try pair(text)
        map.append((k, try value(v)))
    }

    /// A block-list item: `key: value` (a one-entry map) or a plain value.
    private static func item(_ text: String) throws -> CaseValue {
        if let (k, v) = try? pair(text), !k.contains("\""), !k.contains(" ") { return .map([(k, try value(v))]) }
        return try value(text)
    }

    private static func pair(_ text: String) throws -> (String, String) {
        guard let colon = text.firstIndex(of: ":") else { throw ParseError(description: "expected key: value in \(text)") }
        return (String(text[..<colon]).trimmingCharacters(in: .whitespaces),
                String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
    }

    static func value(_ text: String) throws -> CaseValue {
        var chars = Array(text)
        var i = 0
        let v = try flow(&chars, &i)
        return v
    }

    private static func flow(_ c: inout [Character], _ i: inout Int) throws -> CaseValue {
        func skip() { while i < c.count, c[i] == " " { i += 1 } }
        skip()
        guard i < c.count else { return .scalar("") }
        if c[i] == "[" {
            i += 1
            var items: [CaseValue] = []
            while true {
                skip()
                if i < c.count, c[i] == "]" { i += 1; break }
                items.append(try flow(&c, &i))
                skip()
                if i < c.count, c[i] == "," { i += 1 }
                guard i <= c.count else { throw ParseError(description: "unclosed list") }
                if i == c.count { throw ParseError(description: "unclosed list") }
            }
            return .list(items)
        }
        if c[i] == "{" {
            i += 1
            var pairs: [(String, CaseValue)] = []
            while true {
                skip()
                if i < c.count, c[i] == "}" { i += 1; break }
                var key = ""
                while i < c.count, c[i] != ":" { key.append(c[i]); i += 1 }
                guard i < c.count else { throw ParseError(description: "unclosed map") }
                i += 1
                pairs.append((key.trimmingCharacters(in: .whitespaces), try flow(&c, &i)))
                skip()
                if i < c.count, c[i] == "," { i += 1 }
            }
            return .map(pairs)
        }
        if c[i] == "\"" {
            i += 1
            var s = ""
            while i < c.count, c[i] != "\"" {
                if c[i] == "\\", i + 1 < c.count { i += 1 }
                s.append(c[i])
                i += 1
            }
            i += 1
            return .scalar(s)
        }
        var s = ""
        while i < c.count, c[i] != ",", c[i] != "]", c[i] != "}" { s.append(c[i]); i += 1 }
        return .scalar(s.trimmingCharacters(in: .whitespaces))
    }
}

/// One case of the planner-eval format.
struct EvalCase: Sendable, CustomStringConvertible {
    var id: String
    var fps = 24
    var seconds = 6.0
    var attach: [String] = []
    var turns: [String] = []
    var select: String?
    var expect: [(String, String)] = []
    var facts: [CaseValue] = []

    var description: String { id }

    init(_ v: CaseValue) throws {
        guard let id = v["id"]?.string else { throw CaseYAML.ParseError(description: "a case without id") }
        self.id = id
        if let canvas = v["canvas"] {
            fps = Int(canvas["fps"]?.string ?? "") ?? 24
            seconds = Double(canvas["seconds"]?.string ?? "") ?? 6
        }
        attach = v["attach"]?.list.compactMap(\.string) ?? []
        turns = v["turns"]?.list.compactMap(\.string) ?? []
        select = v["select"]?["frames"]?.string
        facts = v["expect"]?.list ?? []
    }

    static func load(_ yaml: String) throws -> [EvalCase] { try CaseYAML.parse(yaml).map(EvalCase.init) }
}

// MARK: - Running turns like a session

/// Plays turns through a planner the way the session does (apply, keep a
/// history for undo and redo), with fake attachments.
struct Director {
    var planner: NaturalLanguagePlanner
    var history: [Project]
    var head = 0
    var replies: [Reply] = []
    var lastOps: [Op] = []
    var before: Project

    static func hash(_ name: String) -> String { "sha-" + name }

    init(planner: NaturalLanguagePlanner, fps: Int = 24, seconds: Double = 6, attach: [String] = []) throws {
        self.planner = planner
        var p = Project(canvas: Canvas(width: 1280, height: 720, fps: fps), seconds: seconds)
        let attachOps = attach.map { name in
            Op.attach(Attach(hash: Director.hash(name), name: name,
                             kind: [".wav", ".mp3", ".flac"].contains(where: name.hasSuffix) ? .audio : .image))
        }
        p = try p.applying(attachOps)
        history = [p]
        before = p
    }

    var project: Project { history[head] }
    var reply: Reply? { replies.last }

    /// The session resolves "look like" against rendered frames; here it
    /// becomes a grade that records the image, which is what tests check.
    static func resolved(_ ops: [Op]) -> [Op] {
        ops.map { op in
            guard case .grade(var p) = op, p.grade == nil, let like = p.like else { return op }
            p.grade = ColorGrade(matrix: [1.05, 0, 0, 0, 1, 0, 0, 0, 0.95], offset: [0.01, 0, -0.01], strength: 1, reference: like)
            p.like = nil
            return .grade(p)
        }
    }

    @discardableResult
    mutating func say(_ turn: String, selection: Selection = Selection()) throws -> Plan {
        before = project
        let plan = planner.plan(turn, context: PlanContext(project: project, selection: selection, revision: head))
        lastOps = []
        switch plan {
        case .edit(let ops, let reply):
            let next = try project.applying(Director.resolved(ops))
            history = Array(history[...head]) + [next]
            head += 1
            lastOps = ops
            replies.append(reply)
        case .answer(let reply):
            replies.append(reply)
        case .undo:
            if head > 0 { head -= 1 }
            replies.append(Reply(.ok, "Undone."))
        case .redo:
            if head + 1 < history.count { head += 1 }
            replies.append(Reply(.ok, "Redone."))
        case .checkout(let n):
            if n >= 0 && n < history.count { head = n }
            replies.append(Reply(.ok, "Checked out \(n)."))
        }
        return plan
    }

    /// Runs a whole case and checks its facts; returns the failures.
    static func run(_ c: EvalCase, planner: NaturalLanguagePlanner) throws -> [String] {
        var d = try Director(planner: planner, fps: c.fps, seconds: c.seconds, attach: c.attach)
        for (k, t) in c.turns.enumerated() {
            var selection = Selection()
            if k == c.turns.count - 1, let s = c.select { selection.frames = FrameRange(parsing: s, fps: c.fps) }
            try d.say(t, selection: selection)
        }
        var failures: [String] = []
        for fact in c.facts {
            if let why = Facts.check(fact, d) { failures.append("\(fact): \(why) (reply: \(d.reply?.text ?? "none"))") }
        }
        return failures
    }
}

// MARK: - Facts on the scene model

/// The evaluation's facts, checked on the evaluated scene (positions,
/// colours, environments, tracks) rather than on rendered pixels.
enum Facts {
    static func frames(_ text: String?, _ p: Project) -> [FrameIndex] {
        guard let text, let r = FrameRange(parsing: text, fps: p.canvas.fps) else { return Array(0..<p.totalFrames) }
        return Array(r.start...min(r.end, p.totalFrames - 1))
    }

    /// Where an object appears on screen: its stage position through the camera.
    static func onScreen(_ o: ObjectState, _ f: FrameState) -> Point2 {
        let z = f.camera.zoom
        return Point2((o.position.x - f.camera.center.x) * z + 0.5, (o.position.y - f.camera.center.y) * z + 0.5)
    }

    /// A dynamic body's height after `t` seconds of free flight: enough
    /// to tell up from down without the renderer's simulation.
    static func ballistic(_ body: PhysicsBody, from y: Double, after t: Double) -> Double {
        y + body.velocity.y * t + 0.5 * 4.9 * body.gravity * t * t
    }

    static func placement(_ id: ObjectID, _ p: Project, frame: FrameIndex) -> Placement? {
        let (s, _) = p.locate(frame)
        return p.shots[s].placements.first { $0.object == id }
    }

    static func check(_ fact: CaseValue, _ d: Director) -> String? {
        guard case .map(let pairs) = fact, let (name, v) = pairs.first else { return "malformed fact" }
        let p = d.project
        let all = Array(0..<p.totalFrames)
        let states = all.map { p.evaluate($0) }
        func objects(_ kind: String) -> [(FrameState, ObjectState)] {
            states.flatMap { f in f.objects.filter { $0.kind.rawValue == kind }.map { (f, $0) } }
        }
        switch name {
        case "exists":
            let kind = v["kind"]?.string ?? ""
            let found = objects(kind).filter { _, o in
                (v["color"]?.string).map { ColourNamesForTests.basicName(o.color) == $0 } ?? true
                    && (v["variant"]?.string).map { o.variant == $0 } ?? true
                    && (v["label"]?.string).map { o.label == $0 } ?? true
            }
            return found.isEmpty ? "no such \(kind) (saw \(objects(kind).map { "\($0.1.id) \(ColourNamesForTests.basicName($0.1.color)) \($0.1.variant) \($0.1.label ?? "")" }.uniqued))" : nil
        case "absent":
            return objects(v["kind"]?.string ?? "").isEmpty ? nil : "it is visible"
        case "count":
            let n = Int(v["n"]?.string ?? "") ?? -1
            let ids = Set(objects(v["kind"]?.string ?? "").map(\.1.id))
            return ids.count == n ? nil : "saw \(ids.count)"
        case "moves":
            return moves(v, d)
        case "bounces", "falls":
            return physics(name, v["kind"]?.string ?? "", d)
        case "setting":
            let bad = states.filter { $0.environment.setting.rawValue != v.string }
            return bad.isEmpty ? nil : "frame \(bad[0].frame) is \(bad[0].environment.setting)"
        case "time_of_day":
            let (want, range) = v.string != nil ? (v.string!, nil) : (v["is"]?.string ?? "", v["frames"]?.string)
            let bad = frames(range, p).filter { p.evaluate($0).environment.timeOfDay.nearestPreset.rawValue != want }
            return bad.isEmpty ? nil : "frame \(bad[0]) is \(p.evaluate(bad[0]).environment.timeOfDay.nearestPreset)"
        case "weather":
            let (want, range) = v.string != nil ? (v.string!, nil) : (v["is"]?.string ?? "", v["frames"]?.string)
            let bad = frames(range, p).filter { p.evaluate($0).environment.weather.kind.rawValue != want }
            return bad.isEmpty ? nil : "frame \(bad[0]) has \(p.evaluate(bad[0]).environment.weather.kind)"
        case "style":
            let bad = states.filter { $0.environment.style.rawValue != v.string }
            return bad.isEmpty ? nil : "frame \(bad[0].frame) is \(bad[0].environment.style)"
        case "camera":
            return camera(v, d)
        case "changed", "unchanged":
            let range = frames(v["frames"]?.string, p)
            let same = range.filter { d.before.evaluate($0) == p.evaluate($0) }
            if name == "changed" { return same.isEmpty ? nil : "frame \(same[0]) did not change" }
            return same.count == range.count ? nil : "\(range.count - same.count) frames changed"
        case "follows_audio":
            let kind = v["kind"]?.string ?? "", property = v["property"]?.string ?? ""
            let ok = p.cast.contains { m in
                m.kind.rawValue == kind && m.audio.contains { b in
                    b.property.rawValue == property && p.attachments.contains { $0.hash == b.media && $0.kind == .audio }
                }
            }
            return ok ? nil : "no \(kind) with its \(property) bound to audio"
        case "reply":
            return d.reply?.kind.rawValue == v.string ? nil : "reply was \(d.reply?.kind.rawValue ?? "none")"
        case "reply_mentions":
            return d.reply?.text.lowercased().contains((v.string ?? "").lowercased()) == true ? nil : "reply does not mention it"
        case "revisions":
            return d.head == Int(v.string ?? "") ? nil : "revision is \(d.head)"
        case "shots":
            return p.shots.count == Int(v.string ?? "") ? nil : "\(p.shots.count) shots"
        case "seconds":
            let want = Double(v.string ?? "") ?? -1
            return abs(p.seconds - want) <= 1 / Double(p.canvas.fps) ? nil : "\(p.seconds) s"
        case "looks_like":
            let hash = Director.hash(v.string ?? "")
            let bad = states.filter { $0.environment.grade?.reference != hash }
            return bad.isEmpty ? nil : "frame \(bad[0].frame) is not graded after it"
        case "background":
            let hash = Director.hash(v.string ?? "")
            let bad = states.filter { $0.environment.backdrop != hash }
            return bad.isEmpty ? nil : "frame \(bad[0].frame) has no such backdrop"
        case "same_look":
            let found = objects(v["kind"]?.string ?? "")
            let ids = Set(found.map(\.1.id))
            let shots = Set(found.map(\.0.shot))
            guard ids.count == 1 else { return "\(ids.count) identities" }
            let looks = Set(found.map { "\($0.1.variant) \($0.1.color) \($0.1.seed)" })
            return shots.count >= 2 && looks.count == 1 ? nil : "in \(shots.count) shots with \(looks.count) looks"
        default:
            return "unknown fact \(name)"
        }
    }

    private static func moves(_ v: CaseValue, _ d: Director) -> String? {
        let p = d.project
        let kind = v["kind"]?.string ?? "", direction = v["direction"]?.string ?? ""
        let range = frames(v["frames"]?.string, p)
        guard let a = range.first, let b = range.last else { return "no frames" }
        let fa = p.evaluate(a), fb = p.evaluate(b)
        let ids = fa.objects.filter { $0.kind.rawValue == kind }.map(\.id)
        guard !ids.isEmpty else { return "no \(kind) in frame \(a)" }
        for id in ids {
            guard let oa = fa.object(id), let ob = fb.object(id) ?? fa.object(id) else { return "\(id) missing" }
            let pa = onScreen(oa, fa)
            var pb = onScreen(ob, fb)
            if let body = placement(id, p, frame: a)?.physics, body.dynamic {
                // Free flight from the start, stopped by the ground: enough
                // to tell the direction without the renderer's simulation.
                let t = Double(b - a) / Double(p.canvas.fps)
                let y = ballistic(body, from: pa.y, after: t)
                pb = Point2(min(1, max(0, pa.x + body.velocity.x * t)), body.gravity > 0 ? min(0.8 - oa.size / 2, y) : y)
            }
            let dx = pb.x - pa.x, dy = pb.y - pa.y, grow = ob.size / oa.size
            let ok: Bool
            switch direction {
            case "left-to-right": ok = dx > 0.05 && abs(dx) > abs(dy)
            case "right-to-left": ok = dx < -0.05 && abs(dx) > abs(dy)
            case "up": ok = dy < -0.05 && abs(dy) > abs(dx)
            case "down": ok = dy > 0.05 && abs(dy) > abs(dx)
            case "toward-camera": ok = grow > 1.15
            case "away-from-camera": ok = grow < 0.87
            case "stationary": ok = abs(dx) < 0.01 && abs(dy) < 0.01 && abs(grow - 1) < 0.02
            default: return "unknown direction \(direction)"
            }
            if !ok { return "\(id) went from \(pa) to \(pb), size x\(grow)" }
        }
        return nil
    }

    /// Whether a body will visibly fall (and bounce): dynamic, pulled down,
    /// starting above the ground with nothing solid right beneath it.
    private static func physics(_ fact: String, _ kind: String, _ d: Director) -> String? {
        let p = d.project
        for (s, shot) in p.shots.enumerated() {
            let f = p.evaluate(p.frameRange(ofShot: s).start)
            for o in f.objects where o.kind.rawValue == kind {
                guard let body = shot.placements.first(where: { $0.object == o.id })?.physics, body.dynamic else { return "\(o.id) has no dynamic body" }
                guard body.gravity > 0 else { return "\(o.id) is pulled upward" }
                guard shot.environment.setting != .space, shot.environment.setting != .underwater else { return "no ground in \(shot.environment.setting)" }
                let bottom = o.position.y + o.size / 2
                guard bottom < 0.8 - 0.05 else { return "\(o.id) starts on the ground" }
                let halfWidth = o.size * 0.5 / p.canvas.aspect
                let blocked = f.objects.contains { other in
                    guard other.id != o.id, other.kind != .arrow, other.kind != .label, other.kind != .cloud, other.kind.isGrounded else { return false }
                    let top = other.position.y - other.size / 2
                    let otherHalf = other.size * 0.8 / p.canvas.aspect
                    return abs(other.position.x - o.position.x) < halfWidth + otherHalf && top >= bottom - 0.01 && top < 0.8
                }
                if blocked { return "\(o.id) rests on something" }
                if fact == "bounces" && body.restitution < 0.5 { return "\(o.id) is not bouncy (restitution \(body.restitution))" }
                return nil
            }
        }
        return "no \(kind)"
    }

    private static func camera(_ v: CaseValue, _ d: Director) -> String? {
        let p = d.project
        let move = v["move"]?.string ?? ""
        let range = frames(v["frames"]?.string, p)
        guard let a = range.first, let b = range.last else { return "no frames" }
        let ca = p.evaluate(a).camera, cb = p.evaluate(b).camera
        switch move {
        case "pan-right": return cb.center.x > ca.center.x + 0.02 ? nil : "centre x \(ca.center.x) -> \(cb.center.x)"
        case "pan-left": return cb.center.x < ca.center.x - 0.02 ? nil : "centre x \(ca.center.x) -> \(cb.center.x)"
        case "tilt-up": return cb.center.y < ca.center.y - 0.02 ? nil : "centre y \(ca.center.y) -> \(cb.center.y)"
        case "tilt-down": return cb.center.y > ca.center.y + 0.02 ? nil : "centre y \(ca.center.y) -> \(cb.center.y)"
        case "zoom-in": return cb.zoom > ca.zoom * 1.05 ? nil : "zoom \(ca.zoom) -> \(cb.zoom)"
        case "zoom-out": return cb.zoom < ca.zoom / 1.05 ? nil : "zoom \(ca.zoom) -> \(cb.zoom)"
        case "shake": return range.allSatisfy { p.evaluate($0).camera.shake > 0 } ? nil : "no shake"
        case "follow": return p.shots[p.locate(a).shot].camera.follow != nil ? nil : "no follow"
        case "static": return ca == cb ? nil : "the camera moves"
        default: return "unknown camera move \(move)"
        }
    }
}

/// The eleven basic colour terms in CIELAB, as the evaluation names colours
/// (written independently of the planner's own naming).
enum ColourNamesForTests {
    static let prototypes: [(String, (Double, Double, Double))] = [
        "black", "white", "red", "green", "yellow", "blue", "brown", "purple", "pink", "orange", "gray",
    ].map { ($0, lab(RGBColor.named[$0]!)) }

    static func lab(_ c: RGBColor) -> (Double, Double, Double) {
        func lin(_ v: UInt8) -> Double { let s = Double(v) / 255; return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
        let r = lin(c.r), g = lin(c.g), b = lin(c.b)
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16) / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    static func basicName(_ c: RGBColor) -> String {
        let l = lab(c)
        return prototypes.min { a, b in
            let da = pow(a.1.0 - l.0, 2) + pow(a.1.1 - l.1, 2) + pow(a.1.2 - l.2, 2)
            let db = pow(b.1.0 - l.0, 2) + pow(b.1.1 - l.1, 2) + pow(b.1.2 - l.2, 2)
            return da < db
        }!.0
    }
}

extension Array where Element: Hashable {
    var uniqued: [Element] { var seen = Set<Element>(); return filter { seen.insert($0).inserted } }
}

/// The lexicon-only planner most tests use: deterministic and fast, and
/// it does not announce the notice (tests of the notice make their own).
let lexiconPlanner = NaturalLanguagePlanner(encoder: nil, announcesNotice: false)

/// Where the shared evaluation cases live, relative to this repository.
let publicCasesURL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("shared/planner-eval/cases.yaml")

let publicCases: [EvalCase] = {
    guard let text = try? String(contentsOf: publicCasesURL, encoding: .utf8) else { return [] }
    return (try? EvalCase.load(text)) ?? []
}()
