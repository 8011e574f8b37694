// Final loss against a swept axis: means at their pixels, log scale for learning rates,
// categories for text values, and errors.
import Foundation
import Testing
@testable import Plot

private func runs(_ finals: [(Double, Int, Double)]) -> [SweepRun] {
    finals.enumerated().map { i, f in
        SweepRun(id: "r\(i)", values: ["learning_rate": .number(f.0)], seed: f.1, validation: [], finalValidationLoss: f.2)
    }
}

@Test("the mean over seeds sits at its pixel on a log learning-rate axis")
func meanAtItsPixel() throws {
    // lr 0.1 has seeds at 2.0 and 2.4: mean 2.2.
    let sweep = runs([(0.01, 1, 3.0), (0.01, 2, 3.2), (0.1, 1, 2.0), (0.1, 2, 2.4), (1, 1, 2.6), (1, 2, 2.8)])
    let (canvas, frame) = try SweepAxisFigure(title: "s", runs: sweep, axis: "learning_rate", style: smallStyle).draw()
    #expect(frame.x.kind == .log)
    #expect(frame.xTicks.map(\.label) == ["0.01", "0.1", "1"])
    let p = frame.point(0.1, 2.2)
    expectColor(canvas.pixel(x: Int(p.x), y: Int(p.y)), near: Palette.okabeIto[0], tolerance: 3)
}

@Test("text values become categories in order, labelled with their text")
func textCategories() throws {
    let sweep = ["b.txt", "a.txt"].enumerated().map { i, corpus in
        SweepRun(id: "r\(i)", values: ["corpus": .text(corpus)], seed: 1, validation: [], finalValidationLoss: 2 + Double(i))
    }
    let (_, frame) = try SweepAxisFigure(title: "s", runs: sweep, axis: "corpus", style: smallStyle).draw()
    #expect(frame.xTicks.map(\.label) == ["a.txt", "b.txt"])
    #expect(frame.x.kind == .linear)
}

@Test("diverged runs stay off the loss range and get a legend entry")
func diverged() throws {
    var sweep = runs([(0.1, 1, 2.0), (10, 1, 900)])
    sweep[1].diverged = true
    let (_, frame) = try SweepAxisFigure(title: "s", runs: sweep, axis: "learning_rate", style: smallStyle).draw()
    #expect(frame.y.hi < 10)
    #expect(frame.spec.legend?.entries.contains { $0.label.contains("diverged") } == true)
}

@Test("an axis no run has is an error listing the axes")
func unknownAxis() {
    #expect(throws: PlotError.unknownAxis(name: "lr", available: ["learning_rate"])) {
        try SweepAxisFigure(title: "s", runs: runs([(0.1, 1, 2)]), axis: "lr", style: smallStyle).render()
    }
}

@Test("runs without a final loss, or one value only, draw without crashing")
func sparse() throws {
    let sweep = [SweepRun(id: "a", values: ["learning_rate": .number(0.1)], seed: 1, validation: [], finalValidationLoss: nil)]
    #expect(try SweepAxisFigure(title: "s", runs: sweep, axis: "learning_rate", style: smallStyle).render().width == 480)
    #expect(try SweepAxisFigure(title: "s", runs: runs([(0.1, 1, .nan)]), axis: "learning_rate", logX: false, style: smallStyle).render().width == 480)
}

@Test("a setting drawn log-uniformly is a scatter plot on a log axis, one dot per run, the best marked and named")
func scatter() throws {
    let sweep = (0..<30).map { i -> SweepRun in
        // Four significant digits, as a random search draws them.
        let lr = Double(String(format: "%.4g", 0.01 * pow(1.2, Double(i)))) ?? 0
        let hidden = Double(16 << (i % 3))
        let final = 3 + abs(Double(i) - 20) / 10
        return SweepRun(id: "r\(i)", values: ["learning_rate": .number(lr), "hidden_size": .number(hidden)],
                        seed: 1, validation: [], finalValidationLoss: final)
    }
    let (canvas, frame) = try SweepAxisFigure(title: "s", runs: sweep, axis: "learning_rate", scale: .continuous(log: true),
                                              style: smallStyle).draw()
    #expect(frame.x.kind == .log)
    let labels = frame.spec.legend?.entries.map { $0.label.replacingOccurrences(of: "\n", with: " ") } ?? []
    // Run 20 is best: lr 0.01 x 1.2^20 = 0.3834, hidden_size 16 << 2 = 64.
    #expect(labels.first == "each run (30)")
    #expect(labels.contains("best: hidden_size = 64, learning_rate = 0.3834 · 3.000"))
    let best = frame.point(0.3834, 3)
    expectColor(canvas.pixel(x: Int(best.x), y: Int(best.y)), near: Palette.okabeIto[1], tolerance: 3)
}

@Test("with more than seven settings of the other axes, every run is a dot under the lowest means and the best configuration's line")
func profile() throws {
    // 2 x 8 others (16 series) over 3 values of e; loss = 2 + e / 10 + a + b / 100.
    var sweep: [SweepRun] = []
    for e in [1.0, 2, 3] {
        for a in [0.0, 1] {
            for b in 0..<8 {
                sweep.append(SweepRun(id: "e\(e)a\(a)b\(b)", values: ["e": .number(e), "a": .number(a), "b": .number(Double(b))],
                                      seed: 1, validation: [], finalValidationLoss: 2 + e / 10 + a + Double(b) / 100))
            }
        }
    }
    let (canvas, frame) = try SweepAxisFigure(title: "s", runs: sweep, axis: "e", style: smallStyle).draw()
    // Labels may wrap to fit beside the plot.
    #expect(frame.spec.legend?.entries.map { $0.label.replacingOccurrences(of: "\n", with: " ") } == [
        "each run (48)", "lowest mean over seeds at each e", "a = 0, b = 0 (the best configuration's)",
    ])
    // The lowest mean at e = 2 is 2.2 (a 0, b 0): the best configuration's marker, drawn last, sits there.
    let p = frame.point(2, 2.2)
    expectColor(canvas.pixel(x: Int(p.x), y: Int(p.y)), near: Palette.okabeIto[1], tolerance: 3)
}

@Test("a run far above the rest sits on the top edge, counted in the legend, instead of squashing the others")
func aboveTheScale() throws {
    // 20 runs from 3.0 to 3.95, and one at 12: of the 21 losses the 90th percentile is the 19th, 3.9; plus its
    // distance from the lowest, 3.0, that is 4.8.
    var sweep = (0..<20).map { i in
        SweepRun(id: "r\(i)", values: ["lr": .number(0.01 * Double(i + 1))], seed: 1, validation: [], finalValidationLoss: 3 + Double(i) / 20)
    }
    sweep.append(SweepRun(id: "far", values: ["lr": .number(0.5)], seed: 1, validation: [], finalValidationLoss: 12))
    #expect(outlierCutoff(sweep.compactMap(\.finalValidationLoss)).map { abs($0 - 4.8) < 1e-9 } == true)
    let (_, frame) = try SweepAxisFigure(title: "s", runs: sweep, axis: "lr", scale: .continuous(log: false), style: smallStyle).draw()
    #expect(frame.y.hi < 5)
    #expect(frame.spec.legend?.entries.contains { $0.label == "1 above the scale, up to 12.000" } == true)
    #expect(outlierCutoff((0..<20).map { 3 + Double($0) / 20 }) == nil)
}
