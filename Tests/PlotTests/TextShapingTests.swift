// Text preparation: right-to-left runs in display order, and visible whitespace in tokens.
import Foundation
import Testing
@testable import Plot

@Test("left-to-right text is unchanged", arguments: ["loss", "", "  spaced  ", "naïve café", "日本語"])
func leftToRightUnchanged(text: String) {
    #expect(visualOrder(text) == text)
}

@Test("right-to-left runs come out in display order", arguments: zip(
    ["שלום", "loss שלום", "שלום world", "(שלום)", "עולם 42"],
    // Hebrew alone reversed; inside English the Hebrew run reversed in place; in a Hebrew
    // paragraph the runs swap and the space stays between them; brackets mirror; the number
    // keeps its digit order and goes to the left.
    ["םולש", "loss םולש", "world םולש", "(םולש)", "42 םלוע"]))
func rightToLeft(text: String, expected: String) {
    #expect(visualOrder(text) == expected)
}

@Test("Hebrew with vowel points keeps each mark on its letter")
func combiningMarksStay() {
    // "שָׁלוֹם": the marks follow their letters in the reversed string too.
    let shaped = visualOrder("שָׁלוֹם")
    #expect(shaped.count == 4)
    #expect(shaped.first == "ם")
    #expect(shaped.last == "שָׁ")
}

@Test("tokens show whitespace and control characters visibly", arguments: zip(
    [" the", "\n", "\t", "a\r\n", "", "\u{1}", "plain"],
    ["␣the", "↵", "→", "a␍↵", "∅", "␁", "plain"]))
func visibleTokens(token: String, expected: String) {
    #expect(visibleToken(token) == expected)
}
