// The embedding figure: points where their principal components say, shape errors, and
// degenerate tables.
import Foundation
import Testing
@testable import Plot

@Test("each token's marker sits at its principal-component coordinates in its kind's colour")
func pointsAtTheirCoordinates() throws {
    // E = 2: (2, 0), (-2, 0), (0, 1), (0, -1). The x axis has the larger variance, so the
    // components are x and y themselves (signs: largest entry positive).
    let tokens = ["a", "b", ",", " "]
    let embedding: [Float] = [2, 0, -2, 0, 0, 1, 0, -1]
    // 800 x 500: wide enough for the legend to move outside instead of covering a point.
    let style = FigureStyle(scale: 0.5)
    let figure = EmbeddingFigure(title: "e", embedding: embedding, dimension: 2, tokens: tokens, frequencies: [4, 3, 2, 1], style: style)
    let (canvas, frame) = try figure.draw()
    let expected: [(Double, Double, Color)] = [
        (2, 0, Palette.okabeIto[0]), (-2, 0, Palette.okabeIto[0]), (0, 1, Palette.okabeIto[3]), (0, -1, Palette.okabeIto[2]),
    ]
    for (x, y, color) in expected {
        let p = frame.point(x, y)
        expectColor(canvas.pixel(x: Int(p.x), y: Int(p.y)), near: color.over(.white, opacity: 0.9), tolerance: 3)
    }
    // Equal scale: one unit is as many pixels across as up.
    let unitX = frame.x.pixel(1) - frame.x.pixel(0)
    let unitY = frame.y.pixel(0) - frame.y.pixel(1)
    #expect(abs(unitX - unitY) < 0.01)
}

@Test("embeddings.png decodes at its size")
func decodes() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    let tokens: [String] = (0..<40).map { (i: Int) -> String in
        i % 5 == 0 ? " t\(i)" : String(letters[i % 26]) + (i > 25 ? "x" : "")
    }
    let embedding: [Float] = (0..<(40 * 6)).map { (i: Int) -> Float in Float(sin(Double(i) * 0.7)) }
    let url = directory.appendingPathComponent("embeddings.png")
    try EmbeddingFigure(title: "e", embedding: embedding, dimension: 6, tokens: tokens, frequencies: Array(0..<40), style: smallStyle)
        .render().writePNG(to: url)
    #expect(try decodedSize(url) == (480, 300))
}

@Test("inputs of mismatched sizes are errors that give both sizes")
func shapeErrors() {
    #expect(throws: PlotError.shapeMismatch(what: "embedding table for 2 tokens of dimension 3", expected: 6, actual: 5)) {
        try EmbeddingFigure(title: "e", embedding: [1, 2, 3, 4, 5], dimension: 3, tokens: ["a", "b"], style: smallStyle).render()
    }
    #expect(throws: PlotError.shapeMismatch(what: "token frequencies", expected: 2, actual: 1)) {
        try EmbeddingFigure(title: "e", embedding: [1, 2], dimension: 1, tokens: ["a", "b"], frequencies: [1], style: smallStyle).render()
    }
    #expect(throws: PlotError.self) {
        try EmbeddingFigure(title: "e", embedding: [], dimension: 0, tokens: [], style: smallStyle).render()
    }
}

@Test("degenerate tables draw without crashing", arguments: [
    ([], 3, []),
    ([1, 2, 3], 3, ["a"]),
    ([1, 2], 1, ["a", "b"]),
    ([1, 1, 1, 1], 2, ["a", "b"]),
    ([.nan, 1, 2, 3, .infinity, 5, 6, 7, 8], 3, ["a", "b", "🎉"]),
] as [([Float], Int, [String])])
func degenerateTables(embedding: [Float], dimension: Int, tokens: [String]) throws {
    let canvas = try EmbeddingFigure(title: "e", embedding: embedding, dimension: dimension, tokens: tokens, style: smallStyle).render()
    #expect(canvas.width == 480)
}

@Test("tokens are sorted into kinds by what they contain", arguments: zip(
    ["a", "7", " ", "\n\n", "the", " the", "<|endoftext|>", "é"],
    [TokenKind.letter, .otherCharacter, .whitespace, .whitespace, .merged, .merged, .special, .letter]))
func kinds(token: String, kind: TokenKind) {
    #expect(TokenKind(token: token) == kind)
}
