// Smoothing: the bias-corrected EMA on a worked example, and the automatic factor.
import Foundation
import Testing
@testable import Plot

private func expectClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, sourceLocation: sourceLocation)
    var worst = 0.0
    var worstIndex = 0
    for (i, (x, y)) in zip(a, b).enumerated() where !(x.isNaN && y.isNaN) {
        if !(abs(x - y) <= worst) {
            worst = abs(x - y)
            worstIndex = i
        }
    }
    #expect(worst <= tolerance, "largest difference \(worst) at index \(worstIndex)", sourceLocation: sourceLocation)
}

@Test("bias-corrected EMA with beta 0.5 on 4, 2, 4 gives 4, 8/3, 24/7")
func workedExample() {
    // s1 = 0.5*0 + 0.5*4 = 2,   corrected 2 / (1 - 0.5)   = 4
    // s2 = 0.5*2 + 0.5*2 = 2,   corrected 2 / (1 - 0.25)  = 8/3
    // s3 = 0.5*2 + 0.5*4 = 3,   corrected 3 / (1 - 0.125) = 24/7
    expectClose(debiasedEMA([4, 2, 4], beta: 0.5), [4, 8.0 / 3, 24.0 / 7])
}

@Test("a constant series stays constant: the correction removes the pull towards zero")
func constantStaysConstant() {
    expectClose(debiasedEMA([3, 3, 3, 3], beta: 0.9), [3, 3, 3, 3], tolerance: 1e-12)
}

@Test("non-finite values are skipped without advancing the average")
func skipsNaN() {
    // As if the NaN were not there: 4, then (0.5*2 + 0.5*2) / 0.75 = 8/3.
    expectClose(debiasedEMA([4, .nan, 2, .infinity], beta: 0.5), [4, .nan, 8.0 / 3, .nan])
    #expect(debiasedEMA([], beta: 0.5).isEmpty)
    expectClose(debiasedEMA([1, 5, 2], beta: 0), [1, 5, 2])
}

@Test("the automatic factor spans about 1% of the run", arguments: zip([10, 100, 1000, 5000, 100_000], [0, 0, 0.9, 0.98, 0.99]))
func automatic(count: Int, beta: Double) {
    #expect(abs(automaticSmoothing(count: count) - beta) < 1e-12)
}
