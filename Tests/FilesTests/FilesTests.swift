// Reading refuses what is not a regular file and what is too large before reading it; writing
// replaces a file whole or not at all; every failure names the path and says why in plain words.

import Files
import Foundation
import Testing
@testable import Files

@Suite final class FilesTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    @Test("a regular file reads back; a missing path, a folder, a FIFO and a device are refused before reading")
    func kinds() throws {
        let file = folder.appendingPathComponent("a.txt")
        try writeAtomically(Data("hello".utf8), to: file)
        #expect(try readFile(at: file, limit: 100) == Array("hello".utf8))
        #expect(throws: FileError.cannotRead(path: folder.appendingPathComponent("no.txt").path, reason: "no such file")) {
            try readFile(at: folder.appendingPathComponent("no.txt"), limit: 100)
        }
        #expect(throws: FileError.cannotRead(path: folder.path, reason: "it is a folder; a file was expected")) {
            try readFile(at: folder, limit: 100)
        }
        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        // Opening a FIFO for reading would wait for a writer forever; it is refused first.
        #expect(throws: FileError.cannotRead(path: fifo.path, reason: "it is a named pipe (FIFO); a regular file was expected")) {
            try readFile(at: fifo, limit: 100)
        }
        #expect(throws: FileError.cannotRead(path: "/dev/zero", reason: "it is a character device; a regular file was expected")) {
            try readFile(at: URL(fileURLWithPath: "/dev/zero"), limit: 100)
        }
    }

    @Test("a file over the limit is refused with both sizes, and the limit itself is allowed")
    func limit() throws {
        let file = folder.appendingPathComponent("big.txt")
        try writeAtomically(Data(repeating: 65, count: 2048), to: file)
        #expect(try readFile(at: file, limit: 2048).count == 2048)
        #expect(throws: FileError.cannotRead(path: file.path, reason: "it is 2 KiB; files of this kind may be at most 1 KiB")) {
            try readFile(at: file, limit: 1024)
        }
    }

    @Test("writing creates missing folders, replaces the old file whole and leaves no temporary file")
    func write() throws {
        let file = folder.appendingPathComponent("a/b/c.txt")
        try writeAtomically(Data("one".utf8), to: file)
        try writeAtomically(Data("two".utf8), to: file)
        #expect(try readText(at: file, limit: 100) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["c.txt"])
    }

    @Test("writing where a file stands for a folder, or onto a folder, says so")
    func wrongKinds() throws {
        let file = folder.appendingPathComponent("plain")
        try writeAtomically(Data("x".utf8), to: file)
        #expect(throws: FileError.cannotWrite(path: file.path, reason: "\(file.path) is a file, where a folder was expected")) {
            try writeAtomically(Data("y".utf8), to: file.appendingPathComponent("inside.txt"))
        }
        #expect(throws: FileError.cannotWrite(path: folder.path, reason: "it is a folder; a file was expected here")) {
            try writeAtomically(Data("y".utf8), to: folder)
        }
    }

    @Test("text that is not UTF-8 is refused by name; sizes read as people write them")
    func textAndSizes() throws {
        let file = folder.appendingPathComponent("latin1.txt")
        try writeAtomically(Data([0x63, 0x61, 0x66, 0xE9]), to: file)
        #expect(throws: FileError.cannotRead(path: file.path, reason: "it is not UTF-8 text")) { try readText(at: file, limit: 100) }
        #expect(byteCount(300) == "300 bytes" && byteCount(1536) == "1.5 KiB" && byteCount(1 << 30) == "1 GiB")
        #expect(byteCount(4_500_000_000) == "4.2 GiB")
    }

    @Test("appends add whole records after what is there")
    func appends() throws {
        let file = folder.appendingPathComponent("log.csv")
        try writeAtomically(Data("a\r\n".utf8), to: file)
        let log = try AppendingFile(file)
        try log.append(Data("b\r\n".utf8))
        try log.append(Data("c\r\n".utf8))
        log.close()
        #expect(try readText(at: file, limit: 100) == "a\r\nb\r\nc\r\n")
    }
}
