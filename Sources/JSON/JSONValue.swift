// A small strict JSON reader (RFC 8259) for the files TinyLab reads: experiment specs and
// tokenizer.json. It keeps what Foundation's JSONSerialization and JSONDecoder throw away: the
// order of an object's keys (grid axes expand in the order written), each value's line and column
// (so errors point into the file), the literal text of numbers, and strings' exact Unicode scalars
// (Swift compares Strings by canonical equivalence, so "é" and "e" + U+0301 would be one token).
// Leaves out writing JSON and streaming.

/// A line and column in a text file, both counted from 1; columns count Unicode scalars.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    /// `line:column`, as compilers print positions.
    public var description: String { "\(line):\(column)" }
}

/// A JSON number as written: its literal text and its value.
public struct JSONNumber: Sendable, Hashable {
    /// The characters of the literal, e.g. `1e-3` or `64`.
    public let literal: String
    /// The nearest Double to the literal.
    public let value: Double
    /// True for a literal without fraction or exponent, such as `64` or `-3`.
    public let isIntegerLiteral: Bool

    /// The value as an Int when it is a whole number that an Int holds exactly (`64`, `1e3`,
    /// `8.0`); nil for `0.5` or a number beyond 2^53 written with a fraction or exponent.
    public var integerValue: Int? {
        if isIntegerLiteral { return Int(literal) }
        guard value.rounded() == value, abs(value) <= 9_007_199_254_740_992 else { return nil }
        return Int(value)
    }
}

/// Why a text is not JSON, and where.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the text is called in messages, usually its file path.
    public let source: String
    public let position: SourcePosition
    /// Byte offset of the problem in the text.
    public let offset: Int
    /// What was expected and what was found.
    public let message: String

    public var description: String { "\(source):\(position): \(message)" }
}

/// A key and its value inside a JSON object.
public struct JSONMember: Sendable, Equatable {
    public let key: String
    /// Where the key's opening quote is.
    public let keyPosition: SourcePosition
    public let value: JSONValue
}

/// A parsed JSON value with the position of its first character.
public struct JSONValue: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Members in source order; a repeated key is kept, so the reader can report it.
        case object([JSONMember])
        case array([JSONValue])
        case string(String)
        case number(JSONNumber)
        case bool(Bool)
        case null
    }

    public let kind: Kind
    public let position: SourcePosition

    /// The value of the first member whose key has exactly the scalars of `key`, if this is an
    /// object that has one. (Not `==` on Strings, which would match "é" with "e" + U+0301.)
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = kind else { return nil }
        return members.first { $0.key.unicodeScalars.elementsEqual(key.unicodeScalars) }?.value
    }

    /// A string value's exact Unicode scalar values; nil for other kinds.
    public var scalars: [UInt32]? {
        guard case .string(let s) = kind else { return nil }
        return s.unicodeScalars.map(\.value)
    }

    /// "an object", "a string", ...: the kind as a message names it.
    public var kindName: String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number(let n): n.integerValue != nil ? "an integer" : "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// The value as a reader would see it in the file, shortened: `"abc"`, `0.5`, `[...]`.
    public var sourceSnippet: String {
        switch kind {
        case .object(let members): members.isEmpty ? "{}" : "{...}"
        case .array(let items): items.isEmpty ? "[]" : "[...]"
        case .string(let s): "\"" + (s.count > 40 ? String(s.prefix(37)) + "..." : s) + "\""
        case .number(let n): n.literal
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        }
    }

    /// Parses a whole JSON text. `source` names the text in errors (usually its file path).
    /// - Throws: `JSONSyntaxError` saying where and what was expected.
    public static func parse(_ bytes: [UInt8], source: String) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, source: source)
        return try parser.parseDocument()
    }

    /// Parses a JSON text given as a String.
    public static func parse(_ text: String, source: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8), source: source)
    }
}

// MARK: - Parser

/// A recursive-descent parser over UTF-8 bytes that tracks line and column as it goes.
struct JSONParser {
    /// Deeper nesting than this is rejected instead of risking the stack on hostile input.
    static let maximumDepth = 256

