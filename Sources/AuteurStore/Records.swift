import AuteurCore
import Foundation

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

    /// A record for `bytes`, addressed by their SHA-256.
    public init(bytes: Data, name: String, kind: Attachment.Kind, analysis: Data? = nil) {
        self.init(hash: SHA256.hex(bytes), name: name, kind: kind, bytes: bytes, analysis: analysis)
    }

    public init(hash: String, name: String, kind: Attachment.Kind, bytes: Data, analysis: Data?) {
        self.hash = hash; self.name = name; self.kind = kind; self.bytes = bytes; self.analysis = analysis
    }
}
