import AuteurCore
import AuteurStore
import Foundation

/// Reads a turn as JSON ops: a list of ops, or `{"ops": [...], "reply": "..."}`.
/// The selection scopes ops that have no scope of their own.
public struct JSONOpsPlanner: Planner {
    public init() {}

    struct Envelope: Decodable {
        var ops: [Op]
        var reply: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case ops, reply }
        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            ops = try c.decode([Op].self, forKey: .ops)
            reply = try c.decodeIfPresent(String.self, forKey: .reply)
        }
    }

    public static func looksLikeJSON(_ text: String) -> Bool {
        guard let c = text.first(where: { !$0.isWhitespace }) else { return false }
        return c == "[" || c == "{"
    }

    public func plan(_ turn: String, context: PlanContext) -> Plan {
        let data = Data(turn.utf8)
        let ops: [Op]
        var replyText: String?
        do {
            if turn.first(where: { !$0.isWhitespace }) == "{" {
                let e = try CanonicalJSON.decode(Envelope.self, from: data, what: "ops")
                ops = e.ops
                replyText = e.reply
            } else {
                ops = try CanonicalJSON.decode([Op].self, from: data, what: "ops")
            }
        } catch {
            return .answer(Reply(.error, "\(error)"))
        }
        guard !ops.isEmpty else { return .answer(Reply(.error, "ops: the list is empty; nothing to do")) }
        let scoped = ops.map { $0.scoped(by: context.selection) }
        return .edit(scoped, Reply(.ok, replyText ?? Self.describe(scoped)))
    }

    static func describe(_ ops: [Op]) -> String {
        let parts = ops.prefix(6).map(\.summary)
        let more = ops.count > 6 ? " and \(ops.count - 6) more" : ""
        return "Applied: " + parts.joined(separator: "; ") + more + "."
    }
}

/// The planner for a person's turns: JSON ops are read as ops (scripts,
/// other tools), anything else as words.
public struct ScriptingPlanner: Planner {
    public let words: any Planner
    public init(words: any Planner) { self.words = words }

    public func plan(_ turn: String, context: PlanContext) -> Plan {
        JSONOpsPlanner.looksLikeJSON(turn) ? JSONOpsPlanner().plan(turn, context: context) : words.plan(turn, context: context)
    }
}
