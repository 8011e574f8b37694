// The halving figure: the survivor's rung marks in its colour where the axes put them, the
// stopped runs' marks grey at their last rung, the rungs as the x ticks, and awkward inputs.
import Foundation
import Testing
@testable import Plot

/// Three runs over rungs at 10, 30 and 90 steps: one trained to the end, one stopped at 30, one at 10.
private func halvingRuns() -> [HalvingFigure.Run] {
    func curve(_ start: Double, to end: Int) -> [(x: Double, y: Double)] {
        stride(from: 5, through: end, by: 5).map { s in (x: Double(s), y: start - 0.01 * Double(s)) }
    }
    return [
        HalvingFigure.Run(label: "lr 0.3", validation: curve(4, to: 90), rungs: [(10, 3.9), (30, 3.7), (90, 3.1)], survived: true),
        HalvingFigure.Run(label: "lr 0.1", validation: curve(4.5, to: 30), rungs: [(10, 4.4), (30, 4.2)], survived: false),
        HalvingFigure.Run(label: "lr 1", validation: curve(5, to: 10), rungs: [(10, 4.9)], survived: false),
    ]
}

private let rungs = [(step: 10, configurations: 3), (step: 30, configurations: 2), (step: 90, configurations: 1)]

@Test("the survivor's rung marks have its colour; a stopped run ends in a grey mark at its last rung")
func marksAtTheirPixels() throws {
    let (canvas, frame) = try HalvingFigure(title: "h", runs: halvingRuns(), rungs: rungs, style: smallStyle).draw()
    let last = frame.point(90, 3.1)
    expectColor(canvas.pixel(x: Int(last.x), y: Int(last.y)), near: Palette.okabeIto[0], tolerance: 3)
    // The run stopped at 30 ends in a cross there, grey and darker than the one stopped at 10.
    let stopped = frame.point(30, 4.2)
    let grey = canvas.pixel(x: Int(stopped.x), y: Int(stopped.y))
    #expect(abs(grey.red - grey.green) < 0.02 && abs(grey.green - grey.blue) < 0.02 && grey.red < 0.7)
    let first = frame.point(10, 4.9)
    #expect(canvas.pixel(x: Int(first.x), y: Int(first.y)).red > grey.red)
}

@Test("the rungs are the x axis' ticks, on a log scale")
func rungTicks() throws {
    let (_, frame) = try HalvingFigure(title: "h", runs: halvingRuns(), rungs: rungs, style: smallStyle).draw()
    #expect(frame.xTicks.map(\.label) == ["10", "30", "90"])
    // Evenly spaced: each rung is three times the one before.
    let pixels = [10.0, 30, 90].map { frame.x.pixel($0) }
    #expect(abs((pixels[1] - pixels[0]) - (pixels[2] - pixels[1])) < 1)
}

@Test("no runs, or runs without a positive step, draw the empty message instead of failing")
func empty() throws {
    let none = try HalvingFigure(title: "h", runs: [], rungs: rungs, style: smallStyle).draw().frame
    #expect(none.spec.emptyMessage == "no run has reached its first evaluation")
    let nothing = HalvingFigure.Run(label: "x", validation: [(0, 5), (5, .nan)], rungs: [], survived: false)
    let unusable = try HalvingFigure(title: "h", runs: [nothing], rungs: [], style: smallStyle).draw().frame
    #expect(unusable.spec.emptyMessage != nil)
}
