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

/// A grid of `a` x `b` x `c` configurations whose final loss is 2 + a + b / 10 + c / 100 (by
/// index), so the order of the configurations is known: (0, 0, 0) best, then (0, 0, 1), ...
private func grid(_ a: Int, _ b: Int, _ c: Int) -> [SweepRun] {
    var runs: [SweepRun] = []
    for i in 0..<a {
        for j in 0..<b {
            for k in 0..<c {
                let final = 2 + Double(i) + Double(j) / 10 + Double(k) / 100
                runs.append(SweepRun(
                    id: "r\(i)-\(j)-\(k)", values: ["alpha": .number(Double(i)), "beta": .number(Double(j)), "gamma": .number(Double(k))],
                    seed: 1, validation: [(x: 0, y: 6), (x: 50, y: final + 1), (x: 100, y: final)], finalValidationLoss: final))
            }
        }
    }
    return runs
}

@Test("beyond twelve configurations the best five get distinct colours and a table row naming every swept setting; the rest are grey")
func bestHighlighted() throws {
    let runs = grid(5, 5, 4)  // 100 configurations
    let (canvas, frame) = try SweepCurvesFigure(title: "s", runs: runs, axes: ["gamma", "alpha", "beta"], style: FigureStyle(scale: 0.5)).draw()
    let legend = try #require(frame.spec.legend)
    #expect(legend.title == "best 5 of 100 configurations")
    #expect(legend.header == ["gamma", "alpha", "beta", "final"])
    // Best first: (0, 0, 0) at 2.000, then gamma 1, 2, 3 at (0, 0), then beta 1.
    #expect(legend.entries.prefix(5).map { $0.cells ?? [] } == [
        ["0", "0", "0", "2.000"], ["1", "0", "0", "2.010"], ["2", "0", "0", "2.020"], ["3", "0", "0", "2.030"], ["0", "0", "1", "2.100"],
    ])
    #expect(legend.entries[5].label == "95 other configurations")
    var colours: [Color] = []
    for entry in legend.entries.prefix(5) {
        guard case .line(let color, let dash) = entry.swatch, dash == nil else { Issue.record("\(entry.swatch)"); continue }
        colours.append(color)
    }
    #expect(Set(colours).count == 5 && !colours.contains(SweepCurvesFigure.background))
    let rect = try #require(frame.legendRect)
    #expect(rect.width <= frame.plot.width && rect.maxX <= Double(canvas.width))
    // The best configuration's curve falls from 3.0 at step 50 to 2.0 at step 100, so it passes 2.1 at
    // step 95, in the first colour, on top of the grey ones.
    let end = frame.point(95, 2.1)
    expectColor(canvas.pixel(x: Int(end.x), y: Int(end.y)), near: Palette.okabeIto[0], tolerance: 40)
}

@Test("with two swept settings and few configurations, colour and dash name them and the best is named too")
func encodedNamesBest() throws {
    let runs = grid(3, 2, 1)
    let (_, frame) = try SweepCurvesFigure(title: "s", runs: runs, style: smallStyle).draw()
    // Labels may wrap to fit beside the plot.
    let labels = frame.spec.legend?.entries.map { $0.label.replacingOccurrences(of: "\n", with: " ") } ?? []
    #expect(labels.prefix(5) == ["alpha = 0", "alpha = 1", "alpha = 2", "beta = 0", "beta = 1"])
    #expect(labels.contains("best: alpha = 0, beta = 0 · 2.000"))
}

@Test("the loss axis names the measure: bits per character when asked")
func unitInTitle() throws {
    let (_, frame) = try SweepCurvesFigure(title: "s", runs: grid(2, 1, 1), unit: "bits per character", style: smallStyle).draw()
    #expect(frame.spec.y.title == "validation loss (bits per character)")
}

@Test("in the SVG each configuration's curve is a group whose title names its settings, loss and run")
func hoverTitles() throws {
    let style = FigureStyle(width: 800, height: 500, scale: 0.6, recordsSVG: true)
    let svg = try #require(try SweepCurvesFigure(title: "s", runs: grid(2, 2, 4), style: style).render().svgText())
    #expect(svg.contains("<g><title>alpha = 0, beta = 0, gamma = 0 · final validation loss 2.0000 nats per token · run r0-0-0</title>"))
    #expect(svg.components(separatedBy: "<g><title>").count - 1 == 16)
}
