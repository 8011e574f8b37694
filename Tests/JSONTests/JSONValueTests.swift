import Testing
@testable import JSON

@Suite struct JSONValueTests {
    @Test("object keys keep their source order and every value knows its line and column")
    func orderAndPositions() throws {
        // Line 2 is `  "zeta": 1,`: the 1 is at column 11 (two spaces, 6 for "zeta", `:` and a space).
        let text = "{\n  \"zeta\": 1,\n  \"alpha\": [true, null],\n  \"mid\": \"x\"\n}"
        let value = try JSONValue.parse(text, source: "t.json")
        guard case .object(let members) = value.kind else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["zeta", "alpha", "mid"])
        #expect(value.position == SourcePosition(line: 1, column: 1))
        #expect(members[0].keyPosition == SourcePosition(line: 2, column: 3))
        #expect(members[0].value.position == SourcePosition(line: 2, column: 11))
        guard case .array(let items) = members[1].value.kind else { Issue.record("not an array"); return }
        // `  "alpha": [true, null]`: `[` at column 12, `true` at 13, `null` at 19.
        #expect(items.map(\.position.column) == [13, 19])
        #expect(items.map(\.kind) == [.bool(true), .null])
        #expect(members[2].value.kind == .string("x"))
    }

    @Test("columns count characters, not bytes: a value after an accented key sits where an editor shows it")
    func columnsCountScalars() throws {
        // {"é": 2}: `{` 1, `"` 2, `é` 3, `"` 4, `:` 5, space 6, `2` at 7 (é is 2 bytes in UTF-8).
        let value = try JSONValue.parse("{\"é\": 2}", source: "t.json")
        guard case .object(let members) = value.kind else { Issue.record("not an object"); return }
        #expect(members[0].value.position == SourcePosition(line: 1, column: 7))
    }

    @Test("numbers keep their literal text and tell integer literals apart",
          arguments: zip(["64", "-3", "0.5", "1e3", "8.0", "2.5E-2"],
                         [(64.0, true, 64), (-3.0, true, -3), (0.5, false, nil), (1000.0, false, 1000),
                          (8.0, false, 8), (0.025, false, nil)] as [(Double, Bool, Int?)]))
    func numbers(literal: String, expected: (value: Double, isInteger: Bool, integer: Int?)) throws {
        let value = try JSONValue.parse(literal, source: "t.json")
        guard case .number(let n) = value.kind else { Issue.record("not a number"); return }
        #expect(n.literal == literal)
        #expect(n.value == expected.value)
        #expect(n.isIntegerLiteral == expected.isInteger)
        #expect(n.integerValue == expected.integer)
    }

    @Test("string escapes decode, including a surrogate pair for an emoji")
    func escapes() throws {
        let value = try JSONValue.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#, source: "t.json")
        #expect(value.kind == .string("a\"b\\c/d\n\té😀"))
    }

    @Test("syntax errors give line, column and what was expected",
          arguments: zip([
              "{\"a\": 1,\n \"b\": 2,\n}",          // trailing comma: `}` on line 3, column 1
              "{\"a\" 1}",                        // missing colon at the 1 (column 6)
              "{\"a\": 1\n  \"b\": 2}",           // missing comma: `"b"` on line 2, column 3
              "[1, 2",                            // unterminated array: the end of the file
              "{\"a\": 'x'}",                      // single quotes
              "{\"a\": 01}",                       // leading zero: the second digit at column 8
              "{\"a\": tru}",                      // misspelt literal
              "// note\n{}",                      // comments are not JSON
              "",                                 // empty file
              "{} {}",                            // a second value
              "{\"a\": \"line\nbreak\"}",          // raw newline inside a string
          ], [
              (3, 1, "expected a key in double quotes after `,`"),
              (1, 6, "expected `:` after the key \"a\""),
              (2, 3, "expected `,` or `}` after the value of \"a\""),
              (1, 6, "expected `,` or `]`"),
              (1, 7, "JSON strings use double quotes"),
              (1, 8, "no leading zeros"),
              (1, 7, "expected a value"),
              (1, 1, "JSON has no comments"),
              (1, 1, "the file is empty"),
              (1, 4, "expected the end of the file"),
              (1, 12, "expected `\"` to close the string"),
          ] as [(Int, Int, String)]))
    func syntaxErrors(text: String, expected: (line: Int, column: Int, message: String)) throws {
        let error = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse(text, source: "spec.json") }
        #expect(error.position == SourcePosition(line: expected.line, column: expected.column))
        #expect(error.message.contains(expected.message), "\(error.message)")
        #expect(error.description.hasPrefix("spec.json:\(expected.line):\(expected.column): "))
    }

    @Test("invalid UTF-8 in the spec is reported at its line and byte offset")
    func invalidUTF8() throws {
        // Line 2 starts at byte offset 2 (after `{` and the newline); 0xFF is at offset 6, the 5th
        // character of line 2 (space, quote, a, quote, 0xFF).
        let bytes: [UInt8] = Array("{\n \"a\"".utf8) + [0xFF] + Array(": 1}".utf8)
        let error = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse(bytes, source: "spec.json") }
        #expect(error.position == SourcePosition(line: 2, column: 5))
        #expect(error.description.contains("byte offset 6"))
    }

    @Test("deep nesting is an error, not a crash")
    func deepNesting() throws {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse(text, source: "deep.json") }
        #expect(error.description.contains("nested"))
    }

    @Test("strings keep their exact scalars, and keys are looked up by them")
    func exactStrings() throws {
        // "é" as one scalar and "e" + U+0301 are equal Swift Strings but different tokens.
        let value = try JSONValue.parse(#"{"\u00e9": "e\u0301", "\ud83d\ude42": "\"\\\/\b\f\n\r\t", "k": "日本🙂"}"#, source: "t")
        #expect(value["\u{e9}"]?.scalars == [0x65, 0x301])
        #expect(value["e\u{301}"] == nil)
        #expect(value["🙂"]?.scalars == [0x22, 0x5C, 0x2F, 0x08, 0x0C, 0x0A, 0x0D, 0x09])
        #expect(value["k"]?.scalars == [0x65E5, 0x672C, 0x1F642])
        #expect(value["k"]?["x"] == nil)
    }
}
