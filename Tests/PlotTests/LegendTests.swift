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

@Test("a legend with more entries than fit keeps the rows that fit and says how many it left out")
func legendFitsHeight() throws {
    let canvas = try Canvas(width: 10, height: 10)
    let m = Metrics(scale: 1)
    let entries = (0..<500).map { LegendEntry(label: "learning_rate = \($0)", swatch: .line(.black, dash: nil)) }
    // Rows of 33.6 px, 14 px insets: a 300 px box holds 2 x 14 + 8 x 33.6 - 6.72 = 290 px, 8 rows.
    let fitted = LegendSpec(title: "lr", entries: entries).fitted(toHeight: 300, metrics: m)
    #expect(fitted.entries.count == 7)
    #expect(fitted.entries.last?.label == "… and 494 more")
    #expect(try fitted.size(on: canvas, metrics: m).height <= 300)
    let few = LegendSpec(entries: Array(entries.prefix(3))).fitted(toHeight: 300, metrics: m)
    #expect(few.entries.map(\.label) == entries.prefix(3).map(\.label))
}

@Test("a sweep figure with hundreds of configurations keeps its legend inside the figure: the best few and a count of the rest")
func legendOfManyConfigurations() throws {
    let runs = (0..<300).map { i in
        SweepRun(id: "r\(i)", values: ["learning_rate": .number(Double(i + 1) / 1000)], seed: 1,
                 validation: [(x: 0, y: 3), (x: 10, y: 2 + Double(i) / 300)], finalValidationLoss: 2 + Double(i) / 300)
    }
    let (canvas, frame) = try SweepCurvesFigure(title: "many", runs: runs, style: FigureStyle(scale: 0.5)).draw()
    let legend = try #require(frame.legendRect)
    #expect(legend.maxY <= Double(canvas.height) && legend.minY >= 0 && legend.maxX <= Double(canvas.width))
    // One row per highlighted configuration, then the others counted (before, 300 rows were cut to "… and N more").
    let entries = frame.spec.legend?.entries ?? []
    #expect(entries.prefix(5).map { $0.cells?.first } == ["0.001", "0.002", "0.003", "0.004", "0.005"])
    #expect(entries.dropFirst(5).first?.label == "295 other configurations")
}

@Test("long labels wrap between words to the width given; a table's column titles break after an underscore")
func legendWraps() throws {
    let canvas = try Canvas(width: 10, height: 10)
    let m = Metrics(scale: 1)
    let long = LegendSpec(entries: [LegendEntry(label: "best: embedding_dim = 32, context_length = 2, learning_rate = 1 · 2.850",
                                                swatch: .marker(.black, .circle))])
    let wrapped = try long.wrapped(toWidth: 500, on: canvas, metrics: m)
    #expect(wrapped.entries[0].lines.count >= 2)
    #expect(try wrapped.size(on: canvas, metrics: m).width <= 500)
    #expect(try wrapped.size(on: canvas, metrics: m).height > (try long.size(on: canvas, metrics: m).height))
    let table = LegendSpec(header: ["embedding_dim", "context_length", "final"],
                           entries: [LegendEntry(cells: ["32", "2", "2.850"], swatch: .line(.black, dash: nil))])
    let narrow = try table.wrapped(toWidth: try table.size(on: canvas, metrics: m).width - 1, on: canvas, metrics: m)
    #expect(narrow.header == ["embedding_\ndim", "context_\nlength", "final"])
    #expect(try narrow.size(on: canvas, metrics: m).width < (try table.size(on: canvas, metrics: m).width))
}
