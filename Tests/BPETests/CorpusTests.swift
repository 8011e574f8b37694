// Tests of Corpus.swift: splitting into documents, line endings, strict UTF-8 decoding with the
// byte offset of the first bad sequence, and reading files.
@testable import BPE
import Foundation
import Testing

@Test("file mode keeps the whole text as one document, untouched")
func fileMode() {
    let text = "a\r\nb\n\n é\u{301}🙂\n"
    let corpus = Corpus(text: text)
    #expect(corpus.documentCount == 1)
    #expect(corpus.scalars == scalars(text))
    #expect(corpus.document(0).unicodeScalars.elementsEqual(text.unicodeScalars))
    #expect(corpus.text == text)
}

@Test("lines mode: one document per non-empty line, without its line ending", arguments: zip(
    ["a\nb\n", "a\r\nb\r\n", "\n\na\n\n\nb", "a\rb\n", "a\r", "\r\n", "", "only"],
    [["a", "b"], ["a", "b"], ["a", "b"], ["a\rb"], ["a\r"], [], [], ["only"]]
))
func linesMode(text: String, expected: [String]) {
    // A "\r" is part of the line ending only right before "\n"; elsewhere it is a character.
    let corpus = Corpus(text: text, documents: .lines)
    #expect((0..<corpus.documentCount).map { corpus.document($0) } == expected)
    #expect(corpus.characterCount == expected.map { $0.unicodeScalars.count }.reduce(0, +))
}

@Test("valid UTF-8 of every length decodes to its scalars")
func decodesUTF8() throws {
    let text = "a é € 🙂 \u{7F} \u{80} \u{7FF} \u{800} \u{FFFF} \u{10000} \u{10FFFF}"
    let corpus = try Corpus(utf8: Array(text.utf8), source: "t")
    #expect(corpus.scalars == scalars(text))
}

@Test("invalid UTF-8 is an error naming the byte offset, the byte and the line", arguments: zip(
    [[0x61, 0x62, 0xFF, 0x63], [0x61, 0x0A, 0x0A, 0xC0, 0x80], [0xED, 0xA0, 0x80], [0x61, 0xE2, 0x82],
     [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x28, 0xA1]] as [[UInt8]],
    [(2, 0xFF, 1), (3, 0xC0, 3), (0, 0xED, 1), (1, 0xE2, 1), (0, 0xF4, 1), (0, 0x80, 1), (0, 0xE2, 1)]
))
func invalidUTF8(bytes: [UInt8], expected: (offset: Int, byte: UInt8, line: Int)) {
    // In order: a byte never used in UTF-8; an overlong NUL after two newlines; a surrogate;
    // a sequence cut off by the end; a value above U+10FFFF; a lone continuation byte; a lead
    // byte followed by a non-continuation byte.
    #expect(throws: BPEError.invalidUTF8(source: "x.txt", byteOffset: expected.offset, byte: expected.byte,
                                          line: expected.line)) {
        try Corpus(utf8: bytes, source: "x.txt")
    }
}

@Test("loading reads a file, and a missing file is an error naming it")
func loading() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("names.txt")
    try Data("emma\r\nolivia\n\nava\n".utf8).write(to: url)
    let corpus = try Corpus.load(contentsOf: url, documents: .lines)
    #expect((0..<corpus.documentCount).map { corpus.document($0) } == ["emma", "olivia", "ava"])
    #expect(corpus.source == url.path)

    let missing = directory.appendingPathComponent("missing.txt")
    #expect(throws: BPEError.unreadableFile(path: missing.path, reason: "no such file")) {
        try Corpus.load(contentsOf: missing)
    }
    #expect(throws: BPEError.unreadableFile(path: directory.path, reason: "it is a folder; a file was expected")) {
        try Corpus.load(contentsOf: directory)
    }
    let bad = directory.appendingPathComponent("latin1.txt")
    try Data([0x63, 0x61, 0x66, 0xE9]).write(to: bad)
    #expect(throws: BPEError.invalidUTF8(source: bad.path, byteOffset: 3, byte: 0xE9, line: 1)) {
        try Corpus.load(contentsOf: bad)
    }
}

@Test("document modes have stable names")
func documentModeNames() {
    #expect(DocumentMode.allCases.map(\.rawValue) == ["file", "lines"])
}
