import AuteurCore
import AuteurStore
import Foundation

/// What a planner knows when it reads a turn: the scene as it is, and what
/// is selected. It never sees the store.
public struct PlanContext: Sendable {
    public var project: Project
    public var selection: Selection
    public var revision: Int
    public init(project: Project, selection: Selection = Selection(), revision: Int = 0) {
        self.project = project; self.selection = selection; self.revision = revision
    }
}

/// A planner's reading of one turn.
public enum Plan: Sendable, Equatable {
    /// Ops to apply, and the reply to give once they are applied.
    case edit([Op], Reply)
    case undo, redo
    case checkout(Int)
    /// Nothing to apply: a question or an error, said back to the person.
    case answer(Reply)
}

/// Turns text into a plan. Natural language arrives in AuteurPlanner; this
/// module ships the planner for JSON ops, the scripting interface.
public protocol Planner: Sendable {
    func plan(_ turn: String, context: PlanContext) -> Plan
}

/// Reads a turn as JSON ops: a list of ops, or `{"ops": [...], "reply": "..."}`.
/// The selection scopes ops that have no scope of their own.
public struct JSONOpsPlanner: Planner {
    public init() {}

    struct Envelope: Decodable {
        var ops: [Op]
        var reply: String?
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
