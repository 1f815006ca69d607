import AuteurCore
import Foundation
import Yams

/// One evaluation case of the planner-eval format (../shared/planner-eval/FORMAT.md).
public struct EvalCase: Sendable {
    public var id: String
    public var fps: Int?
    public var seconds: Double?
    public var attach: [String]
    public var turns: [String]
    public var selectFrames: String?
    public var selectRegion: [Double]?
    public var expect: [Fact]
}

/// A fact about what a viewer sees, as written in a case file.
public struct Fact: Sendable, CustomStringConvertible {
    public var name: String
    /// The fact's value: a word, a number, or a map of words.
    public var value: FactValue
    public var description: String { "\(name): \(value)" }
}

public indirect enum FactValue: Sendable, CustomStringConvertible {
    case text(String)
    case number(Double)
    case map([(String, FactValue)])

    public var text: String? {
        switch self {
        case .text(let s): return s
        case .number(let n): return n == n.rounded() ? String(Int(n)) : String(n)
        case .map: return nil
        }
    }

    public subscript(_ key: String) -> String? {
        if case .map(let pairs) = self { return pairs.first { $0.0 == key }?.1.text }
        return nil
    }

    public var description: String {
        switch self {
        case .text(let s): return s
        case .number: return text!
        case .map(let pairs): return "{" + pairs.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        }
    }
}

public enum EvalCaseFile {
    /// Reads a case file; a malformed one is one line naming the case and the problem.
    public static func load(_ url: URL) throws -> [EvalCase] {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw AuteurError.notFound("cannot read case file \(url.path)")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw AuteurError.badInput("\(url.path): the file is empty") }
            root = node
        } catch let e as AuteurError {
            throw e
        } catch {
            throw AuteurError.badInput("\(url.path): not valid YAML (\(String(describing: error).split(separator: "\n").first ?? ""))")
        }
        guard let list = root.sequence else { throw AuteurError.badInput("\(url.path): expected a list of cases") }
        var seen = Set<String>()
        return try list.enumerated().map { i, node in
            let where_ = "\(url.lastPathComponent) case \(i + 1)"
            guard let map = node.mapping else { throw AuteurError.badInput("\(where_): a case is a mapping") }
            func field(_ k: String) -> Node? { map[Node(k)] }
            guard let id = field("id")?.string, !id.isEmpty else { throw AuteurError.badInput("\(where_): missing id") }
            guard seen.insert(id).inserted else { throw AuteurError.badInput("\(where_): duplicate id \(id)") }
            let turns: [String]
            if let seq = field("turns")?.sequence { turns = seq.compactMap(\.string) }
            else { throw AuteurError.badInput("\(where_) (\(id)): missing turns") }
            guard let expectations = field("expect")?.sequence, !expectations.isEmpty else {
                throw AuteurError.badInput("\(where_) (\(id)): missing expect")
            }
            let facts = try expectations.map { n -> Fact in
                guard let m = n.mapping, m.count == 1, let (k, v) = m.first.map({ ($0.key, $0.value) }), let name = k.string else {
                    throw AuteurError.badInput("\(where_) (\(id)): each fact is one `name: value`")
                }
                return Fact(name: name, value: factValue(v))
            }
            var c = EvalCase(id: id, fps: nil, seconds: nil, attach: field("attach")?.sequence?.compactMap(\.string) ?? [],
                             turns: turns, selectFrames: nil, selectRegion: nil, expect: facts)
            if let canvas = field("canvas")?.mapping {
                c.fps = canvas[Node("fps")]?.int
                c.seconds = canvas[Node("seconds")]?.float
            }
            if let sel = field("select")?.mapping {
                c.selectFrames = sel[Node("frames")]?.string
                c.selectRegion = sel[Node("region")]?.sequence?.compactMap(\.float)
            }
            return c
        }
    }

    static func factValue(_ node: Node) -> FactValue {
        if let m = node.mapping { return .map(m.map { ($0.key.string ?? "", factValue($0.value)) }) }
        if let s = node.scalar {
            if s.style == .plain, let d = Double(s.string) { return .number(d) }
            return .text(s.string)
        }
        return .text("")
    }
}