    let bytes: [UInt8]
    let source: String
    var index = 0
    var line = 1
    var column = 1
    var depth = 0

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    var position: SourcePosition { SourcePosition(line: line, column: column) }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        try checkUTF8()
        // A byte order mark is not JSON, but editors add one; skip it rather than reject the file.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        if index == bytes.count { throw failure("expected a JSON value, found the end of the file (the file is empty)") }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw failure("expected the end of the file after the JSON value, found \(describeNext())") }
        return value
    }

    // MARK: Values

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw failure("expected a value, found the end of the file") }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"): return JSONValue(kind: try parseObject(), position: start)
        case UInt8(ascii: "["): return JSONValue(kind: try parseArray(), position: start)
        case UInt8(ascii: "\""): return JSONValue(kind: .string(try parseString()), position: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"):
            return JSONValue(kind: .number(try parseNumber()), position: start)
        case UInt8(ascii: "t"): try expectWord("true"); return JSONValue(kind: .bool(true), position: start)
        case UInt8(ascii: "f"): try expectWord("false"); return JSONValue(kind: .bool(false), position: start)
        case UInt8(ascii: "n"): try expectWord("null"); return JSONValue(kind: .null, position: start)
        default:
            throw failure("expected a value (object, array, string, number, true, false or null), found \(describeNext())")
        }
    }

    mutating func parseObject() throws(JSONSyntaxError) -> JSONValue.Kind {
        try enterNesting()
        advance() // {
        var members: [JSONMember] = []
        skipWhitespace()
        if peek(is: "}") { advance(); depth -= 1; return .object(members) }
        while true {
            skipWhitespace()
            guard peek(is: "\"") else {
                throw failure(members.isEmpty ? "expected a key in double quotes or `}`, found \(describeNext())"
                                              : "expected a key in double quotes after `,`, found \(describeNext())"
                                                + " (JSON allows no comma before `}`)")
            }
            let keyPosition = position
            let key = try parseString()
            skipWhitespace()
            guard peek(is: ":") else { throw failure("expected `:` after the key \"\(key)\", found \(describeNext())") }
            advance()
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONMember(key: key, keyPosition: keyPosition, value: value))
            skipWhitespace()
            if peek(is: ",") { advance(); continue }
            if peek(is: "}") { advance(); break }
            throw failure("expected `,` or `}` after the value of \"\(key)\", found \(describeNext())")
        }
        depth -= 1
        return .object(members)
    }

    mutating func parseArray() throws(JSONSyntaxError) -> JSONValue.Kind {
        try enterNesting()
        advance() // [
        var items: [JSONValue] = []
        skipWhitespace()
        if peek(is: "]") { advance(); depth -= 1; return .array(items) }
        while true {
            skipWhitespace()
            if peek(is: "]") { throw failure("expected a value after `,`, found `]` (JSON allows no comma before `]`)") }
            items.append(try parseValue())
            skipWhitespace()
            if peek(is: ",") { advance(); continue }
            if peek(is: "]") { advance(); break }
            throw failure("expected `,` or `]` after an array element, found \(describeNext())")
        }
        depth -= 1
        return .array(items)
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        advance() // opening quote
        var utf8: [UInt8] = []
        while true {
            guard index < bytes.count else { throw failure("expected `\"` to close the string, found the end of the file") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let escapePosition = position
                advance()
                guard index < bytes.count else { throw failure("expected an escape character after `\\`, found the end of the file") }
                let escaped = bytes[index]
                advance()
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: try parseUnicodeEscape(at: escapePosition))
                default:
                    throw JSONSyntaxError(source: source, position: escapePosition, offset: index, message:
                        "expected one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found `\\\(Character(Unicode.Scalar(escaped)))`")
                }
            case 0x00 ..< 0x20:
                throw failure("expected `\"` to close the string before the end of the line (control characters such as"
                              + " newlines and tabs must be written as \\n or \\t inside strings)")
            default:
                utf8.append(byte)
                advance()
            }
        }
    }

    /// The UTF-8 bytes of `\uXXXX`, or of a `\uD8XX\uDCXX` surrogate pair; the `\u` is consumed.
    mutating func parseUnicodeEscape(at start: SourcePosition) throws(JSONSyntaxError) -> [UInt8] {
        var code = try parseHex4(at: start)
        if (0xD800 ..< 0xDC00).contains(code) {
            guard peek(is: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw JSONSyntaxError(source: source, position: start, offset: index, message:
                    "expected a second \\uXXXX escape after the high surrogate \\u\(hex4(code)) (a character above U+FFFF is written as a surrogate pair)")
            }
            advance(); advance()
            let low = try parseHex4(at: start)
            guard (0xDC00 ..< 0xE000).contains(low) else {
                throw JSONSyntaxError(source: source, position: start, offset: index, message:
                    "expected a low surrogate (\\uDC00-\\uDFFF) after \\u\(hex4(code)), found \\u\(hex4(low))")
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00 ..< 0xE000).contains(code) {
            throw JSONSyntaxError(source: source, position: start, offset: index, message:
                "expected a character escape, found the lone low surrogate \\u\(hex4(code))")
        }
        // The checks above leave only valid scalar values.
        guard let scalar = Unicode.Scalar(code) else { return [] }
        return Array(String(Character(scalar)).utf8)
    }

    mutating func parseHex4(at start: SourcePosition) throws(JSONSyntaxError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0 ..< 4 {
            guard index < bytes.count, let digit = hexDigit(bytes[index]) else {
                throw JSONSyntaxError(source: source, position: start, offset: index, message: "expected four hexadecimal digits after \\u")
            }
            code = code << 4 | digit
            advance()
        }
        return code
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = index
        var isInteger = true
        if peek(is: "-") { advance() }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit, found \(describeNext())") }
        if peek(is: "0") {
            advance()
            if index < bytes.count, isDigit(bytes[index]) {
                throw failure("expected `.`, `e` or the end of the number after a leading 0, found \(describeNext()) (JSON numbers have no leading zeros)")
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { advance() }
        }
        if peek(is: ".") {
            isInteger = false
            advance()
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit after `.`, found \(describeNext())") }
            while index < bytes.count, isDigit(bytes[index]) { advance() }
        }
        if peek(is: "e") || peek(is: "E") {
            isInteger = false
            advance()
            if peek(is: "+") || peek(is: "-") { advance() }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit in the exponent, found \(describeNext())") }
            while index < bytes.count, isDigit(bytes[index]) { advance() }
        }
        let literal = String(decoding: bytes[start ..< index], as: UTF8.self)
        // The grammar above only admits literals that Double can read; 1e999 reads as infinity.
        let value = Double(literal) ?? .nan
        guard value.isFinite else { throw failure("expected a finite number, found \(literal), which is too large") }
        return JSONNumber(literal: literal, value: value, isIntegerLiteral: isInteger)
    }

    mutating func expectWord(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        let end = index + expected.count
        guard bytes[index...].starts(with: expected), end == bytes.count || !isWordByte(bytes[end]) else {
            throw failure("expected a value (object, array, string, number, true, false or null), found \(describeNext())"
                          + " (strings need double quotes)")
        }
        for _ in expected { advance() }
    }

    // MARK: Characters and positions

    mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            // A column is one Unicode scalar: UTF-8 continuation bytes do not start a new one.
            column += 1
        }
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: advance()
            default: return
            }
        }
    }

    func peek(is character: Unicode.Scalar) -> Bool {
        index < bytes.count && bytes[index] == UInt8(character.value)
    }

    mutating func enterNesting() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw failure("expected at most \(Self.maximumDepth) nested arrays and objects") }
    }

    func failure(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(source: source, position: position, offset: index, message: message)
    }

    /// What the next characters are, for "found ..." in messages.
    func describeNext() -> String {
        guard index < bytes.count else { return "the end of the file" }
        if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count,
           bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "*") {
            return "a comment (JSON has no comments)"
        }
        if bytes[index] == UInt8(ascii: "'") { return "`'` (JSON strings use double quotes)" }
        var end = index
        while end < bytes.count, end - index < 24, isWordByte(bytes[end]) { end += 1 }
        if end > index { return "`" + String(decoding: bytes[index ..< end], as: UTF8.self) + "`" }
        let text = String(decoding: bytes[index...].prefix(4), as: UTF8.self)
        return "`\(text.first.map(String.init) ?? "?")`"
    }

    /// Rejects invalid UTF-8 up front, naming the line, column and byte offset of the bad byte.
    mutating func checkUTF8() throws(JSONSyntaxError) {
        let repaired = Array(String(decoding: bytes, as: UTF8.self).utf8)
        guard repaired != bytes else { return }
        // The first byte where the repaired copy differs is where the bad sequence starts.
        var offset = 0
        while offset < bytes.count, offset < repaired.count, bytes[offset] == repaired[offset] { offset += 1 }
        while index < offset { advance() }
        throw failure("expected UTF-8 text, found the byte 0x\(String(bytes[min(offset, bytes.count - 1)], radix: 16, uppercase: true))"
                      + " at byte offset \(offset), which is not valid UTF-8; save the spec as UTF-8")
    }
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

private func isWordByte(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
        || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte >= 0x80
}

private func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0") ... UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a") ... UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A") ... UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
}

/// At least four upper-case hex digits, as in U+00E9.
public func hex4(_ code: UInt32) -> String {
    let digits = String(code, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
