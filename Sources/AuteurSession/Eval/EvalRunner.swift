import AuteurCore
import AuteurRender
import AuteurStore
import Foundation

/// The outcome of one case: the facts that failed and what was seen instead.
public struct CaseOutcome: Sendable {
    public var id: String
    public var failures: [(fact: String, saw: String)]
    public var passed: Bool { failures.isEmpty }
}

/// Runs planner-eval cases end to end: a new project per case, media
/// attached, the turns said through a real `Session`, then every fact
/// checked on rendered frames.
public struct EvalRunner {
    public let planner: any Planner
    public init(planner: any Planner) { self.planner = planner }

    public func run(_ c: EvalCase, mediaDirectory: URL) -> CaseOutcome {
        do {
            return try runThrowing(c, mediaDirectory: mediaDirectory)
        } catch {
            return CaseOutcome(id: c.id, failures: [("the case could not run", "\(error)")])
        }
    }

    func runThrowing(_ c: EvalCase, mediaDirectory: URL) throws -> CaseOutcome {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-eval-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let canvas = Canvas(width: 1280, height: 720, fps: c.fps ?? 24)
        let store = try ProjectStore.create(at: dir.appendingPathComponent("case.auteur"), project: Project(canvas: canvas, seconds: c.seconds ?? 6))
        let session = Session(store: store, planner: planner)
        for name in c.attach { try session.attach(file: mediaDirectory.appendingPathComponent(name)) }
        var before = try store.currentProject()
        var reply = Reply(.ok, "")
        for (i, turn) in c.turns.enumerated() {
            let last = i == c.turns.count - 1
            var selection = Selection()
            if last {
                before = try store.currentProject()
                if let f = c.selectFrames {
                    guard let r = FrameRange(parsing: f, fps: canvas.fps) else { throw AuteurError.badInput("case \(c.id): bad select frames \(f)") }
                    selection.frames = r
                }
                if let r = c.selectRegion, r.count == 4 { selection.region = Region(x: r[0], y: r[1], w: r[2], h: r[3]) }
            }
            reply = try session.submit(turn, selection: selection).reply
        }
        let after = try store.currentProject()
        let viewer = Viewer(after, signals: try session.audioSignals(for: after), backdrops: try session.backdropTextures(for: after))
        let previous = Viewer(before, signals: try session.audioSignals(for: before), backdrops: try session.backdropTextures(for: before))
        let checker = FactChecker(viewer: viewer, previous: previous, reply: reply, store: store, session: session, mediaDirectory: mediaDirectory)
        var failures: [(String, String)] = []
        for fact in c.expect {
            let (ok, saw) = checker.check(fact)
            if !ok { failures.append((fact.description, saw)) }
        }
        return CaseOutcome(id: c.id, failures: failures)
    }
}

struct FactChecker {
    let viewer: Viewer
    let previous: Viewer
    let reply: Reply
    let store: ProjectStore
    let session: Session
    let mediaDirectory: URL

    var project: Project { viewer.project }
    var all: FrameRange { project.allFrames }

    func range(_ text: String?) -> FrameRange? {
        guard let text else { return all }
        return FrameRange(parsing: text, fps: project.canvas.fps)?.clamped(to: all)
    }

    func kind(_ v: FactValue) -> CatalogKind? { (v["kind"] ?? v.text).flatMap(CatalogKind.init(rawValue:)) }

    /// Distinct objects of a kind visible anywhere in the clip.
    func visibleIDs(_ kind: CatalogKind) -> [ObjectID] {
        var ids: [ObjectID] = []
        for f in viewer.sample(all, count: 24) {
            for o in viewer.visible(kind, in: f) where !ids.contains(o.state.id) { ids.append(o.state.id) }
        }
        return ids
    }

