import AuteurCore
import AuteurMedia
import AuteurSession
import AuteurStore
import Foundation
import Testing

@Suite("Provenance of an export")
struct ProvenanceRecordTests {
    @Test("the record holds the turns on the path to the revision, not an undone branch, and the seeds")
    func turnsOnThePath() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let session = Session(store: store)
        let first = try session.submit(carTurn)
        let branch = try session.submit(#"[{"op":"setting","setting":"forest"}]"#)
        _ = try store.undo()
        let second = try session.submit(#"[{"op":"relight","time_of_day":"night"}]"#)

        let record = try session.provenance(of: second.revision, auteurVersion: "9.9.9")
        #expect(record.revision == second.revision)
        #expect(record.turns.map(\.revision) == [first.revision, second.revision], "revision \(branch.revision) was undone")
        #expect(record.turns.last?.text.contains("night") == true)
        #expect(record.turns.first?.reply == first.reply.text)
        #expect(record.projectSeed == 5)
        let car = try #require(try store.revision(second.revision).project.cast.first { $0.id == "car" })
        #expect(record.castSeeds == [.init(object: "car", seed: car.seed)])
        #expect(record.auteurVersion == "9.9.9")

        let manifest = try session.manifest(for: branch.revision, title: "t.mp4", auteurVersion: "9.9.9")
        #expect(manifest.provenance.turns.map(\.revision) == [first.revision, branch.revision], "any revision can be exported")
        #expect(throws: AuteurError.self) { try session.provenance(of: 99, auteurVersion: "9.9.9") }
    }
}
