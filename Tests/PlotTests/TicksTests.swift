// Ticks: the 1-2-5 rule and the log rules on ranges worked out by hand, and label formats.
import Foundation
import Testing
@testable import Plot

@Test("linear ticks use the smallest 1-2-5 step that gives at most 6 ticks", arguments: zip(
    [(0.0, 1.0), (0.013, 0.087), (3.0, 3.0), (-7.0, 23.0), (0.0, 5000.0), (1.8, 3.0), (1.0, 0.0)],
    [
        // 0..1: step 0.1 would give 11 ticks, 0.2 gives 6.
        [0, 0.2, 0.4, 0.6, 0.8, 1],
        // 0.013..0.087: step 0.01 gives 0.02..0.08 = 7 ticks, step 0.02 gives 4.
        [0.02, 0.04, 0.06, 0.08],
        // No range: the one value.
        [3],
        // -7..23: step 2 gives -6..22 = 15 ticks, step 5 gives -5..20 = 6.
        [-5, 0, 5, 10, 15, 20],
        // 0..5000: step 500 gives 11, step 1000 gives 6.
        [0, 1000, 2000, 3000, 4000, 5000],
        // 1.8..3.0: step 0.1 gives 13, 0.2 gives 7, 0.5 gives 2.0, 2.5, 3.0.
        [2, 2.5, 3],
        // Reversed bounds are the same range.
        [0, 0.2, 0.4, 0.6, 0.8, 1],
    ]))
func linearTicks(range: (Double, Double), expected: [Double]) {
    // Exact equality: ticks are the doubles nearest the decimal values (0.6, not 0.6000000000000001).
    #expect(Ticks.linear(from: range.0, to: range.1, maxCount: 6) == expected)
}

@Test("non-finite and astronomically wide ranges give a few ticks, never a crash")
func extremeLinear() {
    #expect(Ticks.linear(from: .nan, to: 1, maxCount: 6).isEmpty)
    #expect(Ticks.linear(from: -1e308, to: 1e308, maxCount: 6) == [-1e308, 1e308])
    #expect(Ticks.linear(from: 1e300, to: 1e300 * (1 + 1e-15), maxCount: 6).count == 1)
    #expect(Ticks.linear(from: 0, to: 1e-300, maxCount: 6).count <= 6)
}

@Test("a log axis from 0.01 to 100 gets the five decades and 2..9 minor ticks in between")
func logDecades() {
    #expect(Ticks.log(from: 0.01, to: 100, maxCount: 8) == [0.01, 0.1, 1, 10, 100])
    let minor = Ticks.logMinor(from: 0.01, to: 100)
    // 4 decades x 8 minor ticks.
    #expect(minor.count == 32)
    #expect(minor.first == 0.02 && minor.last == 90)
    #expect(minor.contains(0.5))
}

@Test("log axes over one or two decades fall back to 1-2-5 multiples, then to linear ticks")
func logFallbacks() {
    // 0.5..20: decades 1 and 10 only; 1-2-5 gives 0.5, 1, 2, 5, 10, 20.
    #expect(Ticks.log(from: 0.5, to: 20, maxCount: 8) == [0.5, 1, 2, 5, 10, 20])
    // 1.8..5.1: no decade, only 2 and 5 of 1-2-5; linear step 1 gives 2, 3, 4, 5.
    #expect(Ticks.log(from: 1.8, to: 5.1, maxCount: 6) == [2, 3, 4, 5])
}

@Test("hundreds of decades are thinned to at most maxCount")
func manyDecades() {
    let ticks = Ticks.decades(from: 1e-300, to: 1e300, maxCount: 7)
    #expect(ticks.count <= 7 && ticks.count >= 5)
    #expect(ticks.first == 1e-300)
    #expect(Ticks.decades(from: -1, to: 10, maxCount: 5).isEmpty)
}

@Test("labels carry the decimals the ticks need, SI suffixes, and a true minus sign", arguments: zip(
    [[0, 0.2, 0.4], [0, 0.25, 0.5], [-1, 0, 1], [0, 100_000, 200_000], [0, 2_500_000, 5_000_000], [1000, 2000], [0, 0.00002, 0.00004]],
    [["0.0", "0.2", "0.4"], ["0.00", "0.25", "0.50"], ["−1", "0", "1"], ["0", "100k", "200k"], ["0", "2.5M", "5.0M"], ["1000", "2000"],
     ["0", "2×10⁻⁵", "4×10⁻⁵"]]))
func labels(ticks: [Double], expected: [String]) {
    #expect(Ticks.labels(for: ticks) == expected)
}

@Test("log labels are plain decimals from 0.001 to 10000 and powers of ten beyond", arguments: zip(
    [0.01, 0.5, 1, 100, 1e-5, 1e5, 3e-7],
    ["0.01", "0.5", "1", "100", "10⁻⁵", "10⁵", "3×10⁻⁷"]))
func logLabels(value: Double, expected: String) {
    #expect(Ticks.logLabel(value) == expected)
}

@Test("counting axes never step by less than one")
func minimumStep() {
    // -1..1 would take 0.5 steps; counts step by 1.
    #expect(Ticks.linear(from: -1, to: 1, maxCount: 6, minimumStep: 1) == [-1, 0, 1])
    #expect(Ticks.linear(from: 0, to: 3, maxCount: 10, minimumStep: 1) == [0, 1, 2, 3])
}
