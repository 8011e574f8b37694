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

// MARK: - Long samples

/// 40,000 tokens, 120,000 characters: far more than a figure holds.
private let longSample = (0..<40_000).map { (text: $0 % 3 == 0 ? " wor" : "ds", probability: 0.8) }

@Test("a sample far longer than the figure is cut to maxLines lines at a token boundary, ends in '…' and says so")
func longSampleIsCut() throws {
    let scratch = try Canvas(width: 480, height: 1)
    // 444 px lines (480 - 2 x 18) of 16.2 px text, at most 5 lines.
    let text = try SampleText(prompt: "Once", tokens: longSample, lineWidth: 444, lineLimit: 5, textSize: textSize, canvas: scratch)
    #expect(text.lines.count == 5)
    let pieces = Array(text.lines.joined())
    #expect(pieces.last?.source == .ellipsis)
    // Tokens shown are whole and in order: every token's pieces add up to its text.
    let shown = pieces.compactMap { piece -> Int? in
        if case .token(let i) = piece.source { return i }
        return nil
    }
    let count = (shown.last ?? -1) + 1
    #expect(shown.count == count && shown == Array(0..<count))
    #expect(count > 20 && count < 200)
    #expect(text.note == "text cut: first \(count) of 40,000 tokens shown")
    for line in text.lines { #expect(line.reduce(0) { $0 + $1.width } <= 444) }
}

@Test("a very long sample renders at once to a bounded height with the note line under the text")
func longSampleRendersBounded() throws {
    let canvas = try SampleFigure(title: "t", tokens: longSample, style: smallStyle, maxLines: 6).render()
    // Padding and header above (18 + 19.2 x 1.1 + 13.2 = 52 px), 6 lines of 28 px, a 23 px note,
    // a 20 px gap, the key (two rows at this width, each 13.2 + 8.4 + 15.1 px) and 18 px padding:
    // 354.8 px, rounded up.
    #expect(canvas.width == 480 && canvas.height == 355)
    let textBottom = 52 + 6 * lineHeight
    #expect(inkCount(canvas, x: padding..<(padding + 200), y: textBottom..<(textBottom + 23)) > 50, "no note under the text")
}

@Test("the default keeps a sample of 200,000 characters to 40 lines")
func defaultLineLimit() throws {
    let figure = SampleFigure(title: "", tokens: (0..<50_000).map { _ in (text: "abcd", probability: 1) }, style: smallStyle)
    #expect(figure.maxLines == 40)
    let canvas = try figure.render()
    #expect(canvas.height < 40 * lineHeight + 200)
}

@Test("a sample that fits is not cut and has no note")
func shortSampleIsWhole() throws {
    let tokens = (0..<30).map { (text: $0 % 2 == 0 ? " a" : "b", probability: 1.0) }
    let text = try SampleText(prompt: "", tokens: tokens, lineWidth: 444, lineLimit: 5, textSize: textSize, canvas: try Canvas(width: 480, height: 1))
    #expect(text.note == nil)
    #expect(text.lines.joined().count == 30)
}

@Test("a prompt longer than the figure is cut inside, and no token is claimed as shown")
func longPromptIsCut() throws {
    let text = try SampleText(
        prompt: String(repeating: "prompt ", count: 20_000), tokens: [(text: "a", probability: 1)], lineWidth: 444, lineLimit: 3,
        textSize: textSize, canvas: try Canvas(width: 480, height: 1))
    #expect(text.lines.count == 3)
    #expect(text.lines.joined().allSatisfy { $0.source != .token(0) })
    #expect(text.lines.last?.last?.source == .ellipsis)
    #expect(text.note == "text cut: part of the prompt and none of the 1 token shown")
    for line in text.lines { #expect(line.reduce(0) { $0 + $1.width } <= 444) }
}

@Test("maxLines below 1 is an error naming it")
func maxLinesValidated() {
    #expect(throws: PlotError.invalidParameter(name: "SampleFigure.maxLines", value: "0", expected: "at least 1")) {
        try SampleFigure(title: "", tokens: [], style: smallStyle, maxLines: 0).render()
    }
}
