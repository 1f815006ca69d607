import AuteurCore
import AuteurRender
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
    /// The frames were brought up to the new revision.
    case regenerated(RegenerationStats)
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
    /// What regeneration did, when the session regenerates.
    public var stats: RegenerationStats? = nil
}

/// One turn, the same path for the terminal UI, `auteur say`, `apply` and
/// `script`: plan, apply, persist, then (later) regenerate, reporting each
/// step as an event. A turn is atomic: it ends with a new revision or with
/// the project exactly as it was.
public final class Session: Sendable {
    public let store: ProjectStore
    public let planner: any Planner
    /// Keeps frames up to date after every turn, when set.
    public let regenerator: Regenerator?
    /// What the regenerator rasterises after a turn: `.everything` where the
    /// frames are shown (the terminal UI), `.changed` for a command that
    /// reports the differential work and exits.
    public let regenerationWork: Regenerator.Work

    public init(store: ProjectStore, planner: any Planner = JSONOpsPlanner(), regenerator: Regenerator? = nil,
                regenerationWork: Regenerator.Work = .everything) {
        self.store = store
        self.planner = planner
        self.regenerator = regenerator
        self.regenerationWork = regenerationWork
    }

    /// Brings the regenerator to `project`; the first call only records the
    /// keys of the revision the session started from (as the baseline), when
    /// the session reports differential work.
    func regenerate(from previous: Project, to project: Project, onEvent: (SessionEvent) -> Void) throws -> RegenerationStats? {
        guard let regenerator else { return nil }
        let backdrops = try backdropTextures(for: project)
        if regenerator.keys.isEmpty && regenerationWork != .everything {
            regenerator.update(to: previous, signals: try audioSignals(for: previous), backdrops: try backdropTextures(for: previous),
                               work: .keysOnly)
        }
        let stats = regenerator.update(to: project, signals: try audioSignals(for: project), backdrops: backdrops, work: regenerationWork)
        onEvent(.regenerated(stats))
        return stats
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
            return try move(turn, from: project, onEvent: onEvent, to: try store.undo(), nothing: "Nothing to undo.", done: "Undid revision \(head)")
        case .redo:
            return try move(turn, from: project, onEvent: onEvent, to: try store.redo(), nothing: "Nothing to redo.", done: "Redid")
        case .checkout(let id):
            try store.checkout(id)
            return try move(turn, from: project, onEvent: onEvent, to: id, nothing: "", done: "Checked out")
        case .edit(let planned, let reply):
            let next: Project
            let ops: [Op]
            do {
                ops = try resolveGrades(planned, on: project)
                onEvent(.planned(ops))
                next = try project.applying(ops)
            } catch {
                let failure = Reply(.error, "Nothing changed: \(error)")
                if recordAnswers { try store.recordExchange(turn: turn, reply: failure) }
                onEvent(.replied(failure))
                return TurnResult(reply: failure, revision: head, changed: false, ops: planned)
            }
            onEvent(.applied(next))
            let id = try store.commitTurn(parent: head, ops: ops, project: next, turn: turn, reply: reply)
            onEvent(.persisted(revision: id))
            let stats = try regenerate(from: project, to: next, onEvent: onEvent)
            onEvent(.replied(reply))
            return TurnResult(reply: reply, revision: id, changed: true, ops: ops, stats: stats)
        }
    }

    private func move(_ turn: String, from previous: Project, onEvent: (SessionEvent) -> Void, to target: Int?,
                      nothing: String, done: String) throws -> TurnResult {
        guard let target else {
            let reply = Reply(.error, nothing)
            try store.recordExchange(turn: turn, reply: reply)
            onEvent(.replied(reply))
            return TurnResult(reply: reply, revision: try store.head(), changed: false, ops: [])
        }
        let reply = Reply(.ok, "\(done); now at revision \(target).")
        try store.recordExchange(turn: turn, reply: reply)
        onEvent(.moved(revision: target))
        let stats = try regenerate(from: previous, to: try store.revision(target).project, onEvent: onEvent)
        onEvent(.replied(reply))
        return TurnResult(reply: reply, revision: target, changed: true, ops: [], stats: stats)
    }
}
