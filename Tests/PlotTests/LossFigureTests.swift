// The loss figure: the PNG's size, data at the pixels the axes give, the tokens axis, and
// awkward inputs (nothing, one point, equal values, NaN, huge ranges) drawn without crashing.
import Foundation
import Testing
@testable import Plot

private let validationColor = Palette.okabeIto[1]
private let trainColor = Palette.okabeIto[0]

/// A falling loss: 5.5 at step 0 towards 2, logged every step; validation every 10 steps.
private func curves(steps: Int) -> (train: [(x: Double, y: Double)], validation: [(x: Double, y: Double)]) {
    let train = (0...steps).map { s in (x: Double(s), y: 2 + 3.5 * exp(-Double(s) / Double(steps) * 4) + (s % 2 == 0 ? 0.1 : -0.1)) }
    let validation = stride(from: 0, through: steps, by: 10).map { s in (x: Double(s), y: 2.1 + 3.5 * exp(-Double(s) / Double(steps) * 4)) }
    return (train, validation)
}

@Test("loss.png is 1600 x 1000 by default and decodes at that size")
func defaultSize() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (train, validation) = curves(steps: 40)
    let url = directory.appendingPathComponent("loss.png")
    try LossFigure(title: "run", subtitle: "lr 0.1", train: train, validation: validation, tokensPerStep: 64).render().writePNG(to: url)
    #expect(try decodedSize(url) == (1600, 1000))
}

@Test("a validation point's pixel has the validation colour")
func validationAtItsPixel() throws {
    let (train, validation) = curves(steps: 100)
    let (canvas, frame) = try LossFigure(title: "run", train: train, validation: validation, style: smallStyle).draw()
    #expect(canvas.width == 480 && canvas.height == 300)
    // Step 50 is mid-plot, away from the legend in the upper right.
    let point = try #require(validation.first { $0.x == 50 })
    let p = frame.point(point.x, point.y)
    expectColor(canvas.pixel(x: Int(p.x), y: Int(p.y)), near: validationColor, tolerance: 3)
}

@Test("equal training losses give a flat smoothed line at that value, in the training colour")
func flatSmoothedLine() throws {
    let train = (0...300).map { (x: Double($0), y: 2.5) }
    let (canvas, frame) = try LossFigure(title: "flat", train: train, validation: [], style: smallStyle).draw()
    let p = frame.point(150, 2.5)
    expectColor(canvas.pixel(x: Int(p.x), y: Int(p.y)), near: trainColor, tolerance: 3)
    // The all-equal range was widened around 2.5 instead of collapsing.
    #expect(frame.y.lo < 2.5 && frame.y.hi > 2.5)
}

@Test("the top axis counts tokens seen: step x tokens per step, at 1-2-5 values")
func tokensAxis() throws {
    // 2000 steps of 64 tokens: up to 128 000 tokens, labelled in thousands.
    let (train, validation) = curves(steps: 2000)
    let (_, frame) = try LossFigure(title: "run", train: train, validation: validation, tokensPerStep: 64, style: smallStyle).draw()
    #expect(frame.topTicks.count >= 2)
    let tokens = frame.topTicks.map { $0.value * 64 }
    let step = tokens[1] - tokens[0]
    let mantissa = step / pow(10, log10(step).rounded(.down))
    #expect([1.0, 2.0, 5.0].contains { abs(mantissa - $0) < 1e-9 })
    #expect(frame.topTicks.last?.label.hasSuffix("k") == true)
}

@Test("awkward inputs draw without crashing", arguments: [
    ([], []),
    ([(x: 3.0, y: 2.0)], []),
    ([], [(x: 0.0, y: 4.0)]),
    ([(x: 0.0, y: .nan), (x: 1, y: .infinity), (x: .nan, y: 3), (x: 2, y: 2.5)], [(x: 1.0, y: -.infinity)]),
    ([(x: 0.0, y: 1e-300), (x: 1, y: 1e300), (x: 2, y: -1)], [(x: 0.0, y: 0)]),
] as [([(x: Double, y: Double)], [(x: Double, y: Double)])])
func awkwardInputs(train: [(x: Double, y: Double)], validation: [(x: Double, y: Double)]) throws {
    for logY in [false, true] {
        let canvas = try LossFigure(title: "edge", train: train, validation: validation, tokensPerStep: 8, logY: logY, style: smallStyle).render()
        #expect(canvas.width == 480 && canvas.height == 300)
    }
}

@Test("with no finite values the plot says so in its middle")
func emptySaysSo() throws {
    let (canvas, frame) = try LossFigure(title: "", train: [(x: 0, y: .nan)], validation: [], style: smallStyle).draw()
    #expect(inkCount(canvas, x: Int(frame.plot.midX) - 60..<Int(frame.plot.midX) + 60, y: Int(frame.plot.midY) - 8..<Int(frame.plot.midY) + 8) > 30)
}

@Test("a smoothing factor outside [0, 1) is an error naming the parameter")
func badSmoothing() {
    #expect(throws: PlotError.invalidParameter(name: "LossFigure.smoothing", value: "1.0", expected: "in [0, 1)")) {
        try LossFigure(title: "r", train: [], validation: [], smoothing: 1, style: smallStyle).render()
    }
}
