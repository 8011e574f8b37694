// Sweep curves: the mean line and the min-max band at their pixels, diverged runs kept off
// the range, and an unknown colour axis.
import Foundation
import Testing
@testable import Plot

private func flat(_ y: Double) -> [(x: Double, y: Double)] { stride(from: 0.0, through: 100, by: 10).map { (x: $0, y: y) } }

@Test("two seeds at losses 2 and 4 draw a mean line at 3 inside a band from 2 to 4")
func meanAndBand() throws {
    let runs = [
        SweepRun(id: "a", values: ["lr": .number(0.1)], seed: 1, validation: flat(2), finalValidationLoss: 2),
        SweepRun(id: "b", values: ["lr": .number(0.1)], seed: 2, validation: flat(4), finalValidationLoss: 4),
    ]
    // The band fills the plot, so the legend must go outside: 800 px wide leaves room for it.
    let (canvas, frame) = try SweepCurvesFigure(title: "s", runs: runs, style: FigureStyle(scale: 0.5)).draw()
    #expect((frame.legendRect?.minX ?? 0) > frame.plot.maxX)
    let color = Palette.okabeIto[0]
    let mean = frame.point(50, 3)
    expectColor(canvas.pixel(x: Int(mean.x), y: Int(mean.y)), near: color, tolerance: 3)
    // 2.3 is between grid lines.
    let inBand = frame.point(50, 2.3)
    expectColor(canvas.pixel(x: Int(inBand.x), y: Int(inBand.y)), near: color.over(.white, opacity: 0.16), tolerance: 2)
}

@Test("a diverged run is drawn but does not stretch the loss axis")
func divergedOffRange() throws {
    let runs = [
        SweepRun(id: "a", values: ["lr": .number(0.1)], seed: 1, validation: flat(2), finalValidationLoss: 2),
        SweepRun(id: "b", values: ["lr": .number(10)], seed: 1, validation: flat(500), finalValidationLoss: 500, diverged: true),
    ]
    let (_, frame) = try SweepCurvesFigure(title: "s", runs: runs, style: smallStyle).draw()
    #expect(frame.y.hi < 10)
    #expect(frame.spec.legend?.entries.contains { $0.label.contains("diverged") } == true)
}

@Test("an unknown colour axis is an error listing the swept axes")
func unknownColorAxis() {
    let runs = [SweepRun(id: "a", values: ["lr": .number(0.1)], seed: 1, validation: flat(2), finalValidationLoss: 2)]
    #expect(throws: PlotError.unknownAxis(name: "embedding_dim", available: ["lr"])) {
        try SweepCurvesFigure(title: "s", runs: runs, colorAxis: "embedding_dim", style: smallStyle).render()
    }
}

@Test("empty sweeps and empty curves draw without crashing", arguments: [
    [],
    [SweepRun(id: "a", values: [:], seed: 1, validation: [], finalValidationLoss: nil)],
    [SweepRun(id: "a", values: ["lr": .number(1)], seed: 1, validation: [(x: 0, y: .nan)], finalValidationLoss: nil, diverged: true)],
] as [[SweepRun]])
func emptySweeps(runs: [SweepRun]) throws {
    #expect(try SweepCurvesFigure(title: "s", runs: runs, logY: true, style: smallStyle).render().width == 480)
}
