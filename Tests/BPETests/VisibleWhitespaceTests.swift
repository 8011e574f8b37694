// Tests of VisibleWhitespace.swift: whitespace and controls get visible stand-ins, nothing else
// changes.
import BPE
import Testing

@Test("whitespace and control characters become visible symbols", arguments: zip(
    ["e ", "\n\t", "a\r\nb", "\u{0}\u{1B}\u{7F}", "é日🙂", ""],
    ["e·", "↵→", "a␍↵b", "␀␛␡", "é日🙂", ""]
))
func visibleWhitespace(text: String, expected: String) {
    #expect(makeWhitespaceVisible(text) == expected)
}
