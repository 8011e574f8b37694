// PCA: principal axes recovered from points built on known axes, and the Jacobi solver.
import Foundation
import Testing
@testable import Plot

/// 8 points a*u + b*v + (1, 2, 3) with u = (0.6, 0.8, 0), v = (-0.8, 0.6, 0),
/// a in {-3, -1, 1, 3} and b in {-1, 1}.
private func knownPoints() -> [Double] {
    var matrix: [Double] = []
    for a in [-3.0, -1, 1, 3] {
        for b in [-1.0, 1] {
            matrix += [a * 0.6 + b * -0.8 + 1, a * 0.8 + b * 0.6 + 2, 3]
        }
    }
    return matrix
}

@Test("PCA finds the known axes, their variances and the explained fractions")
func knownAxes() throws {
    let pca = try PCA(matrix: knownPoints(), rows: 8, columns: 3, components: 2)
    // Variance along u: sum of a^2 over the 8 points / 7 = 2 * (9 + 1 + 1 + 9) / 7 = 40/7;
    // along v: 8 / 7; nothing along z. Explained: 40/48 and 8/48.
    #expect(abs(pca.variances[0] - 40.0 / 7) < 1e-12)
    #expect(abs(pca.variances[1] - 8.0 / 7) < 1e-12)
    #expect(abs(pca.explainedFractions[0] - 40.0 / 48) < 1e-12)
    #expect(abs(pca.explainedFractions[1] - 8.0 / 48) < 1e-12)
    // Signs: the largest entry is made positive, so u stays (0.6, 0.8, 0) and v becomes (0.8, -0.6, 0).
    let expected = [[0.6, 0.8, 0], [0.8, -0.6, 0]]
    for (axis, want) in zip(pca.axes, expected) {
        for (x, y) in zip(axis, want) { #expect(abs(x - y) < 1e-12) }
    }
    // The point a = 3, b = 1 projects to (a, -b) = (3, -1).
    let projected = pca.project(knownPoints(), rows: 8)
    #expect(abs(projected[7][0] - 3) < 1e-12 && abs(projected[7][1] + 1) < 1e-12)
}

@Test("the same matrix always gives bit-identical axes")
func deterministic() throws {
    let a = try PCA(matrix: knownPoints(), rows: 8, columns: 3, components: 3)
    let b = try PCA(matrix: knownPoints(), rows: 8, columns: 3, components: 3)
    #expect(a.axes == b.axes && a.variances == b.variances)
}

@Test("Jacobi rotations diagonalise [[2, 1], [1, 2]] into eigenvalues 3 and 1")
func jacobiTwoByTwo() {
    let (values, vectors) = jacobiEigen([2, 1, 1, 2], n: 2)
    #expect(Set(values.map { ($0 * 1e9).rounded() / 1e9 }) == [3, 1])
    // The eigenvector of 3 is (1, 1)/sqrt(2), in one of the columns.
    let column = values[0] > values[1] ? 0 : 1
    #expect(abs(abs(vectors[column]) - 0.5.squareRoot()) < 1e-12)
}

@Test("degenerate tables give zero variance instead of NaN, and bad shapes are errors")
func degenerate() throws {
    let one = try PCA(matrix: [1, 2, 3], rows: 1, columns: 3, components: 2)
    #expect(one.explainedFractions == [0, 0])
    #expect(one.project([1, 2, 3], rows: 1) == [[0, 0]])
    let empty = try PCA(matrix: [], rows: 0, columns: 4, components: 2)
    #expect(empty.project([], rows: 0).isEmpty)
    #expect(throws: PlotError.self) { try PCA(matrix: [1, 2, 3], rows: 2, columns: 2, components: 2) }
}
