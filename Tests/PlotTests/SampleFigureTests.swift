// The sample figure: opacity follows probability, tints mark token boundaries, lines wrap and
// newlines break, and the height follows the text.
import Foundation
import Testing
@testable import Plot

/// Layout constants of the sample figure at the small style's scale 0.6.
private let padding = 18  // 30 x 0.6
private let lineHeight = 28  // 27 x 0.6 x 1.75, rounded
private let textSize = 27 * 0.6

@Test("a token drawn at probability 1 has ink; one at probability 0 shows only its tint")
func opacityFollowsProbability() throws {
    let figure = SampleFigure(title: "", tokens: [(text: "AAAA", probability: 1), (text: "BBBB", probability: 0)], style: smallStyle)
    let canvas = try figure.render()
    let scratch = try Canvas(width: 1, height: 1)
    let first = Int(try scratch.textWidth("AAAA", size: textSize))
    let second = Int(try scratch.textWidth("BBBB", size: textSize))
    var dark = 0
    for y in padding..<(padding + lineHeight) {
        for x in padding..<(padding + first) where canvas.pixel(x: x, y: y).red < 0.4 { dark += 1 }
    }
    #expect(dark > 20)
    var darkSecond = 0
    for y in padding..<(padding + lineHeight) {
        for x in (padding + first + 2)..<(padding + first + second - 2) where canvas.pixel(x: x, y: y).red < 0.8 { darkSecond += 1 }
    }
    #expect(darkSecond == 0)
    // Tokens alternate tints: the second token's box is the warm one.
    expectColor(canvas.pixel(x: padding + first + 3, y: padding + 5), near: Color(hex: 0xF6ECDC), tolerance: 1)
    expectColor(canvas.pixel(x: padding + 2, y: padding + 5), near: Color(hex: 0xE6EEF7), tolerance: 1)
}

@Test("a newline inside a token starts a new line")
func newlineBreaks() throws {
    let canvas = try SampleFigure(title: "", tokens: [(text: "ab\n", probability: 1), (text: "cd", probability: 1)], style: smallStyle).render()
    // Row 2 starts at the left margin with "cd" in the second token's tint.
    let rowTwo = padding + lineHeight
    expectColor(canvas.pixel(x: padding + 1, y: rowTwo + 4), near: Color(hex: 0xF6ECDC), tolerance: 1)
    #expect(inkCount(canvas, x: padding..<(padding + 30), y: (rowTwo + 4)..<(rowTwo + lineHeight - 4), background: Color(hex: 0xF6ECDC)) > 10)
}

@Test("more text makes a taller figure of the same width")
func heightFollowsText() throws {
    let short = try SampleFigure(title: "s", tokens: [(text: "hi", probability: 0.5)], style: smallStyle).render()
    let words = (0..<120).map { (text: $0 % 3 == 0 ? " word" : "ish", probability: Double($0 % 10) / 10) }
    let long = try SampleFigure(title: "s", tokens: words, style: smallStyle).render()
    #expect(short.width == 480 && long.width == 480)
    #expect(long.height > short.height + 3 * lineHeight)
}

@Test("awkward tokens draw without crashing", arguments: [
    [],
    [(text: "", probability: 0.5)],
    [(text: String(repeating: "x", count: 400), probability: 1)],
    [(text: "שלום", probability: 0.9), (text: " 🎉", probability: .nan), (text: "\t\u{1}", probability: 7)],
] as [[(text: String, probability: Double)]])
func awkwardTokens(tokens: [(text: String, probability: Double)]) throws {
    let canvas = try SampleFigure(title: "t", prompt: "Once", tokens: tokens, style: smallStyle).render()
    #expect(canvas.width == 480)
}

@Test("a token longer than a line wraps onto several lines")
func longTokenWraps() throws {
    let one = try SampleFigure(title: "", tokens: [(text: "x", probability: 1)], style: smallStyle).render()
    let long = try SampleFigure(title: "", tokens: [(text: String(repeating: "x", count: 200), probability: 1)], style: smallStyle).render()
    #expect(long.height >= one.height + 2 * lineHeight)
}
