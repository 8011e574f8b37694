// Helpers shared by the MLP tests: closeness of float arrays reported by largest difference and
// its index, small random models and batches.

import Testing
@testable import MLP

/// Expects |a[i] - b[i]| <= atol + rtol * |b[i]| everywhere; on failure reports the worst index.
func expectClose<A: Collection, B: Collection>(
    _ a: A, _ b: B, rtol: Double, atol: Double, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
    #expect(a.count == b.count, "\(what): \(a.count) values vs \(b.count)", sourceLocation: sourceLocation)
    var worst = (index: -1, excess: 0.0, a: 0.0, b: 0.0)
    for (i, (x, y)) in zip(a, b).enumerated() {
        let (x, y) = (Double(x), Double(y))
        // subtle: a NaN on one side only is the worst possible difference.
        let excess = x.isNaN != y.isNaN ? .infinity : abs(x - y) - (atol + rtol * abs(y))
        if excess > worst.excess { worst = (i, excess, x, y) }
    }
    #expect(worst.index < 0,
            "\(what): largest excess at index \(worst.index): \(worst.a) vs \(worst.b)",
            sourceLocation: sourceLocation)
}

/// A random batch of `count` contexts and targets over a vocabulary of `V`.
func randomBatch(count: Int, shape: ModelShape, seed: UInt64) -> (contexts: [[Int32]], targets: [Int32]) {
    var rng = Xoshiro256(seed: seed)
    let contexts = (0 ..< count).map { _ in
        (0 ..< shape.contextLength).map { _ in Int32(rng.nextIndex(below: shape.vocabularySize)) }
    }
    let targets = (0 ..< count).map { _ in Int32(rng.nextIndex(below: shape.vocabularySize)) }
    return (contexts, targets)
}

/// An ExampleSet whose examples are exactly the given (context, target) pairs: each pair is one
/// document of C + 1 tokens whose last example is taken.
func exampleSet(_ contexts: [[Int32]], _ targets: [Int32]) -> (set: ExampleSet, indices: [Int]) {
    let C = contexts.first?.count ?? 1
    let set = ExampleSet(documents: zip(contexts, targets).map { $0 + [$1] }, contextLength: C)
    // Each document of C + 1 tokens yields C + 2 examples; the (C + 1)-th has the full context.
    return (set, contexts.indices.map { $0 * (C + 2) + C })
}

let tinyShape = ModelShape(vocabularySize: 11, embeddingDim: 3, contextLength: 4, hiddenSize: 7)
