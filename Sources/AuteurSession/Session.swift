import AuteurCore
import AuteurStore
import Foundation

/// What happens during a turn, in order, for the terminal UI and for scripts.
public enum SessionEvent: Sendable, Equatable {
    case planned([Op])
    /// The ops applied in memory; nothing is saved yet.
    case applied(Project)
    /// The turn is committed: `revision` is the new head.
    case persisted(revision: Int)
    /// The head moved without a new revision (undo, redo, checkout).
    case moved(revision: Int)
    case replied(Reply)
}

/// The outcome of one turn, for callers that do not follow the events.
public struct TurnResult: Sendable, Equatable {
    public var reply: Reply
    /// The head after the turn.
    public var revision: Int
    /// Whether the head changed.
    public var changed: Bool
    public var ops: [Op]
}

/// One turn, the same path for the terminal UI, `auteur say`, `apply` and
/// `script`: plan, apply, persist, then (later) regenerate, reporting each
/// step as an event. A turn is atomic: it ends with a new revision or with
/// the project exactly as it was.
public final class Session: Sendable {
    public let store: ProjectStore
    public let planner: any Planner

    public init(store: ProjectStore, planner: any Planner = JSONOpsPlanner()) {
        self.store = store
        self.planner = planner
    }

    /// `recordAnswers`: whether turns that change nothing (questions,
    /// errors) go into the chat transcript. The chat does; `auteur apply`,
    /// a command that fails with an exit code instead, does not.
    @discardableResult
    public func submit(_ turn: String, selection: Selection = Selection(), recordAnswers: Bool = true,
                       onEvent: (SessionEvent) -> Void = { _ in }) throws -> TurnResult {
        let head = try store.head()
        let project = try store.revision(head).project
        let plan = planner.plan(turn, context: PlanContext(project: project, selection: selection, revision: head))
        switch plan {
        case .answer(let reply):
            if recordAnswers { try store.recordExchange(turn: turn, reply: reply) }
            onEvent(.replied(reply))
            return TurnResult(reply: reply, revision: head, changed: false, ops: [])
        case .undo:
            return try move(turn, onEvent: onEvent, to: try store.undo(), nothing: "Nothing to undo.", done: "Undid revision \(head)")
        case .redo:
            return try move(turn, onEvent: onEvent, to: try store.redo(), nothing: "Nothing to redo.", done: "Redid")
        case .checkout(let id):
            try store.checkout(id)
            return try move(turn, onEvent: onEvent, to: id, nothing: "", done: "Checked out")
        case .edit(let ops, let reply):
            onEvent(.planned(ops))
            let next: Project
            do {
                next = try project.applying(ops)
            } catch {
                let failure = Reply(.error, "Nothing changed: \(error)")
                if recordAnswers { try store.recordExchange(turn: turn, reply: failure) }
                onEvent(.replied(failure))
                return TurnResult(reply: failure, revision: head, changed: false, ops: ops)
            }
            onEvent(.applied(next))
            let id = try store.commitTurn(parent: head, ops: ops, project: next, turn: turn, reply: reply)
            onEvent(.persisted(revision: id))
            onEvent(.replied(reply))
            return TurnResult(reply: reply, revision: id, changed: true, ops: ops)
        }
    }

    private func move(_ turn: String, onEvent: (SessionEvent) -> Void, to target: Int?, nothing: String, done: String) throws -> TurnResult {
        guard let target else {
            let reply = Reply(.error, nothing)
            try store.recordExchange(turn: turn, reply: reply)
            onEvent(.replied(reply))
            return TurnResult(reply: reply, revision: try store.head(), changed: false, ops: [])
        }
        let reply = Reply(.ok, "\(done); now at revision \(target).")
        try store.recordExchange(turn: turn, reply: reply)
        onEvent(.moved(revision: target))
        onEvent(.replied(reply))
        return TurnResult(reply: reply, revision: target, changed: true, ops: [])
    }
}