    func check(_ fact: Fact) -> (Bool, String) {
        let v = fact.value
        switch fact.name {
        case "exists": return exists(v)
        case "absent":
            guard let k = kind(v) else { return (false, "unknown kind") }
            let ids = visibleIDs(k)
            return (ids.isEmpty, ids.isEmpty ? "none" : "visible: \(ids.joined(separator: ", "))")
        case "count":
            guard let k = kind(v), let n = v["n"].flatMap(Int.init) else { return (false, "count needs kind and n") }
            let ids = visibleIDs(k)
            return (ids.count == n, "\(ids.count)")
        case "moves": return moves(v)
        case "bounces", "falls": return vertical(v, bounces: fact.name == "bounces")
        case "setting":
            return classify(v, Setting.allCases.map { ($0.rawValue, Change.setting($0)) })
        case "time_of_day":
            return classify(v, TimeOfDay.Preset.allCases.map { ($0.rawValue, Change.timeOfDay(.preset($0))) })
        case "weather":
            return classify(v, Weather.Kind.allCases.map { k in
                (k.rawValue, Change.weather(Weather(k, intensity: mostlyIntensity(k))))
            })
        case "style":
            return classify(v, Style.allCases.map { ($0.rawValue, Change.style($0)) })
        case "camera": return camera(v)
        case "changed", "unchanged": return compare(v, expectChanged: fact.name == "changed")
        case "follows_audio": return followsAudio(v)
        case "reply": return (reply.kind.rawValue == v.text, "\(reply.kind.rawValue): \(reply.text)")
        case "reply_mentions":
            let t = v.text ?? ""
            return (reply.text.lowercased().contains(t.lowercased()), reply.text)
        case "revisions": return revisions(v)
        case "shots": return (project.shots.count == Int(v.text ?? ""), "\(project.shots.count)")
        case "seconds":
            let want = Double(v.text ?? "") ?? -1
            return (abs(project.seconds - want) <= 1.0 / Double(project.canvas.fps), String(format: "%.3f", project.seconds))
        case "looks_like": return looksLike(v)
        case "background": return background(v)
        case "same_look": return sameLook(v)
        default: return (false, "unknown fact \(fact.name)")
        }
    }

    /// The weather intensity the project uses for `kind`, so a candidate
    /// differs from the real frame only in kind.
    func mostlyIntensity(_ kind: Weather.Kind) -> Double {
        for f in viewer.sample(all, count: 4) {
            let w = project.evaluate(f).environment.weather
            if w.kind == kind { return w.intensity }
        }
        return 0.6
    }

    func exists(_ v: FactValue) -> (Bool, String) {
        guard let k = kind(v) else { return (false, "unknown kind") }
        var seen: [String] = []
        for id in visibleIDs(k) {
            guard let f = viewer.sample(all, count: 24).first(where: { f in viewer.visible(k, in: f).contains { $0.state.id == id } }),
                  let o = viewer.visible(k, in: f).first(where: { $0.state.id == id }) else { continue }
            var ok = true
            var desc = "\(id) (\(o.state.variant)"
            if let variant = v["variant"] { ok = ok && o.state.variant == variant }
            if let label = v["label"] { ok = ok && o.state.label?.lowercased() == label.lowercased(); desc += ", label \(o.state.label ?? "none")" }
            if let colour = v["color"] {
                let mid = viewer.sample(all, count: 24).filter { f in viewer.visible(k, in: f).contains { $0.state.id == id } }
                let frame = mid[mid.count / 2]
                let seen = viewer.mainColour(id, in: frame) ?? "none"
                desc += ", looks \(seen)"
                ok = ok && seen == colour
            }
            desc += ")"
            if ok { return (true, desc) }
            seen.append(desc)
        }
        return (false, seen.isEmpty ? "no \(k.rawValue) on screen" : seen.joined(separator: "; "))
    }

