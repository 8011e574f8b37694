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
