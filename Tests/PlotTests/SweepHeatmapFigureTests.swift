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

@Test("unknown axes are errors; a single cell is drawn in one colour, empty and diverged cells in their greys")
func edges() throws {
    let runs = grid([(0.1, 4, 2, false)])
    #expect(throws: PlotError.unknownAxis(name: "x", available: ["e", "lr"])) {
        try SweepHeatmapFigure(title: "h", runs: runs, columnAxis: "x", rowAxis: "e", style: smallStyle).render()
    }
    // One value: its range is widened around it (2 ± 0.5), so the cell has the colormap's middle colour.
    let (one, frame) = try SweepHeatmapFigure(title: "h", runs: runs, columnAxis: "lr", rowAxis: "e", style: smallStyle).draw()
    #expect(one.width == 480)
    let cell = frame.point(-0.3, -0.3)
    expectColor(one.pixel(x: Int(cell.x), y: Int(cell.y)), near: Colormap.sequential.color(at: 0.5), tolerance: 1)
    // No finite value: (e 4, lr 0.1) has none and is empty, (e 4, lr 1) only diverged.
    let nothing = grid([(0.1, 4, .nan, false), (1, 4, 3, true)])
    let (canvas, empty) = try SweepHeatmapFigure(title: "h", runs: nothing, columnAxis: "lr", rowAxis: "e", style: smallStyle).draw()
    let emptyCell = empty.point(-0.3, -0.3)
    let divergedCell = empty.point(0.7, -0.3)
    expectColor(canvas.pixel(x: Int(emptyCell.x), y: Int(emptyCell.y)), near: Color(hex: 0xF2F2F2), tolerance: 1)
    expectColor(canvas.pixel(x: Int(divergedCell.x), y: Int(divergedCell.y)), near: Color(hex: 0xBDBDBD), tolerance: 1)
}

@Test("a setting drawn from a range gets bins, of equal ratio when logarithmic, with their edges as tick labels")
func bins() throws {
    // 64 runs: learning rates 0.01 x 10^(i / 21) up to 10^1 (0.01 ... 10), two sizes.
    let runs = (0..<64).map { i in
        SweepRun(id: "r\(i)", values: ["lr": .number(0.01 * pow(10, Double(i) / 21)), "e": .number(Double(4 << (i % 2)))],
                 seed: 1, validation: [], finalValidationLoss: Double(i))
    }
    let figure = SweepHeatmapFigure(title: "h", runs: runs, columnAxis: "e", rowAxis: "lr", scales: ["lr": .continuous(log: true)],
                                    style: smallStyle)
    let (cells, rows, columns) = figure.cells()
    // 64 runs: sqrt(64 / 4) = 4 bins, each a factor of 10^(3/4) = 5.6 wide.
    #expect(rows.map(\.description) == ["0.01–0.056", "0.056–0.32", "0.32–1.8", "1.8–10"])
    #expect(columns == [.number(4), .number(8)])
    // Bin 0 holds lr below 0.0562: i up to 15 (0.01 x 10^(15/21) = 0.0518); e 4 are the even i: 0, 2, ..., 14, mean 7.
    guard case .value(let mean) = cells[0][0] else { Issue.record("no value in the first cell"); return }
    #expect(mean == 7)
    let (_, frame) = try figure.draw()
    #expect(frame.yTicks.map(\.label) == ["0.01", "0.056", "0.32", "1.8", "10"])
    #expect(frame.spec.y.title == "lr (4 bins of equal ratio)")
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