    /// On-screen centre and area of each object of a kind, first and last frame it is seen in the range.
    func moves(_ v: FactValue) -> (Bool, String) {
        guard let k = kind(v), let direction = v["direction"], let r = range(v["frames"]) else { return (false, "moves needs kind and direction") }
        let ids = visibleIDs(k)
        guard !ids.isEmpty else { return (false, "no \(k.rawValue) on screen") }
        var seen: [String] = []
        var allOK = true
        for id in ids {
            let frames = (r.start...r.end).filter { f in viewer.visible(k, in: f).contains { $0.state.id == id } }
            guard let a = frames.first, let b = frames.last, let ba = viewer.visible(k, in: a).first(where: { $0.state.id == id })?.bounds,
                  let bb = viewer.visible(k, in: b).first(where: { $0.state.id == id })?.bounds else { continue }
            let w = Double(viewer.width), h = Double(viewer.height)
            let dx = Double(bb.center.x - ba.center.x) / w, dy = Double(bb.center.y - ba.center.y) / h
            let growth = Double(bb.width * bb.height) / max(1, Double(ba.width * ba.height))
            // Whichever is larger wins: the change of size (in log terms, as
            // the eye judges approach) or the travel across the frame.
            let travel = max(abs(dx), abs(dy)), sizeChange = abs(log(growth)) / 2
            let saw: String
            if sizeChange > travel && sizeChange > 0.1 {
                saw = growth > 1 ? "toward-camera" : "away-from-camera"
            } else if travel <= 0.03 {
                saw = "stationary"
            } else {
                saw = abs(dx) >= abs(dy) ? (dx > 0 ? "left-to-right" : "right-to-left") : (dy < 0 ? "up" : "down")
            }
            seen.append("\(id) \(saw)")
            allOK = allOK && saw == direction
        }
        return (allOK && !seen.isEmpty, seen.joined(separator: ", "))
    }

    func vertical(_ v: FactValue, bounces: Bool) -> (Bool, String) {
        guard let k = kind(v) else { return (false, "unknown kind") }
        for id in visibleIDs(k) {
            let ys: [Double] = (all.start...all.end).compactMap { f in
                viewer.visible(k, in: f).first { $0.state.id == id }.map { Double($0.bounds.center.y) }
            }
            guard ys.count > 3 else { continue }
            var signs: [Int] = []
            for i in 1..<ys.count {
                let d = ys[i] - ys[i - 1]
                if abs(d) < 0.05 { continue }
                let s = d > 0 ? 1 : -1
                if signs.last != s { signs.append(s) }
            }
            if bounces {
                let changes = max(0, signs.count - 1)
                if changes >= 2 && signs.first == 1 { return (true, "\(id): \(changes) direction changes") }
            } else {
                let drop = ys.last! - ys.first!
                let early = ys[min(ys.count - 1, 3)] - ys[0]
                let mid = ys.count / 2
                let later = ys[min(ys.count - 1, mid + 3)] - ys[mid]
                if drop > Double(viewer.height) * 0.05 && (later >= early || signs.first == 1) { return (true, "\(id) falls \(Int(drop)) px") }
            }
        }
        return (false, "no \(k.rawValue) that \(bounces ? "bounces" : "falls")")
    }

    func classify(_ v: FactValue, _ candidates: [(String, Change)]) -> (Bool, String) {
        let want = v["is"] ?? v.text ?? ""
        guard let r = range(v["frames"]) else { return (false, "bad frames") }
        var seen: [String] = []
        for f in viewer.sample(r, count: 4) {
            guard let (name, _) = viewer.nearest(f, among: candidates) else { continue }
            seen.append("frame \(f): \(name)")
            if name != want { return (false, seen.joined(separator: ", ")) }
        }
        return (!seen.isEmpty, seen.joined(separator: ", "))
    }

