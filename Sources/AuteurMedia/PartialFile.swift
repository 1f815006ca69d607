import Foundation

/// A last step on a finished film before it is flushed and moved into place,
/// given the hidden partial file's path: content credentials are written
/// here, so the target never exists without them.
public typealias FinishingStep = @Sendable (_ partialPath: String) throws -> Void

/// A file written beside its target under a hidden name and moved into place
/// only when complete, so a crash, error or cancel never leaves half a film
/// where the user expects a whole one.
struct PartialFile {
    let target: String
    let temporary: String

    /// Claims a hidden temporary name in the target's directory. Refuses an
    /// existing target unless `force`, before anything is encoded.
    init(target: String, force: Bool) throws(MediaError) {
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MediaError(.badInput, doing: "write", file: target, reason: "the folder \(directory) does not exist")
        }
        if !force, FileManager.default.fileExists(atPath: target) {
            throw MediaError(.targetExists, doing: "write", file: target, reason: "it already exists (use force to replace it)")
        }
        // Same directory keeps the final rename on one filesystem, hence atomic.
        // O_EXCL claims the name so two exports to one target never share it.
        let stem = directory + "/." + url.lastPathComponent + ".partial-\(getpid())"
        for attempt in 0..<1000 {
            let candidate = "\(stem)-\(attempt)"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 {
                close(fd)
                self.target = target
                self.temporary = candidate
                return
            }
            if errno != EEXIST { throw Libav.systemError("create a temporary file beside", file: target) }
        }
        throw MediaError(.system(EEXIST), doing: "create a temporary file beside", file: target, reason: "too many stale partial files")
    }

    /// Flushes the bytes to disk, then moves them into place. Without `force`
    /// the move is a hard link, which fails rather than replace a target that
    /// appeared while we were encoding.
    func commit(force: Bool) throws(MediaError) {
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Libav.systemError("reopen the finished export for", file: target) }
        let synced = fsync(fd)
        let syncErrno = errno
        close(fd)
        guard synced == 0 else { throw Libav.systemError("flush to disk", file: target, errno: syncErrno) }

        if force {
            guard rename(temporary, target) == 0 else { throw Libav.systemError("move the finished export to", file: target) }
        } else {
            if link(temporary, target) == 0 {
                unlink(temporary)
            } else if errno == EEXIST {
                throw MediaError(.targetExists, doing: "write", file: target, reason: "it appeared during the export (use force to replace it)")
            } else {
                // Filesystems without hard links: a plain rename after one last check.
                guard !FileManager.default.fileExists(atPath: target) else {
                    throw MediaError(.targetExists, doing: "write", file: target, reason: "it appeared during the export (use force to replace it)")
                }
                guard rename(temporary, target) == 0 else { throw Libav.systemError("move the finished export to", file: target) }
            }
        }
        // The rename itself lives in the directory; sync it so it survives a power cut.
        let dirFD = open(URL(fileURLWithPath: target).deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
    }

    func discard() {
        unlink(temporary)
    }
}
