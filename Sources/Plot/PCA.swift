// Principal component analysis of a small matrix (an embedding table), done here: the E x E
// covariance of the centred rows, diagonalised with cyclic Jacobi rotations, which is simple,
// exact for symmetric matrices and fast enough for E up to a few hundred.
// Leaves out randomised or incremental PCA; tables here have at most thousands of rows.
import Foundation

/// The principal axes of the rows of a matrix.
public struct PCA: Sendable {
    /// Column means [E], subtracted before projecting.
    public let mean: [Double]
    /// Unit principal axes, largest variance first: [k][E]. Each axis is oriented so that its
    /// largest-magnitude entry is positive (the first such on ties), so results are reproducible.
    public let axes: [[Double]]
    /// Variance along each axis (the covariance eigenvalues), [k].
    public let variances: [Double]
    /// Total variance (trace of the covariance), to express `variances` as fractions.
    public let totalVariance: Double

    /// Fits `components` axes to `matrix`, row-major [rows, columns].
    public init(matrix: [Double], rows: Int, columns: Int, components: Int) throws {
        guard rows >= 0, columns >= 1, matrix.count == rows * columns else {
            throw PlotError.shapeMismatch(what: "PCA matrix of \(rows) x \(columns)", expected: max(0, rows) * max(1, columns), actual: matrix.count)
        }
        let E = columns
        var mean = [Double](repeating: 0, count: E)
        for r in 0..<rows {
            for c in 0..<E { mean[c] += matrix[r * E + c] }
        }
        if rows > 0 { mean = mean.map { $0 / Double(rows) } }
        // cov: [E, E], divided by rows - 1 (sample covariance).
        var cov = [Double](repeating: 0, count: E * E)
        for r in 0..<rows {
            for i in 0..<E {
                let di = matrix[r * E + i] - mean[i]
                for j in i..<E { cov[i * E + j] += di * (matrix[r * E + j] - mean[j]) }
            }
        }
        let divisor = Double(max(1, rows - 1))
        for i in 0..<E {
            for j in i..<E {
                cov[i * E + j] /= divisor
                cov[j * E + i] = cov[i * E + j]
            }
        }
        let (values, vectors) = jacobiEigen(cov, n: E)
        let order = (0..<E).sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
        let k = max(0, min(components, E))
        var axes: [[Double]] = []
        for index in order.prefix(k) {
            var axis = (0..<E).map { vectors[$0 * E + index] }
            // Deterministic sign: the largest-magnitude entry is positive.
            var largest = 0
            for i in 1..<E where abs(axis[i]) > abs(axis[largest]) + 1e-12 { largest = i }
            if axis[largest] < 0 { axis = axis.map { -$0 } }
            axes.append(axis)
        }
        self.mean = mean
        self.axes = axes
        self.variances = order.prefix(k).map { max(0, values[$0]) }
        self.totalVariance = (0..<E).reduce(0) { $0 + cov[$1 * E + $1] }
    }

    /// The fraction of the total variance along each axis (0 when there is no variance).
    public var explainedFractions: [Double] {
        variances.map { totalVariance > 0 ? $0 / totalVariance : 0 }
    }

    /// Coordinates of each row of `matrix` ([rows, E]) along the axes: [rows][k].
    public func project(_ matrix: [Double], rows: Int) -> [[Double]] {
        let E = mean.count
        return (0..<rows).map { r in
            axes.map { axis in
                var sum = 0.0
                for c in 0..<E { sum += (matrix[r * E + c] - mean[c]) * axis[c] }
                return sum
            }
        }
    }
}

/// Eigen decomposition of a symmetric n x n matrix `a` (row-major) by cyclic Jacobi rotations
/// (Jacobi 1846; Golub & Van Loan, Matrix Computations, section 8.5). Each rotation zeroes
/// one off-diagonal pair; sweeps repeat until the off-diagonal mass is negligible.
/// Returns the eigenvalues [n] and the eigenvectors as the columns of v [n, n].
func jacobiEigen(_ matrix: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
    var a = matrix
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }
    let scale = a.reduce(0) { $0 + $1 * $1 }
    for _ in 0..<100 {
        var off = 0.0
        for p in 0..<n {
            for q in (p + 1)..<n { off += a[p * n + q] * a[p * n + q] }
        }
        if off <= scale * 1e-30 || off == 0 { break }
        for p in 0..<max(0, n - 1) {
            for q in (p + 1)..<n {
                let apq = a[p * n + q]
                if apq == 0 { continue }
                // The rotation angle that zeroes a[p][q]; t = tan(angle), the smaller root.
                let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot()
                let s = t * c
                for k in 0..<n {  // A <- A P (columns p and q)
                    let akp = a[k * n + p]
                    let akq = a[k * n + q]
                    a[k * n + p] = c * akp - s * akq
                    a[k * n + q] = s * akp + c * akq
                }
                for k in 0..<n {  // A <- P^T A (rows p and q)
                    let apk = a[p * n + k]
                    let aqk = a[q * n + k]
                    a[p * n + k] = c * apk - s * aqk
                    a[q * n + k] = s * apk + c * aqk
                }
                for k in 0..<n {  // V <- V P
                    let vkp = v[k * n + p]
                    let vkq = v[k * n + q]
                    v[k * n + p] = c * vkp - s * vkq
                    v[k * n + q] = s * vkp + c * vkq
                }
            }
        }
    }
    return ((0..<n).map { a[$0 * n + $0] }, v)
}
