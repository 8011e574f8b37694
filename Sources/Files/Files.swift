// Every file TinyLab reads or writes goes through here: reading refuses anything but a regular
// file (a FIFO would block forever, /dev/zero would fill memory) and any file above the limit for
// its kind, before reading a byte; writing goes to a temporary file renamed over the target, so a
// file is its old or its new self, never torn. Errors say which path, what it is, what was
// expected, in plain words rather than a system framework's. Leaves out what the bytes mean.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file that cannot be read or written.
public enum FileError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// A folder another process has locked (FolderLock), and who that is.
    case busy(path: String, holder: String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): "\(path): cannot be read: \(reason)"
        case .cannotWrite(let path, let reason): "\(path): cannot be written: \(reason)"
        case .busy(let path, _): "\(path): \(reason)"
        }
    }

    /// The reason alone, for messages that name the path their own way.
    public var reason: String {
        switch self {
        case .cannotRead(_, let reason), .cannotWrite(_, let reason): reason
        case .busy(_, let holder):
            "another tinylab is working in this folder" + (holder.isEmpty ? "" : " (\(holder))") + "; wait for it to finish, or stop it first"
        }
    }
}

/// The largest file TinyLab reads of each kind (Docs/ERRORS.md lists them).
public enum FileLimit {
    /// A corpus: 1 GiB. A 20 MB corpus is a large one for these models.
    public static let corpus = 1 << 30
    /// An experiment spec: 16 MiB.
    public static let spec = 16 << 20
    /// What TinyLab writes itself: run.json, metrics.csv, tokenizer.json, models, checkpoints.
    public static let data = 4 << 30
}

/// What a path names.
public enum FileKind: Equatable, Sendable {
    case missing, regular, directory
    /// A FIFO, device, socket or anything else that is not a plain file.
    case other(String)
}

/// What `path` is, without following it into anything that could block.
public func fileKind(_ path: String) -> FileKind {
    var info = stat()
    guard stat(path, &info) == 0 else { return .missing }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .regular
    case S_IFDIR: return .directory
    case S_IFIFO: return .other("a named pipe (FIFO)")
    case S_IFCHR: return .other("a character device")
    case S_IFBLK: return .other("a block device")
    case S_IFSOCK: return .other("a socket")
    default: return .other("not a regular file")
    }
}

/// The bytes of the regular file at `url`, at most `limit` of them.
/// - Throws: `FileError.cannotRead` for a missing path, a folder, a FIFO or device, a file over
///   the limit, or a read that fails.
public func readFile(at url: URL, limit: Int) throws(FileError) -> [UInt8] {
    let path = url.path
    switch fileKind(path) {
    case .missing: throw .cannotRead(path: path, reason: "no such file")
    case .directory: throw .cannotRead(path: path, reason: "it is a folder; a file was expected")
    case .other(let what): throw .cannotRead(path: path, reason: "it is \(what); a regular file was expected")
    case .regular: break
    }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .cannotRead(path: path, reason: systemReason(errno)) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .cannotRead(path: path, reason: systemReason(errno)) }
    let size = Int(info.st_size)
    guard size <= limit else {
        throw .cannotRead(path: path, reason: "it is \(byteCount(size)); files of this kind may be at most \(byteCount(limit))")
    }
    var bytes = [UInt8](repeating: 0, count: size)
    var done = 0
    while done < size {
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
        if n < 0, errno == EINTR { continue }
        guard n >= 0 else { throw .cannotRead(path: path, reason: systemReason(errno)) }
        if n == 0 { break }  // the file shrank while it was read
        done += n
    }
    return done == size ? bytes : Array(bytes[..<done])
}

/// The text of the file at `url` as UTF-8, at most `limit` bytes.
public func readText(at url: URL, limit: Int) throws(FileError) -> String {
    let bytes = try readFile(at: url, limit: limit)
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw .cannotRead(path: url.path, reason: "it is not UTF-8 text")
    }
    return text
}

/// Creates the folder at `url` and its missing parents.
public func createFolder(_ url: URL) throws(FileError) {
    let path = url.standardizedFileURL.path
    switch fileKind(path) {
    case .directory: return
    case .regular, .other: throw .cannotWrite(path: path, reason: "\(path) is a file, where a folder was expected")
    case .missing: break
    }
    let parent = url.standardizedFileURL.deletingLastPathComponent()
    if parent.path != path { try createFolder(parent) }
    if mkdir(path, 0o755) != 0, errno != EEXIST { throw .cannotWrite(path: path, reason: systemReason(errno)) }
}

/// Writes `data` to `url` through a temporary file in the same folder and a rename, creating
/// missing folders on the way.
public func writeAtomically(_ data: Data, to url: URL) throws(FileError) {
    let file = try TemporaryFile(replacing: url)
    do {
        try file.write(data)
        try file.commit()
    } catch {
        file.discard()
        throw error
    }
}