    /// Camera moves seen through where fixed world points land on screen.
    func camera(_ v: FactValue) -> (Bool, String) {
        guard let move = v["move"], let r = range(v["frames"]) else { return (false, "camera needs move") }
        func stage(_ f: FrameIndex) -> Stage {
            let s = project.evaluate(f)
            return Stage(width: viewer.width, height: viewer.height, environment: s.environment, lighting: Look.lighting(for: s.environment),
                         camera: s.camera, frame: f, localFrame: s.localFrame, fps: project.canvas.fps, seed: s.seed)
        }
        let a = stage(r.start), b = stage(r.end)
        let p = Point2(0.3, 0.5), q = Point2(0.7, 0.5)
        let a1 = a.device(p), a2 = a.device(q), b1 = b.device(p), b2 = b.device(q)
        let spreadA = hypot(a2.x - a1.x, a2.y - a1.y), spreadB = hypot(b2.x - b1.x, b2.y - b1.y)
        let dx = Double((b1.x + b2.x) - (a1.x + a2.x)) / 2 / Double(viewer.width)
        let dy = Double((b1.y + b2.y) - (a1.y + a2.y)) / 2 / Double(viewer.height)
        let zoom = Double(spreadB / max(1e-6, spreadA))
        var jitter = 0.0
        for f in r.start..<r.end { let s1 = stage(f).shake, s2 = stage(f + 1).shake; jitter = max(jitter, Double(hypot(s2.x - s1.x, s2.y - s1.y))) }
        // Following: the camera moves so that one object holds its place on screen.
        var follows = false
        if let followed = project.shots[project.locate(r.start).shot].camera.follow {
            let xs = viewer.sample(r, count: 8).compactMap { f in
                viewer.composed(f).objects.first { $0.state.id == followed }?.bounds.map { Double($0.center.x) / Double(viewer.width) }
            }
            follows = xs.count >= 2 && (xs.max()! - xs.min()!) < 0.1 && abs(dx) > 0.02
        }
        let saw: String
        if follows { saw = "follow" }
        else if jitter > 0.5 { saw = "shake" }
        else if zoom > 1.05 { saw = "zoom-in" }
        else if zoom < 0.95 { saw = "zoom-out" }
        else if abs(dx) > 0.02 && abs(dx) >= abs(dy) { saw = dx < 0 ? "pan-right" : "pan-left" }
        else if abs(dy) > 0.02 { saw = dy > 0 ? "tilt-up" : "tilt-down" }
        else { saw = "static" }
        return (saw == move, saw)
    }

    func compare(_ v: FactValue, expectChanged: Bool) -> (Bool, String) {
        guard let r = range(v["frames"]) else { return (false, "bad frames") }
        var differing: [FrameIndex] = [], same: [FrameIndex] = []
        for f in r.start...r.end {
            if f >= previous.project.totalFrames { differing.append(f); continue }
            let d = Viewer.distance(viewer.image(f), previous.image(f))
            if d == 0 { same.append(f) } else { differing.append(f) }
        }
        if expectChanged { return (same.isEmpty, same.isEmpty ? "all differ" : "unchanged frames: \(same.prefix(8))") }
        return (differing.isEmpty, differing.isEmpty ? "all identical" : "changed frames: \(differing.prefix(8))")
    }

    func followsAudio(_ v: FactValue) -> (Bool, String) {
        guard let k = kind(v), let property = v["property"] else { return (false, "follows_audio needs kind and property") }
        let silent = FrameComposer(project: project, width: viewer.width, height: viewer.height, signals: .none)
        for id in visibleIDs(k) {
            var driven: [Double] = [], still: [Double] = []
            for f in viewer.sample(all, count: 48) {
                guard let o = viewer.composed(f).objects.first(where: { $0.state.id == id })?.state,
                      let s = silent.compose(f).objects.first(where: { $0.state.id == id })?.state else { continue }
                switch property {
                case "mouth": driven.append(o.mouth); still.append(s.mouth)
                case "scale": driven.append(o.size); still.append(s.size)
                default: driven.append(o.position.y); still.append(s.position.y)
                }
            }
            let varies = (driven.max() ?? 0) - (driven.min() ?? 0)
            let offSignal = zip(driven, still).map { abs($0 - $1) }.max() ?? 0
            if varies > 0.01 && offSignal > 0.01 { return (true, "\(id) \(property) moves with the audio (range \(String(format: "%.2f", varies)))") }
        }
        return (false, "no \(k.rawValue) whose \(property) moves with attached audio")
    }

