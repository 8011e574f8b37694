// Legends: the box grows with its content and each swatch is drawn in its row.
import Foundation
import Testing
@testable import Plot

@Test("a legend is taller with more entries and wider with longer labels")
func legendSize() throws {
    let canvas = try Canvas(width: 10, height: 10)
    let m = Metrics(scale: 1)
    let one = try LegendSpec(entries: [LegendEntry(label: "train", swatch: .line(.black, dash: nil))]).size(on: canvas, metrics: m)
    let two = try LegendSpec(entries: [
        LegendEntry(label: "train", swatch: .line(.black, dash: nil)),
        LegendEntry(label: "validation loss, best 1.234", swatch: .lineAndMarker(.black, .circle)),
    ]).size(on: canvas, metrics: m)
    #expect(two.height > one.height + m.legendSize)
    #expect(two.width > one.width + 50)
    let titled = try LegendSpec(title: "learning_rate", entries: [LegendEntry(label: "a", swatch: .band(.black))]).size(on: canvas, metrics: m)
    #expect(titled.height > one.height)
}

@Test("each swatch is drawn in its own row, left of its label")
func legendDraw() throws {
    let canvas = try Canvas(width: 400, height: 200)
    let m = Metrics(scale: 1)
    let blue = Palette.okabeIto[0]
    let vermillion = Palette.okabeIto[1]
    let legend = LegendSpec(entries: [
        LegendEntry(label: "first", swatch: .line(blue, dash: nil)),
        LegendEntry(label: "second", swatch: .marker(vermillion, .square)),
    ])
    let size = try legend.size(on: canvas, metrics: m)
    let rect = Rect(x: 10, y: 10, width: size.width, height: size.height)
    try legend.draw(on: canvas, in: rect, metrics: m)
    // Swatch centres: x = inset 14 + half the 46 px swatch; rows 1.6 x 21 px apart from y = 14 + 0.4 row.
    let x = Int(rect.minX + 14 + 23)
    let row0 = Int(rect.minY + 14 + 0.4 * 33.6)
    let row1 = Int(rect.minY + 14 + 1.4 * 33.6)
    expectColor(canvas.pixel(x: x, y: row0), near: blue, tolerance: 8)
    expectColor(canvas.pixel(x: x, y: row1), near: vermillion, tolerance: 8)
    #expect(inkCount(canvas, x: Int(rect.minX) + 70..<Int(rect.maxX), y: row0 - 10..<row0 + 10) > 20)
}
