import AuteurCore
import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// The project file: one SQLite database (WAL) holding every revision, the
/// chat transcript, attached media and settings. A turn is one transaction,
/// so a crash loses at most the turn in flight.
///
/// Opening checks the file before SQLite may write to it, so a file that is
/// not a project, is corrupt, or comes from a newer Auteur is left untouched.
/// A writer holds an advisory lock for as long as it is open, so a second
/// Auteur gets a clear message instead of interleaving turns.
public final class ProjectStore: Sendable {
    public enum Mode: Sendable { case readOnly, readWrite }

    /// "AUTR": marks SQLite files that are Auteur projects.
    public static let applicationID: Int32 = 0x4155_5452
    /// The schema this build writes; files with a higher one are refused.
    public static let schemaVersion = 1

    public let url: URL
    public let mode: Mode
    private let db: DatabaseQueue
    private let lock: FileLock?

    private init(url: URL, mode: Mode, db: DatabaseQueue, lock: FileLock?) {
        self.url = url; self.mode = mode; self.db = db; self.lock = lock
    }

    deinit {
        try? db.close()
        lock?.release()
    }

    // MARK: Create and open

    /// Creates a new project file with revision 0 holding `project`. The file
    /// appears complete or not at all (built beside the target, then renamed).
    public static func create(at url: URL, project: Project) throws -> ProjectStore {
        try project.validate()
        let path = url.path
        if FileManager.default.fileExists(atPath: path) {
            throw AuteurError.store("\(path) already exists; choose another name or remove it first")
        }
        let dir = url.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw AuteurError.store("cannot create \(path): folder \(dir.path) does not exist")
        }
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).creating")
        try? FileManager.default.removeItem(at: temp)
        do {
            let queue = try DatabaseQueue(path: temp.path, configuration: configuration(readOnly: false))
            try migrator.migrate(queue)
            try queue.write { db in
                try db.execute(sql: "PRAGMA application_id = \(applicationID)")
                let scene = try CanonicalJSON.string(project)
                try db.execute(sql: """
                    INSERT INTO revision (id, parent, ops, scene, turn, reply, reply_kind, created_at)
                    VALUES (0, NULL, '[]', ?, '', ?, 'ok', ?)
                    """, arguments: [scene, "New project", Date().timeIntervalSince1970])
                try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('head', '0')")
            }
            // Fold the WAL into the main file so the rename moves one complete file.
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try queue.close()
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temp.path + suffix) }
            guard rename(temp.path, path) == 0 else {
                throw AuteurError.store("cannot create \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temp.path + suffix) }
            if let e = error as? AuteurError { throw e }
            throw AuteurError.store("cannot create \(path): \(oneLine(error))")
        }
        return try open(at: url, mode: .readWrite)
    }

    public static func open(at url: URL, mode: Mode = .readWrite) throws -> ProjectStore {
        let path = url.path
        try checkHeader(path)
        // First look read-only: nothing is written until the file has proved
        // to be a healthy project of a schema we know. SQLite may still create
        // WAL sidecar files to read a WAL-mode file; those are removed again
        // if the file is refused, so a refused file is left as it was found.
        let sidecars = ["-wal", "-shm"].map { path + $0 }.filter { !FileManager.default.fileExists(atPath: $0) }
        func refuse(_ error: AuteurError) -> AuteurError {
            for f in sidecars { try? FileManager.default.removeItem(atPath: f) }
            return error
        }
        do {
            let probe = try DatabaseQueue(path: path, configuration: configuration(readOnly: true))
            defer { try? probe.close() }
            try probe.read { db in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                guard appID == applicationID else {
                    throw AuteurError.store("\(path) is not an Auteur project (an SQLite database of another application)")
                }
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                guard version <= schemaVersion else {
                    throw AuteurError.store("\(path) was written by a newer Auteur (project schema \(version); this one reads up to \(schemaVersion))")
                }
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else {
                    throw AuteurError.store("\(path) is corrupt (\(check.first ?? "integrity check failed"))")
                }
            }
        } catch let e as AuteurError {
            throw refuse(e)
        } catch let e as DatabaseError {
            throw refuse(AuteurError.store("\(path) is corrupt or not an Auteur project (\(e.message ?? "SQLite error \(e.resultCode.rawValue)"))"))
        } catch {
            throw refuse(AuteurError.store("cannot open \(path): \(oneLine(error))"))
        }

        var lock: FileLock? = nil
        if mode == .readWrite {
            lock = try FileLock.acquire(path)
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration(readOnly: mode == .readOnly))
            if mode == .readWrite { try migrator.migrate(queue) }
            let store = ProjectStore(url: url, mode: mode, db: queue, lock: lock)
            _ = try store.head()
            return store
        } catch {
            lock?.release()
            if let e = error as? AuteurError { throw e }
            throw AuteurError.store("cannot open \(path): \(oneLine(error))")
        }
    }

    /// Refuses, by reading the first bytes, files SQLite would otherwise
    /// happily turn into a new empty database (an empty file) or reject late.
    static func checkHeader(_ path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw AuteurError.notFound("no project at \(path) (create one with: auteur new \(path))")
        }
        guard !isDir.boolValue else { throw AuteurError.store("\(path) is a folder, not an Auteur project") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw AuteurError.store("cannot read \(path): permission denied")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        if header.isEmpty { throw AuteurError.store("\(path) is empty, not an Auteur project") }
        guard header.count >= 100, header.prefix(16) == Data("SQLite format 3\0".utf8) else {
            throw AuteurError.store("\(path) is not an Auteur project (not an SQLite database)")
        }
    }

    static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.label = "auteur-project"
        if !readOnly {
            config.journalMode = .wal
            // A writer that finds the file busy waits a little, then reports it.
            config.busyMode = .timeout(2)
        }
        config.prepareDatabase { db in
            if !db.configuration.readonly {
                // FULL makes each committed turn durable even across power loss.
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
        }
        return config
    }

    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE revision (
                    id INTEGER PRIMARY KEY,
                    parent INTEGER REFERENCES revision(id),
                    ops TEXT NOT NULL,
                    scene TEXT NOT NULL,
                    turn TEXT NOT NULL DEFAULT '',
                    reply TEXT NOT NULL DEFAULT '',
                    reply_kind TEXT NOT NULL DEFAULT 'ok',
                    redo_child INTEGER,
                    created_at REAL NOT NULL
                );
                CREATE INDEX revision_parent ON revision(parent);
                CREATE TABLE chat (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    revision INTEGER NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('director', 'auteur')),
                    kind TEXT NOT NULL,
                    text TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE media (
                    hash TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    bytes BLOB NOT NULL,
                    analysis BLOB,
                    added_at REAL NOT NULL
                );
                CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                PRAGMA user_version = 1;
                """)
        }
        return m
    }()

    // MARK: Reading

    public func head() throws -> Int {
        try read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'head'"), let id = Int(text) else {
                throw AuteurError.store("\(self.url.path) has no head revision; the file is damaged")
            }
            return id
        }
    }

    public func revision(_ id: Int) throws -> Revision {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM revision WHERE id = ?", arguments: [id]) else {
                throw AuteurError.notFound("no revision \(id) in \(self.url.path)")
            }
            return try self.decodeRevision(row)
        }
    }

    public func currentRevision() throws -> Revision { try revision(try head()) }
    public func currentProject() throws -> Project { try currentRevision().project }

    public func log() throws -> [RevisionSummary] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, parent, ops, turn, reply, reply_kind, created_at FROM revision ORDER BY id").map { row in
                let ops = (try? CanonicalJSON.decode([Op].self, from: Data((row["ops"] as String).utf8))) ?? []
                return RevisionSummary(id: row["id"], parent: row["parent"], opSummaries: ops.map(\.summary), turn: row["turn"],
                                       reply: Reply(Reply.Kind(rawValue: row["reply_kind"]) ?? .ok, row["reply"]),
                                       createdAt: Date(timeIntervalSince1970: row["created_at"]))
            }
        }
    }

    public func history() throws -> HistoryGraph {
        try read { db in try self.loadGraph(db) }
    }

    public func chat() throws -> [ChatEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM chat ORDER BY id").map { row in
                ChatEntry(id: row["id"], revision: row["revision"], role: ChatEntry.Role(rawValue: row["role"]) ?? .auteur,
                          kind: Reply.Kind(rawValue: row["kind"]) ?? .ok, text: row["text"],
                          createdAt: Date(timeIntervalSince1970: row["created_at"]))
            }
        }
    }

    public func media(_ hash: String) throws -> MediaRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM media WHERE hash = ?", arguments: [hash]).map { row in
                MediaRecord(hash: row["hash"], name: row["name"], kind: Attachment.Kind(rawValue: row["kind"]) ?? .image,
                            bytes: row["bytes"], analysis: row["analysis"])
            }
        }
    }

    public func setting(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    /// SQLite's full integrity check: "ok" for a healthy file.
    public func integrityCheck() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    // MARK: Writing

    /// Saves a turn that produced a revision: the revision, both sides of the
    /// chat and the new head, in one transaction. Returns the new revision id.
    /// `media` are stored in the same transaction, so an attachment and the
    /// revision that records it land together or not at all.
    @discardableResult
    public func commitTurn(parent: Int, ops: [Op], project: Project, turn: String, reply: Reply,
                           media: [MediaRecord] = []) throws -> Int {
        try write { db in
            for m in media { try self.insertMedia(db, m) }
            let head = try self.headIn(db)
            guard head == parent else {
                throw AuteurError.store("the project moved on (head is \(head), the turn was made on \(parent)); try again")
            }
            let id = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM revision") ?? 0) + 1
            let now = Date().timeIntervalSince1970
            try db.execute(sql: """
                INSERT INTO revision (id, parent, ops, scene, turn, reply, reply_kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, parent, try CanonicalJSON.string(ops), try CanonicalJSON.string(project), turn, reply.text, reply.kind.rawValue, now])
            try db.execute(sql: "UPDATE revision SET redo_child = ? WHERE id = ?", arguments: [id, parent])
            try self.appendChat(db, revision: id, role: .director, kind: .ok, text: turn, at: now)
            try self.appendChat(db, revision: id, role: .auteur, kind: reply.kind, text: reply.text, at: now)
            try self.setHead(db, id)
            return id
        }
    }

    /// Records a turn that changed nothing (a question or an error reply).
    public func recordExchange(turn: String, reply: Reply) throws {
        try write { db in
            let head = try self.headIn(db)
            let now = Date().timeIntervalSince1970
            try self.appendChat(db, revision: head, role: .director, kind: .ok, text: turn, at: now)
            try self.appendChat(db, revision: head, role: .auteur, kind: reply.kind, text: reply.text, at: now)
        }
    }

    /// Moves the head one step back. Returns the new head, or nil at revision 0.
    @discardableResult
    public func undo() throws -> Int? {
        try write { db in
            let graph = try self.loadGraph(db)
            let head = try self.headIn(db)
            guard let target = graph.undoTarget(from: head) else { return nil }
            try self.move(db, graph: graph, from: head, to: target)
            return target
        }
    }

    /// Moves the head forward along the branch last undone or created.
    @discardableResult
    public func redo() throws -> Int? {
        try write { db in
            let graph = try self.loadGraph(db)
            let head = try self.headIn(db)
            guard let target = graph.redoTarget(from: head) else { return nil }
            try self.move(db, graph: graph, from: head, to: target)
            return target
        }
    }

    public func checkout(_ id: Int) throws {
        try write { db in
            let graph = try self.loadGraph(db)
            guard graph.nodes[id] != nil else { throw AuteurError.notFound("no revision \(id) in \(self.url.path)") }
            try self.move(db, graph: graph, from: try self.headIn(db), to: id)
        }
    }

    /// Stores media bytes by content hash; attaching the same bytes twice is one row.
    @discardableResult
    public func addMedia(_ bytes: Data, name: String, kind: Attachment.Kind, analysis: Data? = nil) throws -> String {
        let record = MediaRecord(hash: SHA256.hex(bytes), name: name, kind: kind, bytes: bytes, analysis: analysis)
        try write { db in try self.insertMedia(db, record) }
        return record.hash
    }

    private func insertMedia(_ db: Database, _ m: MediaRecord) throws {
        try db.execute(sql: """
            INSERT INTO media (hash, name, kind, bytes, analysis, added_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(hash) DO UPDATE SET name = excluded.name, analysis = COALESCE(excluded.analysis, media.analysis)
            """, arguments: [m.hash, m.name, m.kind.rawValue, m.bytes, m.analysis, Date().timeIntervalSince1970])
    }

    public func setSetting(_ key: String, _ value: String) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    // MARK: Internals

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try db.read(body) } catch { throw Self.wrap(error, url) }
    }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard mode == .readWrite else { throw AuteurError.store("\(url.path) is open read-only") }
        do { return try db.write(body) } catch { throw Self.wrap(error, url) }
    }

    static func wrap(_ error: Error, _ url: URL) -> Error {
        if error is AuteurError { return error }
        if let e = error as? DatabaseError {
            if e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED {
                return AuteurError.store("\(url.path) is busy in another process; try again")
            }
            if e.resultCode == .SQLITE_FULL { return AuteurError.store("the disk is full; \(url.path) was not changed") }
            return AuteurError.store("\(url.path): \(e.message ?? "SQLite error \(e.resultCode.rawValue)")")
        }
        return AuteurError.store("\(url.path): \(oneLine(error))")
    }

    private func headIn(_ db: Database) throws -> Int {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'head'"), let id = Int(text) else {
            throw AuteurError.store("\(url.path) has no head revision; the file is damaged")
        }
        return id
    }

    private func setHead(_ db: Database, _ id: Int) throws {
        try db.execute(sql: "UPDATE setting SET value = ? WHERE key = 'head'", arguments: [String(id)])
    }

    private func appendChat(_ db: Database, revision: Int, role: ChatEntry.Role, kind: Reply.Kind, text: String, at time: Double) throws {
        try db.execute(sql: "INSERT INTO chat (revision, role, kind, text, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [revision, role.rawValue, kind.rawValue, text, time])
    }

    private func loadGraph(_ db: Database) throws -> HistoryGraph {
        let rows = try Row.fetchAll(db, sql: "SELECT id, parent, redo_child FROM revision")
        var redo: [Int: Int] = [:]
        for r in rows { if let c: Int = r["redo_child"] { redo[r["id"]] = c } }
        return HistoryGraph(nodes: rows.map { RevisionNode(id: $0["id"], parent: $0["parent"]) }, redoChild: redo)
    }

    private func move(_ db: Database, graph: HistoryGraph, from: Int, to: Int) throws {
        var g = graph
        g.noteMove(from: from, to: to)
        for (parent, child) in g.redoChild where graph.redoChild[parent] != child {
            try db.execute(sql: "UPDATE revision SET redo_child = ? WHERE id = ?", arguments: [child, parent])
        }
        try setHead(db, to)
    }

    private func decodeRevision(_ row: Row) throws -> Revision {
        let id: Int = row["id"]
        let ops = try CanonicalJSON.decode([Op].self, from: Data((row["ops"] as String).utf8), what: "revision \(id) ops")
        let project = try CanonicalJSON.decode(Project.self, from: Data((row["scene"] as String).utf8), what: "revision \(id) scene")
        return Revision(id: id, parent: row["parent"], ops: ops, project: project, turn: row["turn"],
                        reply: Reply(Reply.Kind(rawValue: row["reply_kind"]) ?? .ok, row["reply"]),
                        createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}

func oneLine(_ error: Error) -> String {
    let text = (error as CustomStringConvertible).description
    return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
}

/// An advisory whole-file lock (flock) held by the one process that writes a
/// project. flock locks are independent of SQLite's own fcntl locks on Linux,
/// and the kernel drops them when the process dies, even by kill -9.
final class FileLock: Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    static func acquire(_ path: String) throws -> FileLock {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AuteurError.store("cannot open \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            Glibc.close(fd)
            throw AuteurError.store(busy ? "\(path) is open in another Auteur process; close it there first"
                                         : "cannot lock \(path): \(String(cString: strerror(errno)))")
        }
        return FileLock(fd: fd)
    }

    func release() {
        flock(fd, LOCK_UN)
        Glibc.close(fd)
    }
}
