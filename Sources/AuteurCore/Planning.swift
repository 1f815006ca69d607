/// The contract between a turn's text and the session: planners read text
/// into a `Plan`; the session applies and persists it.

/// How Auteur answered a turn. The kinds are the planner's vocabulary:
/// ok (did what was asked), warning (did something non-literal and says so),
/// question (changed nothing, asks), error (changed nothing, says why).
public struct Reply: Hashable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case ok, warning, question, error }
    public var kind: Kind
    public var text: String
    public init(_ kind: Kind, _ text: String) { self.kind = kind; self.text = text }
}

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

/// Turns text into a plan. Implementations: the JSON-ops planner in
/// AuteurSession (the scripting interface) and the natural-language planner
/// in AuteurPlanner.
public protocol Planner: Sendable {
    func plan(_ turn: String, context: PlanContext) -> Plan
}

