import AuteurCore
import Foundation

/// How Auteur answered a turn. The kinds are the planner's vocabulary:
/// ok (did what was asked), warning (did something non-literal and says so),
/// question (changed nothing, asks), error (changed nothing, says why).
public struct Reply: Hashable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case ok, warning, question, error }
    public var kind: Kind
    public var text: String
    public init(_ kind: Kind, _ text: String) { self.kind = kind; self.text = text }
}

/// One saved revision: the ops of the turn that made it and the scene after them.
public struct Revision: Sendable, Equatable {
    public var id: Int
    public var parent: Int?
    public var ops: [Op]
    public var project: Project
    public var turn: String
    public var reply: Reply
    public var createdAt: Date
}

/// A revision without its scene, for listing the history cheaply.
public struct RevisionSummary: Sendable, Equatable {
    public var id: Int
    public var parent: Int?
    public var opSummaries: [String]
    public var turn: String
    public var reply: Reply
    public var createdAt: Date
}

public struct ChatEntry: Sendable, Equatable {
    public enum Role: String, Sendable { case director, auteur }
    public var id: Int
    /// The head revision after this entry was made.
    public var revision: Int
    public var role: Role
    public var kind: Reply.Kind
    public var text: String
    public var createdAt: Date
}

/// An attached media file, stored by content hash.
public struct MediaRecord: Sendable, Equatable {
    public var hash: String
    public var name: String
    public var kind: Attachment.Kind
    public var bytes: Data
    /// Derived data (audio envelope, image statistics) as JSON, if computed.
    public var analysis: Data?
}
