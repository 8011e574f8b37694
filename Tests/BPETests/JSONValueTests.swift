// Tests of JSONValue.swift: the strict reader keeps strings exact and rejects what RFC 8259 does.
// Reading whole tokenizer files is tested in TokenizerFileTests.
@testable import BPE
import Testing

private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

@Test("values of every kind parse, and strings keep their exact scalars")
func parsesValues() throws {
    let value = try parse(#" {"a": [1, -2.5e3, true, false, null], "\u00e9": "e\u0301", "\ud83d\ude42": "\"\\\/\b\f\n\r\t"} "#)
    #expect(value["a"] == .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]))
    // "é" as one scalar and "e" + U+0301 are different keys and values here, though Swift
    // Strings would call them equal.
    #expect(value["\u{e9}"] == .string([0x65, 0x301]))
    #expect(value["e\u{301}"] == nil)
    #expect(value["🙂"] == .string([0x22, 0x5C, 0x2F, 0x08, 0x0C, 0x0A, 0x0D, 0x09]))
    #expect(try parse("\"日本🙂\"") == .string([0x65E5, 0x672C, 0x1F642]))
    #expect(try parse("[]") == .array([]))
    #expect(try parse("{}") == .object([]))
    #expect(value.kind == "an object")
}

@Test("invalid JSON is refused with the byte offset of the problem", arguments: zip(
    ["", "{", "[1,]", "01", "\"a", "\"\\ud800\"", "\"\\x\"", "{\"a\" 1}", "[1] 2", "tru", "\"\u{1}\"", "1.", "-"],
    [0, 1, 3, 0, 2, 1, 1, 5, 4, 0, 1, 2, 0]
))
func refusesInvalidJSON(text: String, offset: Int) {
    do {
        _ = try parse(text)
        Issue.record("\(text) should not parse")
    } catch let error as JSONSyntaxError {
        #expect(error.offset == offset, "\(text): \(error.message)")
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

@Test("deep nesting is refused instead of exhausting the stack")
func deepNesting() {
    let text = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    #expect(throws: JSONSyntaxError.self) { try parse(text) }
    #expect(throws: Never.self) { try parse(String(repeating: "[", count: 60) + String(repeating: "]", count: 60)) }
}