    func revisions(_ v: FactValue) -> (Bool, String) {
        guard let want = Int(v.text ?? ""), let head = try? store.head(), let graph = try? store.history(),
              let log = try? store.log() else { return (false, "no history") }
        // Attaching media is setup, not a turn of the case.
        let setup = Set(log.filter { $0.opSummaries.allSatisfy { $0.hasPrefix("attach ") } && !$0.opSummaries.isEmpty }.map(\.id))
        let depth = graph.lineage(of: head).dropFirst().filter { !setup.contains($0) }.count
        return (depth == want, "\(depth)")
    }

    func attachment(_ name: String?) -> Attachment? { project.attachments.first { $0.name == name } }

    func imageLab(_ name: String) -> Lab? {
        guard let a = attachment(name), let data = try? store.media(a.hash)?.analysis,
              let analysis = try? JSONDecoder().decode(ImageAnalysis.self, from: data) else { return nil }
        let m = analysis.statistics.mean
        func enc(_ v: Double) -> Double { let c = max(0, min(1, v)); return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055) }
        return Lab(srgb: SIMD3(enc(m[0]), enc(m[1]), enc(m[2])))
    }

    func looksLike(_ v: FactValue) -> (Bool, String) {
        guard let target = imageLab(v.text ?? "") else { return (false, "\(v.text ?? "") is not attached") }
        let frames = viewer.sample(all, count: 6)
        let now = viewer.meanLab(frames).distance(target)
        let then = previous.meanLab(previous.sample(previous.project.allFrames, count: 6)).distance(target)
        return (now * 2 <= then, String(format: "ΔE to the image: %.1f before, %.1f after", then, now))
    }

    func background(_ v: FactValue) -> (Bool, String) {
        guard let a = attachment(v.text), a.kind == .image else { return (false, "\(v.text ?? "") is not an attached image") }
        let shots = project.shots.enumerated().filter { $0.element.environment.backdrop == a.hash }
        guard let shot = shots.first else {
            let edited = project.edits.contains { if case .backdrop(a.hash?) = $0.change { return true }; return false }
            return (edited, edited ? "backdrop in a scoped edit" : "no shot draws \(a.name) behind it")
        }
        // It is drawn: the frame looks like the image more than the same frame without it.
        let f = project.frameRange(ofShot: shot.offset).start
        var without = project
        without.shots[shot.offset].environment.backdrop = nil
        let plain = viewer.regenerator.render(FrameComposer(project: without, width: viewer.width, height: viewer.height).compose(f))
        let target = imageLab(a.name)!
        let lab = { (img: FrameImage) -> Double in
            var s = SIMD3<Double>(0, 0, 0), n = 0.0
            for i in stride(from: 0, to: img.pixels.count, by: 16) {
                let l = Lab(srgb: SIMD3(Double(img.pixels[i]), Double(img.pixels[i + 1]), Double(img.pixels[i + 2])))
                s += SIMD3(l.l, l.a, l.b); n += 1
            }
            return Lab(l: s.x / n, a: s.y / n, b: s.z / n).distance(target)
        }
        let with = lab(viewer.image(f)), none = lab(plain)
        return (with < none, String(format: "ΔE to the image: %.1f with the backdrop, %.1f without", with, none))
    }

    func sameLook(_ v: FactValue) -> (Bool, String) {
        guard let k = kind(v) else { return (false, "unknown kind") }
        var looks: [String: [String]] = [:]
        for (i, _) in project.shots.enumerated() {
            for f in viewer.sample(project.frameRange(ofShot: i), count: 3) {
                for o in viewer.visible(k, in: f) {
                    let s = o.state
                    looks[s.id, default: []].append("\(s.variant) \(s.color) \(s.seed) \(String(format: "%.4f", s.size))")
                }
            }
        }
        guard !looks.isEmpty else { return (false, "no \(k.rawValue) on screen") }
        for (id, seen) in looks where Set(seen).count == 1 {
            let shotsSeen = project.shots.filter { s in s.placements.contains { $0.object == id } }.count
            if shotsSeen >= 2 { return (true, "\(id) in \(shotsSeen) shots") }
        }
        return (false, looks.map { "\($0.key): \(Set($0.value).count) looks" }.joined(separator: ", "))
    }
}
