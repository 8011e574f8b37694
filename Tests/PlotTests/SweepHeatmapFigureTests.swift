// The heatmap: cell means, their colormap colours at the cell pixels, empty and diverged cells.
import Foundation
import Testing
@testable import Plot

private func grid(_ cells: [(Double, Double, Double, Bool)]) -> [SweepRun] {
    cells.enumerated().map { i, c in
        SweepRun(id: "r\(i)", values: ["lr": .number(c.0), "e": .number(c.1)], seed: i, validation: [], finalValidationLoss: c.2, diverged: c.3)
    }
}

@Test("cells hold the mean over seeds; diverged-only cells and missing cells are marked")
func cellValues() {
    let runs = grid([(0.1, 4, 2.0, false), (0.1, 4, 3.0, false), (1, 4, 50, true), (0.1, 8, 1.5, false)])
    let (cells, rows, columns) = SweepHeatmapFigure(title: "h", runs: runs, columnAxis: "lr", rowAxis: "e").cells()
    #expect(rows == [.number(4), .number(8)] && columns == [.number(0.1), .number(1)])
    guard case .value(let mean) = cells[0][0] else { Issue.record("cell (e 4, lr 0.1) has no value"); return }
    #expect(mean == 2.5)
    guard case .diverged = cells[0][1] else { Issue.record("cell (e 4, lr 1) is not diverged"); return }
    guard case .empty = cells[1][1] else { Issue.record("cell (e 8, lr 1) is not empty"); return }
}

@Test("a cell's pixels have the colormap colour of its value")
func cellColour() throws {
    // Values 1, 2, 3, 4: the range is 1..4, so 4 maps to the top of the colormap.
    let runs = grid([(0.1, 4, 1, false), (1, 4, 2, false), (0.1, 8, 3, false), (1, 8, 4, false)])
    let (canvas, frame) = try SweepHeatmapFigure(title: "h", runs: runs, columnAxis: "lr", rowAxis: "e", style: smallStyle).draw()
    // The top-right cell (e 8, lr 1), a few pixels inside its corner, clear of the text.
    let x = Int(frame.x.pixel(0.5).rounded()) + 4
    let y = Int(frame.y.pixel(1.5).rounded()) + 4
    expectColor(canvas.pixel(x: x, y: y), near: Colormap.sequential.color(at: 1), tolerance: 1)
    let x2 = Int(frame.x.pixel(0.5).rounded()) + 4
    let y2 = Int(frame.y.pixel(0.5).rounded()) + 4
    // Bottom-right (e 4, lr 2): value 2 is a third of the way up.
    expectColor(canvas.pixel(x: x2, y: y2), near: Colormap.sequential.color(at: 1.0 / 3), tolerance: 1)
}

@Test("unknown axes are errors; a single cell or no values draws without crashing")
func edges() throws {
    let runs = grid([(0.1, 4, 2, false)])
    #expect(throws: PlotError.unknownAxis(name: "x", available: ["e", "lr"])) {
        try SweepHeatmapFigure(title: "h", runs: runs, columnAxis: "x", rowAxis: "e", style: smallStyle).render()
    }
    #expect(try SweepHeatmapFigure(title: "h", runs: runs, columnAxis: "lr", rowAxis: "e", style: smallStyle).render().width == 480)
    let nothing = grid([(0.1, 4, .nan, false), (1, 4, 3, true)])
    #expect(try SweepHeatmapFigure(title: "h", runs: nothing, columnAxis: "lr", rowAxis: "e", style: smallStyle).render().width == 480)
}

@Test("two axes of 300 values each: every k-th category is labelled, as many as the axes hold")
func manyCategories() throws {
    let runs = (0..<300).map { i in
        SweepRun(id: "r\(i)", values: ["lr": .number(Double(i)), "e": .number(Double(i))], seed: 1, validation: [], finalValidationLoss: Double(i))
    }
    let (_, frame) = try SweepHeatmapFigure(title: "h", runs: runs, columnAxis: "lr", rowAxis: "e", style: smallStyle).draw()
    // Tick labels are 21 x 0.6 = 12.6 px, kept 1.3 x that = 16.4 px apart.
    let gap = 21 * 0.6 * 1.3
    #expect(frame.yTicks.count <= Int(frame.plot.height / gap) && frame.yTicks.count >= Int(frame.plot.height / gap) / 2)
    #expect(frame.xTicks.count <= Int(frame.plot.width / gap))
    #expect(frame.yTicks.first?.label == "0")
    // Evenly spaced: the same number of categories between labels.
    let steps = Set(zip(frame.yTicks, frame.yTicks.dropFirst()).map { $1.value - $0.value })
    #expect(steps.count == 1)
}
