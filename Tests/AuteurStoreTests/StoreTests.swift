import AuteurCore
import AuteurStore
import Foundation
import GRDB
import Testing

/// A fresh folder per test, removed afterwards.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("auteur-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    deinit { try? FileManager.default.removeItem(at: url) }
}

func sampleOps() -> [Op] {
    [.setting(SetSetting(setting: .desert)),
     .add(AddObject(id: "car", kind: .car, color: RGBColor(text: "red"), path: [Keyframe(0, Point2(0.1, 0.8)), Keyframe(143, Point2(0.9, 0.8))]))]
}

@Suite("Project store")
struct StoreTests {
    @Test func createCommitAndReopen() throws {
        let dir = try TempDir()
        let url = dir.file("p.auteur")
        let base = Project(seed: 4)
        do {
            let store = try ProjectStore.create(at: url, project: base)
            #expect(try store.head() == 0)
            #expect(try store.currentProject() == base)
            let next = try base.applying(sampleOps())
            let id = try store.commitTurn(parent: 0, ops: sampleOps(), project: next, turn: "a red car", reply: Reply(.ok, "A red car."))
            #expect(id == 1)
        }
        let reopened = try ProjectStore.open(at: url)
        #expect(try reopened.head() == 1)
        #expect(try reopened.currentProject() == base.applying(sampleOps()))
        let rev = try reopened.revision(1)
        #expect(rev.ops == sampleOps() && rev.turn == "a red car" && rev.parent == 0 && rev.reply == Reply(.ok, "A red car."))
        #expect(try reopened.chat().map(\.text) == ["a red car", "A red car."])
        #expect(try reopened.chat().map(\.role) == [.director, .auteur])
        #expect(try reopened.integrityCheck() == ["ok"])
    }

    @Test func theFileIsInWALMode() throws {
        let dir = try TempDir()
        let store = try ProjectStore.create(at: dir.file("p.auteur"), project: Project())
        try store.commitTurn(parent: 0, ops: sampleOps(), project: Project().applying(sampleOps()), turn: "t", reply: Reply(.ok, "r"))
        let mode = try DatabaseQueue(path: dir.file("p.auteur").path, configuration: { var c = Configuration(); c.readonly = true; return c }())
            .read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func creatingOverAnExistingFileIsRefused() throws {
        let dir = try TempDir()
        let url = dir.file("p.auteur")
        try Data("precious".utf8).write(to: url)
        #expect(throws: AuteurError.self) { try ProjectStore.create(at: url, project: Project()) }
        #expect(try Data(contentsOf: url) == Data("precious".utf8))
    }

    @Test func aFailureInTheMiddleOfATurnLeavesThePreviousRevisionIntact() throws {
        let dir = try TempDir()
        let url = dir.file("p.auteur")
        let store = try ProjectStore.create(at: url, project: Project())
        let first = try Project().applying(sampleOps())
        try store.commitTurn(parent: 0, ops: sampleOps(), project: first, turn: "first", reply: Reply(.ok, "ok"))
        // A real failure half-way through the turn's transaction: the revision
        // row is written, then SQLite aborts while writing the chat.
        try DatabaseQueue(path: url.path).write { db in
            try db.execute(sql: "CREATE TRIGGER boom BEFORE INSERT ON chat WHEN NEW.text = 'boom' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
        }
        let second = try first.applying([.relight(Relight(timeOfDay: .preset(.night)))])
        #expect(throws: AuteurError.self) {
            try store.commitTurn(parent: 1, ops: [.relight(Relight(timeOfDay: .preset(.night)))], project: second, turn: "boom", reply: Reply(.ok, "x"))
        }
        #expect(try store.head() == 1)
        #expect(try store.currentProject() == first)
        #expect(try store.log().map(\.id) == [0, 1])
        #expect(try store.chat().map(\.text) == ["first", "ok"])
    }

    @Test func aStaleParentIsRefused() throws {
        let dir = try TempDir()
        let store = try ProjectStore.create(at: dir.file("p.auteur"), project: Project())
        try store.commitTurn(parent: 0, ops: sampleOps(), project: Project().applying(sampleOps()), turn: "a", reply: Reply(.ok, "a"))
        #expect(throws: AuteurError.self) {
            try store.commitTurn(parent: 0, ops: [], project: Project(), turn: "b", reply: Reply(.ok, "b"))
        }
    }

