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

@Test("on paper, tick labels are 8 pt, axis titles 9.5 pt and the smallest text 7.2 pt at 300 dpi")
func pointSizes() {
    // A point is 1/72 in: 300 / 72 = 4.17 px at 300 dpi.
    let m = FigureStyle(size: .column).metrics
    let points = { (pixels: Double) in pixels / (300.0 / 72) }
    #expect(abs(points(m.tickLabelSize) - 8) < 1e-9)
    #expect(abs(points(m.axisTitleSize) - 9.52) < 0.01)
    #expect(abs(points(m.annotationSize) - 7.24) < 0.01)
    #expect(FigureStyle(size: .page).metrics.tickLabelSize == m.tickLabelSize)
}