/// A file written in pieces into a temporary file beside its target, then renamed over the target.
public final class TemporaryFile {
    public let target: URL
    private let temporary: String
    private var fd: Int32

    public init(replacing target: URL) throws(FileError) {
        self.target = target
        let folder = target.deletingLastPathComponent()
        if fileKind(target.path) == .directory {
            throw .cannotWrite(path: target.path, reason: "it is a folder; a file was expected here")
        }
        try createFolder(folder)
        temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString)").path
        fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: target.path, reason: systemReason(errno)) }
    }

    deinit { if fd >= 0 { discard() } }

    /// Appends `data` to the temporary file.
    public func write(_ data: Data) throws(FileError) {
        try writeAll(fd, data, path: target.path)
    }

    /// Closes the temporary file and renames it over the target.
    public func commit() throws(FileError) {
        let closed = close(fd)
        fd = -1
        guard closed == 0 else {
            let reason = systemReason(errno)
            unlink(temporary)
            throw .cannotWrite(path: target.path, reason: reason)
        }
        guard rename(temporary, target.path) == 0 else {
            let reason = systemReason(errno)
            unlink(temporary)
            throw .cannotWrite(path: target.path, reason: reason)
        }
    }

    /// Closes and removes the temporary file, leaving the target as it was.
    public func discard() {
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(temporary)
    }
}

/// A file open for appending whole records, each with one write call.
public final class AppendingFile {
    public let url: URL
    private var fd: Int32

    public init(_ url: URL) throws(FileError) {
        self.url = url
        guard fileKind(url.path) == .regular else { throw .cannotWrite(path: url.path, reason: "it is missing or not a regular file") }
        fd = open(url.path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotWrite(path: url.path, reason: systemReason(errno)) }
    }

    deinit { close() }

    public func append(_ data: Data) throws(FileError) {
        try writeAll(fd, data, path: url.path)
    }

    public func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }
}

private func writeAll(_ fd: Int32, _ data: Data, path: String) throws(FileError) {
    var done = 0
    while done < data.count {
        let n = data.withUnsafeBytes { write(fd, $0.baseAddress! + done, data.count - done) }
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { throw .cannotWrite(path: path, reason: systemReason(errno)) }
        done += n
    }
}

/// A system error number in plain words.
public func systemReason(_ code: Int32) -> String {
    switch code {
    case ENOENT: "no such file or folder"
    case ENOTDIR: "a part of its path is a file, not a folder"
    case EISDIR: "it is a folder; a file was expected"
    case EACCES, EPERM: "permission denied"
    case ENOSPC: "no space left on the device"
    case EDQUOT: "the disk quota is used up"
    case EROFS: "the file system is read-only"
    case ENAMETOOLONG: "the name is too long"
    case EMFILE, ENFILE: "too many files are open"
    case EIO: "an input/output error of the device"
    default: String(cString: strerror(code)).lowercased()
    }
}

/// "4.2 GiB", "512 KiB", "300 bytes".
public func byteCount(_ n: Int) -> String {
    let units: [(Double, String)] = [(1_073_741_824, "GiB"), (1_048_576, "MiB"), (1024, "KiB")]
    for (size, name) in units where Double(n) >= size {
        let value = Double(n) / size
        return (value >= 10 || value == value.rounded() ? String(Int(value.rounded())) : String(format: "%.1f", value)) + " " + name
    }
    return "\(n) bytes"
}

/// An exclusive lock on a folder, held while this object lives: a file `name` in the folder,
/// locked with flock(2), which the system releases when the holding process ends however it
/// ends, so a lock left by a killed process never blocks. The file says who holds it.
public final class FolderLock {
    private var fd: Int32

    /// Takes the lock, creating the folder if need be.
    /// - Throws: `FileError.cannotWrite` when another process holds it, naming that process's
    ///   host and pid, or when the lock file cannot be made.
    public init(folder: URL, name: String = ".lock") throws(FileError) {
        try createFolder(folder)
        let path = folder.appendingPathComponent(name).path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: systemReason(errno)) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? readText(at: URL(fileURLWithPath: path), limit: 4096))?.trimmingCharacters(in: .whitespacesAndNewlines)
            Glibc.close(fd)
            fd = -1
            throw .busy(path: folder.path, holder: holder ?? "")
        }
        let holder = "pid \(getpid()) on host \(ProcessInfo.processInfo.hostName)\n"
        _ = ftruncate(fd, 0)
        _ = holder.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit { release() }

    /// Gives the lock up (also done when the object goes away or the process ends).
    public func release() {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            Glibc.close(fd)
        }
        fd = -1
    }
}