    @Test func undoRedoBranchAndCheckout() throws {
        let dir = try TempDir()
        let store = try ProjectStore.create(at: dir.file("p.auteur"), project: Project())
        let p0 = try store.currentProject()
        let p1 = try p0.applying(sampleOps())
        try store.commitTurn(parent: 0, ops: sampleOps(), project: p1, turn: "1", reply: Reply(.ok, "1"))
        let dusk = [Op.relight(Relight(timeOfDay: .preset(.dusk)))]
        let p2 = try p1.applying(dusk)
        try store.commitTurn(parent: 1, ops: dusk, project: p2, turn: "2", reply: Reply(.ok, "2"))

        #expect(try store.undo() == 1)
        #expect(try store.currentProject() == p1, "undo restores the previous scene exactly")
        #expect(try store.redo() == 2)
        #expect(try store.currentProject() == p2)
        #expect(try store.undo() == 1)

        // A new turn after undo starts a branch; the old branch stays reachable.
        let rain = [Op.weather(SetWeather(weather: Weather(.rain)))]
        let p3 = try p1.applying(rain)
        #expect(try store.commitTurn(parent: 1, ops: rain, project: p3, turn: "3", reply: Reply(.ok, "3")) == 3)
        #expect(try store.log().map(\.id) == [0, 1, 2, 3])
        #expect(try store.log().map(\.parent) == [nil, 0, 1, 1])
        #expect(try store.undo() == 1)
        #expect(try store.redo() == 3, "redo follows the newest branch")
        try store.checkout(2)
        #expect(try store.currentProject() == p2)
        #expect(try store.undo() == 1)
        #expect(try store.redo() == 2, "after checking out the old branch, redo returns to it")
        #expect(try store.undo() == 1)
        #expect(try store.undo() == 0)
        #expect(try store.undo() == nil)
        #expect(try store.currentProject() == p0)
        #expect(throws: AuteurError.self) { try store.checkout(42) }
    }

    @Test func mediaIsStoredOnceByContentHash() throws {
        let dir = try TempDir()
        let store = try ProjectStore.create(at: dir.file("p.auteur"), project: Project())
        let bytes = Data((0..<5000).map { UInt8($0 % 251) })
        let h1 = try store.addMedia(bytes, name: "a.wav", kind: .audio)
        let h2 = try store.addMedia(bytes, name: "b.wav", kind: .audio)
        #expect(h1 == h2)
        #expect(h1 == SHA256.hex(bytes))
        let record = try #require(try store.media(h1))
        #expect(record.bytes == bytes && record.name == "b.wav" && record.kind == .audio)
        #expect(try store.media("0000") == nil)
    }

    @Test func settingsPersist() throws {
        let dir = try TempDir()
        let url = dir.file("p.auteur")
        try ProjectStore.create(at: url, project: Project()).setSetting("theme", "nord")
        #expect(try ProjectStore.open(at: url).setting("theme") == "nord")
    }

    @Test func aSecondWriterGetsAClearMessage() throws {
        let dir = try TempDir()
        let url = dir.file("p.auteur")
        let first = try ProjectStore.create(at: url, project: Project())
        do {
            _ = try ProjectStore.open(at: url, mode: .readWrite)
            Issue.record("a second writer opened the project")
        } catch let e as AuteurError {
            #expect(e.description.contains("open in another Auteur process"))
        }
        // Readers are welcome while it is open.
        #expect(try ProjectStore.open(at: url, mode: .readOnly).head() == 0)
        try first.commitTurn(parent: 0, ops: sampleOps(), project: Project().applying(sampleOps()), turn: "t", reply: Reply(.ok, "r"))
        #expect(try ProjectStore.open(at: url, mode: .readOnly).head() == 1)
    }

