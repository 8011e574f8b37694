// A small strict JSON reader (RFC 8259) for tokenizer.json. It exists because Swift's String
// equality is canonical equivalence: "é" (U+00E9) equals "e" + U+0301, so a JSONDecoder map of
// tokens would silently merge two distinct tokens. Here strings keep their exact scalars.
// Leaves out: writing (TokenizerFile.swift writes by hand), and numbers beyond Double.

/// A JSON value whose strings are exact sequences of Unicode scalar values.
indirect enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string([UInt32])
    case array([JSONValue])
    /// Members in file order, duplicates kept.
    case object([JSONMember])

    /// Parses a complete JSON text. - Throws: `JSONSyntaxError` with the byte offset.
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            guard parser.offset == buffer.count else { throw parser.error("unexpected text after the JSON value") }
            return value
        }
    }

    /// The value of the first member named `key`, if this is an object that has one.
    subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        let scalars = key.unicodeScalars.map(\.value)
        return members.first { $0.key == scalars }?.value
    }

    /// A short name of the kind of value, for error messages.
    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// One member of a JSON object.
struct JSONMember: Equatable {
    var key: [UInt32]
    var value: JSONValue
}

/// Where and why a text is not valid JSON.
struct JSONSyntaxError: Error, Equatable {
    var offset: Int
    var message: String
}

private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0
    /// Deeper nesting is refused rather than risking the stack on a hostile file.
    static let maximumDepth = 64

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(offset: offset, message: message) }

    mutating func skipWhitespace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
        skipWhitespace()
        guard offset < bytes.count else { throw error("the text ends where a value should be") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    mutating func literal(_ word: String) throws {
        let start = offset
        for byte in word.utf8 {
            guard offset < bytes.count, bytes[offset] == byte else {
                offset = start
                throw error("expected \(word)")
            }
            offset += 1
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else { throw error("expected \(what)") }
        offset += 1
    }

    /// True (and consumed) if the next non-space byte is `byte`.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        if offset < bytes.count && bytes[offset] == byte {
            offset += 1
            return true
        }
        return false
    }

    mutating func object(depth: Int) throws -> JSONValue {
        offset += 1
        var members: [JSONMember] = []
        if consume(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
            let key = try string()
            try expect(UInt8(ascii: ":"), "':' after a key")
            members.append(JSONMember(key: key, value: try value(depth: depth + 1)))
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"), "',' or '}' in an object")
        return .object(members)
    }

    mutating func array(depth: Int) throws -> JSONValue {
        offset += 1
        var elements: [JSONValue] = []
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            elements.append(try value(depth: depth + 1))
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), "',' or ']' in an array")
        return .array(elements)
    }

    mutating func number() throws -> Double {
        let start = offset
        // Grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        func digits() -> Int {
            let first = offset
            while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 { offset += 1 }
            return offset - first
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        guard digits() > 0 else { offset = start; throw error("expected a value") }
        if bytes[integerStart] == UInt8(ascii: "0") && offset - integerStart > 1 {
            offset = start
            throw error("a number cannot start with 0")
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw error("expected digits after '.'") }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw error("expected digits in the exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(text) else { throw error("the number \(text) is out of range") }
        return value
    }

    mutating func string() throws -> [UInt32] {
        offset += 1
        var scalars: [UInt32] = []
        while true {
            guard offset < bytes.count else { throw error("a string is not closed") }
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return scalars
            case UInt8(ascii: "\\"):
                let start = offset
                offset += 1
                do {
                    scalars.append(try escape())
                } catch var failure as JSONSyntaxError {
                    failure.offset = start
                    throw failure
                }
            case 0x00..<0x20:
                throw error("control character 0x\(String(byte, radix: 16)) inside a string must be escaped")
            case 0x00..<0x80:
                scalars.append(UInt32(byte))
                offset += 1
            default:
                // One multi-byte UTF-8 sequence, checked by the corpus decoder.
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                let end = min(offset + length, bytes.count)
                let decoded = try? decodeUTF8(UnsafeBufferPointer(rebasing: bytes[offset..<end]), source: "")
                guard let decoded, decoded.count == 1 else { throw error("invalid UTF-8 in a string") }
                scalars.append(decoded[0])
                offset = end
            }
        }
    }

    mutating func escape() throws -> UInt32 {
        guard offset < bytes.count else { throw error("a string is not closed") }
        let byte = bytes[offset]
        offset += 1
        switch byte {
        case UInt8(ascii: "\""): return 0x22
        case UInt8(ascii: "\\"): return 0x5C
        case UInt8(ascii: "/"): return 0x2F
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            if unit >= 0xD800 && unit < 0xDC00 {
                // A high surrogate must be followed by an escaped low surrogate.
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                      bytes[offset + 1] == UInt8(ascii: "u") else { throw error("a lone surrogate is not a character") }
                offset += 2
                let low = try hexUnit()
                guard low >= 0xDC00 && low < 0xE000 else { throw error("a lone surrogate is not a character") }
                return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            }
            guard unit < 0xDC00 || unit >= 0xE000 else { throw error("a lone surrogate is not a character") }
            return unit
        default:
            throw error("unknown escape \\\(Character(Unicode.Scalar(byte)))")
        }
    }

    mutating func hexUnit() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("\\u needs four hex digits") }
        var unit: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw error("\\u needs four hex digits")
            }
            unit = unit << 4 | digit
            offset += 1
        }
        return unit
    }
}
