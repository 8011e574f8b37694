// A corpus (DESIGN.md section 1): a UTF-8 text file split into documents, held as Unicode scalar
// values so the trainer and encoder never touch String or Character in their loops. No
// normalisation of any kind: what is in the file is what is modelled.
import Files
import Foundation

/// How a corpus file is split into documents. Pairs of tokens are never counted across documents.
public enum DocumentMode: String, Codable, CaseIterable, Sendable {
    /// The whole file is one document.
    case file
    /// Each non-empty line is one document, without its line ending. A line ending is "\n" or
    /// "\r\n" (so Windows files give the same documents); a lone "\r" elsewhere is a character.
    case lines
}

/// The documents of a text, as Unicode scalar values, plus the text itself.
public struct Corpus: Sendable {
    /// Where the text came from (a file path), used in error messages.
    public let source: String
    /// How the text was split into documents.
    public let documentMode: DocumentMode
    /// The text as read.
    public let text: String
    /// All documents' scalar values, one document after another: [total characters].
    public let scalars: [UInt32]
    /// Document i is `scalars[documentRanges[i]]`: [documents].
    public let documentRanges: [Range<Int>]

    /// Splits `text` into documents.
    public init(text: String, documents mode: DocumentMode = .file, source: String = "text") {
        var text = text
        let all = text.withUTF8 { decodeValidUTF8($0) }
        self.init(text: text, allScalars: all, mode: mode, source: source)
    }

    /// Reads a UTF-8 file and splits it into documents.
    /// - Throws: `BPEError.unreadableFile`, or `.invalidUTF8` naming the byte offset.
    public static func load(contentsOf url: URL, documents mode: DocumentMode = .file) throws -> Corpus {
        let bytes = try readFile(url)
        return try Corpus(utf8: bytes, documents: mode, source: url.path)
    }

    /// Splits UTF-8 bytes into documents, checking they are valid UTF-8.
    public init(utf8 bytes: [UInt8], documents mode: DocumentMode = .file, source: String) throws {
        let all = try bytes.withUnsafeBufferPointer { try decodeUTF8($0, source: source) }
        self.init(text: String(decoding: bytes, as: UTF8.self), allScalars: all, mode: mode, source: source)
    }

    private init(text: String, allScalars: [UInt32], mode: DocumentMode, source: String) {
        self.source = source
        self.documentMode = mode
        self.text = text
        switch mode {
        case .file:
            scalars = allScalars
            documentRanges = [0..<allScalars.count]
        case .lines:
            var kept: [UInt32] = []
            kept.reserveCapacity(allScalars.count)
            var ranges: [Range<Int>] = []
            var lineStart = 0
            for i in 0...allScalars.count where i == allScalars.count || allScalars[i] == 0x0A {
                var lineEnd = i
                // subtle: only a "\r" right before "\n" is part of the line ending; one at the very
                // end of a file without a final newline is a character of the last line.
                if i < allScalars.count, lineEnd > lineStart, allScalars[lineEnd - 1] == 0x0D {
                    lineEnd -= 1
                }
                if lineEnd > lineStart {
                    ranges.append(kept.count..<(kept.count + lineEnd - lineStart))
                    kept.append(contentsOf: allScalars[lineStart..<lineEnd])
                }
                lineStart = i + 1
            }
            scalars = kept
            documentRanges = ranges
        }
    }

    /// The number of documents.
    public var documentCount: Int { documentRanges.count }

    /// The number of characters (Unicode scalars) in all documents.
    public var characterCount: Int { scalars.count }

    /// Document `i` as a String.
    public func document(_ i: Int) -> String {
        var view = String.UnicodeScalarView()
        for value in scalars[documentRanges[i]] {
            // Every value came from decoding UTF-8, so it is a valid scalar.
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        return String(view)
    }
}

// MARK: - Reading files and decoding UTF-8

/// The bytes of a regular file of at most `FileLimit.corpus` bytes, or `BPEError.unreadableFile`
/// saying why not (a FIFO, a device or a file too large is refused before it is read).
func readFile(_ url: URL) throws(BPEError) -> [UInt8] {
    do { return try Files.readFile(at: url, limit: FileLimit.corpus) } catch {
        throw BPEError.unreadableFile(path: url.path, reason: error.reason)
    }
}

/// Decodes UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) into scalar
/// values, or throws `BPEError.invalidUTF8` at the first byte that starts a bad sequence.
func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, source: String) throws -> [UInt32] {
    var out: [UInt32] = []
    out.reserveCapacity(bytes.count)
    let n = bytes.count
    var i = 0
    while i < n {
        let b0 = bytes[i]
        if b0 < 0x80 {
            out.append(UInt32(b0))
            i += 1
            continue
        }
        // Length of the sequence and the allowed range of its second byte (RFC 3629 table).
        var length = 0
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: break
        }
        var valid = length > 0 && i + length <= n && bytes[i + 1] >= low && bytes[i + 1] <= high
        if valid {
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { valid = false }
        }
        guard valid else {
            let line = 1 + bytes[0..<i].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw BPEError.invalidUTF8(source: source, byteOffset: i, byte: b0, line: line)
        }
        var value = UInt32(b0) & (0xFF >> (length + 1))
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        out.append(value)
        i += length
    }
    return out
}

/// Scalar values of bytes already known to be valid UTF-8 (the storage of a Swift String).
func decodeValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt32] {
    // A String's storage is always valid UTF-8, so this decodes with the standard library rather
    // than the checking decoder, whose error could never happen here.
    var out: [UInt32] = []
    out.reserveCapacity(bytes.count)
    var allASCII = true
    for b in bytes where b >= 0x80 { allASCII = false; break }
    if allASCII {
        for b in bytes { out.append(UInt32(b)) }
        return out
    }
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while case let .scalarValue(scalar) = decoder.decode(&iterator) {
        out.append(scalar.value)
    }
    return out
}
