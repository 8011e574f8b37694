// Figure style: default size, scaling, and rejected scales.
import Foundation
import Testing
@testable import Plot

@Test("figures are 1600 x 1000 px by default and scale multiplies size and text")
func sizes() {
    #expect(FigureStyle().pixelWidth == 1600 && FigureStyle().pixelHeight == 1000)
    let double = FigureStyle(scale: 2)
    #expect(double.pixelWidth == 3200 && double.pixelHeight == 2000)
    #expect(double.metrics.tickLabelSize == 2 * FigureStyle().metrics.tickLabelSize)
}

@Test("a scale that is zero, negative, huge or NaN is an error", arguments: [0.0, -1, 100, .nan])
func badScale(scale: Double) {
    #expect(throws: PlotError.self) { try FigureStyle(scale: scale).validatedFonts() }
}

@Test("paper sizes are 3.5 and 7 inches wide at 300 dpi, screen is 1600 x 1000")
func paperSizes() {
    let column = FigureStyle(size: .column)
    #expect(column.pixelWidth == 1050 && column.pixelHeight == 780 && column.pixelDotsPerInch == 300)
    let page = FigureStyle(size: .page)
    #expect(page.pixelWidth == 2100 && page.pixelHeight == 1200 && page.pixelDotsPerInch == 300)
    #expect(FigureStyle(size: .screen) == FigureStyle())
    #expect(FigureStyle(size: .column, scale: 2).pixelWidth == 2100 && FigureStyle(size: .column, scale: 2).pixelDotsPerInch == 600)
    #expect(FigureSize.allCases.map { FigureStyle(size: $0).size } == FigureSize.allCases)
    #expect(FigureStyle(width: 800, height: 500).size == nil)
}

@Test("on paper, text is sized in points: 8 pt tick labels, 9 pt axis titles, 7 pt at the smallest, at 300 dpi")
func pointSizes() {
    // A point is 1/72 in: 300 / 72 = 4.17 px at 300 dpi.
    let m = FigureStyle(size: .column).metrics
    let points = { (pixels: Double) in pixels / (300.0 / 72) }
    #expect(abs(points(m.tickLabelSize) - 8) < 1e-9)
    #expect(abs(points(m.axisTitleSize) - 9) < 1e-9)
    #expect(abs(points(m.titleSize) - 9.5) < 1e-9 && abs(points(m.legendSize) - 7.5) < 1e-9)
    #expect(abs(points(m.annotationSize) - 7) < 1e-9)
    #expect(FigureStyle(size: .page).metrics.tickLabelSize == m.tickLabelSize)
    // Twice the scale is twice the dots per inch: the same sizes in points.
    #expect(abs(FigureStyle(size: .column, scale: 2).metrics.tickLabelSize / (600.0 / 72) - 8) < 1e-9)
}

@Test("every figure at column size is 1050 px wide, says 300 dpi, and draws no text smaller than 7 pt")
func columnFigures() throws {
    let style = FigureStyle(size: .column)
    let runs = (0..<40).map { i -> SweepRun in
        let lr = 0.01 * pow(1.15, Double(i))
        let hidden = Double([16, 32, 64][i % 3])
        let final = 3 + Double(i % 7) / 10
        return SweepRun(id: "r\(i)", values: ["learning_rate": .number(lr), "hidden_size": .number(hidden)],
                        seed: 1, validation: [(x: 0, y: 5), (x: 100, y: final)], finalValidationLoss: final)
    }
    let scales: [String: SettingScale] = ["learning_rate": .continuous(log: true)]
    var figures = try everyFigure(style: style)
    figures += [
        ("parallel", try ParallelCoordinatesFigure(title: "p", runs: runs, scales: scales, style: style).render()),
        ("importance", try ImportanceFigure(title: "i", shares: [("learning_rate", 0.7), ("hidden_size", 0.1)], residual: 0.2, style: style).render()),
        ("scatter", try SweepAxisFigure(title: "a", runs: runs, axis: "learning_rate", scale: .continuous(log: true), style: style).render()),
        ("binned", try SweepHeatmapFigure(title: "h", runs: runs, columnAxis: "learning_rate", rowAxis: "hidden_size", scales: scales, style: style).render()),
    ]
    for (name, canvas) in figures {
        #expect(canvas.width == 1050 && canvas.dotsPerInch == 300, "\(name)")
        let smallest = try #require(canvas.smallestTextSize, "\(name) has no text")
        // Pixels to points at 300 dpi: 72 / 300.
        #expect(smallest * 72 / 300 >= 7 - 1e-9, "\(name): \(smallest * 72 / 300) pt")
    }
}