    @Test func aReadOnlyStoreRefusesWrites() throws {
        let dir = try TempDir()
        let url = dir.file("p.auteur")
        _ = try ProjectStore.create(at: url, project: Project())
        let reader = try ProjectStore.open(at: url, mode: .readOnly)
        #expect(throws: AuteurError.self) { try reader.undo() }
    }
}

@Suite("Bad project files")
struct BadFileTests {
    /// Opens `url` expecting a one-line error, and checks the file was not touched.
    func expectRefused(_ url: URL, mentioning words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try? Data(contentsOf: url)
        let walBefore = try? Data(contentsOf: URL(fileURLWithPath: url.path + "-wal"))
        do {
            _ = try ProjectStore.open(at: url)
            Issue.record("opened a bad file", sourceLocation: sourceLocation)
        } catch let e as AuteurError {
            #expect(e.description.contains(words), "\(e.description)", sourceLocation: sourceLocation)
            #expect(e.description.contains(url.path), "the message names the file", sourceLocation: sourceLocation)
            #expect(!e.description.contains("\n"), sourceLocation: sourceLocation)
        }
        #expect((try? Data(contentsOf: url)) == before, "the file must be left untouched", sourceLocation: sourceLocation)
        #expect((try? Data(contentsOf: URL(fileURLWithPath: url.path + "-wal"))) == walBefore, "no journal is written either", sourceLocation: sourceLocation)
    }

    @Test func anEmptyFile() throws {
        let dir = try TempDir()
        let url = dir.file("empty.auteur")
        FileManager.default.createFile(atPath: url.path, contents: Data())
        try expectRefused(url, mentioning: "is empty")
    }

    @Test func randomBytes() throws {
        let dir = try TempDir()
        let url = dir.file("noise.auteur")
        var g = SeededGenerator(seed: 11)
        try Data((0..<65536).map { _ in UInt8(truncatingIfNeeded: g.next()) }).write(to: url)
        try expectRefused(url, mentioning: "not an Auteur project")
    }

    @Test func aFolder() throws {
        let dir = try TempDir()
        try expectRefused(dir.url, mentioning: "is a folder")
    }

    @Test func aMissingFile() throws {
        let dir = try TempDir()
        do { _ = try ProjectStore.open(at: dir.file("nope.auteur")); Issue.record("opened a missing file") } catch let e as AuteurError {
            #expect(e.description.contains("no project at"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("nope.auteur").path), "opening must not create the file")
    }

    @Test func anotherApplicationsSQLiteDatabase() throws {
        let dir = try TempDir()
        let url = dir.file("other.sqlite")
        try DatabaseQueue(path: url.path).write { db in
            try db.execute(sql: "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')")
        }
        try expectRefused(url, mentioning: "another application")
    }

    @Test func aTruncatedProject() throws {
        let dir = try TempDir()
        let url = dir.file("p.auteur")
        do {
            let store = try ProjectStore.create(at: url, project: Project())
            var p = Project()
            for i in 0..<40 {
                let ops = [Op.add(AddObject(id: "box\(i)", kind: .box, label: String(repeating: "x", count: 150)))]
                let next = try p.applying(ops)
                try store.commitTurn(parent: i, ops: ops, project: next, turn: "turn \(i)", reply: Reply(.ok, "ok"))
                p = next
            }
        }
        // Fold the WAL in, then cut the file in half.
        try DatabaseQueue(path: url.path).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let full = try Data(contentsOf: url)
        #expect(full.count > 8192)
        try full.prefix(full.count / 2).write(to: url)
        try expectRefused(url, mentioning: "corrupt")
    }

    @Test func aProjectFromANewerAuteur() throws {
        let dir = try TempDir()
        let url = dir.file("future.auteur")
        _ = try ProjectStore.create(at: url, project: Project())
        try DatabaseQueue(path: url.path).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA user_version = 99")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try expectRefused(url, mentioning: "newer Auteur")
    }
}
