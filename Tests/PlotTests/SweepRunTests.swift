// Sweep inputs: axis values, grouping seeds into configurations, combining curves, log choice.
import Foundation
import Testing
@testable import Plot

private func run(_ id: String, _ values: [String: AxisValue], seed: Int = 1, final: Double? = 2) -> SweepRun {
    SweepRun(id: id, values: values, seed: seed, validation: [], finalValidationLoss: final)
}

@Test("axis values order numbers by value before text, and print whole numbers plainly")
func axisValues() {
    #expect([AxisValue.text("b"), .number(10), .text("a"), .number(2)].sorted() == [.number(2), .number(10), .text("a"), .text("b")])
    #expect(AxisValue.number(64).description == "64")
    #expect(AxisValue.number(0.03).description == "0.03")
    #expect(AxisValue.text("corpora/a.txt").description == "corpora/a.txt")
}

@Test("runs with equal values are grouped as seeds, groups ordered by their values")
func grouping() {
    let runs = [
        run("b1", ["lr": .number(0.3), "e": .number(4)], seed: 1),
        run("a2", ["lr": .number(0.1), "e": .number(4)], seed: 2),
        run("a1", ["lr": .number(0.1), "e": .number(4)], seed: 1),
        run("c1", ["lr": .number(0.1), "e": .number(8)], seed: 1),
    ]
    #expect(sweptAxes(of: runs) == ["e", "lr"])
    let groups = groupRuns(runs, by: ["e", "lr"])
    #expect(groups.map { $0.runs.map(\.id) } == [["a1", "a2"], ["b1"], ["c1"]])
    #expect(describe(groups[0].values, axes: ["e", "lr"]) == "e = 4, lr = 0.1")
    // An axis with one value everywhere is not swept.
    #expect(sweptAxes(of: [run("x", ["lr": .number(1), "e": .number(4)]), run("y", ["lr": .number(2), "e": .number(4)])]) == ["lr"])
}

@Test("curves of seeds combine per step into mean, min and max of the finite values")
func combining() {
    let combined = combineCurves([
        [(x: 0, y: 4), (x: 10, y: 2)],
        [(x: 0, y: 6), (x: 10, y: .nan), (x: 20, y: 1)],
    ])
    #expect(combined.count == 3)
    #expect(combined[0].mean == 5 && combined[0].min == 4 && combined[0].max == 6)
    #expect(combined[1].mean == 2 && combined[2].mean == 1)
    #expect(spread([]) == nil)
}

@Test("log scale for learning rates, two decades or more, or geometric steps", arguments: zip(
    [("learning_rate", [0.05, 0.1]), ("x", [1, 10, 100]), ("x", [4, 8, 16]), ("x", [3, 5, 10]), ("x", [0, 1, 10, 100]), ("x", [2, 4])],
    [true, true, true, false, false, false]))
func logChoice(input: (String, [Double]), expected: Bool) {
    #expect(prefersLogScale(axis: input.0, values: input.1) == expected)
}

@Suite struct SettingBinsTests {
    @Test("log bins have equal ratios from the lowest value to the highest, the last one closed")
    func logBins() throws {
        let bins = try #require(SettingBins(values: [0.01, 0.5, 10], log: true, count: 3))
        // 10^-2 ... 10^1 in three steps of a decade.
        #expect(zip(bins.edges, [0.01, 0.1, 1, 10]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(bins.index(of: 0.01) == 0 && bins.index(of: 0.1) == 1 && bins.index(of: 0.99) == 1 && bins.index(of: 10) == 2)
        #expect(bins.index(of: 11) == nil && bins.index(of: .nan) == nil)
        #expect(bins.label(ofBin: 0) == "0.01–0.1")
    }

    @Test("linear bins have equal widths; values without spread have no bins")
    func linearBins() throws {
        let bins = try #require(SettingBins(values: [2, 24, 13], log: false, count: 5))
        #expect(bins.edges.map { SettingBins.label($0) } == ["2", "6.4", "11", "15", "20", "24"])
        #expect(SettingBins(values: [3, 3], log: false, count: 4) == nil)
        #expect(SettingBins(values: [-1, 0], log: true, count: 4) == nil)
    }

    @Test("about four runs per cell of a heatmap: 3 to 8 bins")
    func counts() {
        #expect(SettingBins.count(forRuns: 10) == 3 && SettingBins.count(forRuns: 100) == 5 && SettingBins.count(forRuns: 1000) == 8)
    }

    @Test("a setting is guessed to be a range from more than 12 distinct numbers, log-scaled for a learning rate")
    func inferred() {
        let many = (1...20).map { AxisValue.number(Double($0) / 100) }
        #expect(SettingScale.inferred(axis: "learning_rate", values: many) == .continuous(log: true))
        #expect(SettingScale.inferred(axis: "dropout", values: many) == .continuous(log: false))
        #expect(SettingScale.inferred(axis: "learning_rate", values: Array(many.prefix(12))) == .discrete)
    }
}
