import AuteurCore
import AuteurMedia
import AuteurStore
import Foundation

extension Session {
    /// How `revision` came to be, for its content credentials: the chat
    /// turns on the path from the new project to it (undone branches are
    /// not part of this film), the project's and cast's seeds, and the
    /// version of Auteur that exports it.
    public func provenance(of revision: Int, auteurVersion: String) throws -> ProvenanceRecord {
        let lineage = try store.history().lineage(of: revision)
        guard lineage.last == revision else { throw AuteurError.notFound("no revision \(revision) in \(store.url.path)") }
        let summaries = Dictionary(try store.log().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let project = try store.revision(revision).project
        let turns = lineage.compactMap { summaries[$0] }.filter { !$0.turn.isEmpty }
            .map { ProvenanceRecord.Turn(revision: $0.id, text: $0.turn, reply: $0.reply.text) }
        return ProvenanceRecord(revision: revision, turns: turns, projectSeed: project.seed,
                                castSeeds: project.cast.map { .init(object: $0.id, seed: $0.seed) }, auteurVersion: auteurVersion)
    }

    /// The manifest of an export of `revision`, titled by the file's name.
    public func manifest(for revision: Int, title: String, auteurVersion: String, created: Date = Date()) throws -> ManifestContent {
        ManifestContent(title: title, softwareName: "auteur", softwareVersion: auteurVersion, created: created,
                        provenance: try provenance(of: revision, auteurVersion: auteurVersion))
    }
}
