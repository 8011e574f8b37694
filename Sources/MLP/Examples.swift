// Training examples from tokenised documents: each document becomes [EOT]*C, t1..tn, EOT, and
// every token after the padding is one example whose context is the C tokens before it. The
// first floor(N * (1 - validation fraction)) examples, in corpus order, train; the rest validate.
// Leaves out: tokenisation (the BPE module) and batch sampling (Trainer.swift).

/// A set of (context, target) examples over a shared token stream.
public struct ExampleSet: Sendable {
    public let contextLength: Int
    /// Every document's padded token sequence, back to back.
    let stream: [Int32]
    /// Position in `stream` of each example's target; its context is the C positions before.
    let positions: ArraySlice<Int32>

    /// All examples of `documents` (token ids, without padding) in corpus order.
    public init(documents: [[Int32]], contextLength C: Int) {
        precondition(C >= 1, "context length must be at least 1, got \(C)")
        var stream: [Int32] = []
        var positions: [Int32] = []
        stream.reserveCapacity(documents.reduce(0) { $0 + $1.count + C + 1 })
        positions.reserveCapacity(documents.reduce(0) { $0 + $1.count + 1 })
        for document in documents {
            stream.append(contentsOf: repeatElement(0, count: C))
            for token in document {
                positions.append(Int32(stream.count))
                stream.append(token)
            }
            positions.append(Int32(stream.count))
            stream.append(0)
        }
        self.init(contextLength: C, stream: stream, positions: positions[...])
    }

    private init(contextLength: Int, stream: [Int32], positions: ArraySlice<Int32>) {
        self.contextLength = contextLength
        self.stream = stream
        self.positions = positions
    }

    public var count: Int { positions.count }

    /// The training and validation examples: the first floor(count * (1 - fraction)) train.
    public func split(validationFraction fraction: Double) -> (train: ExampleSet, validation: ExampleSet) {
        let trainCount = Int((Double(count) * (1 - fraction)).rounded(.down))
        let cut = positions.startIndex + trainCount
        return (ExampleSet(contextLength: contextLength, stream: stream, positions: positions[..<cut]),
                ExampleSet(contextLength: contextLength, stream: stream, positions: positions[cut...]))
    }

    /// The target token of example `i` (0-based within this set).
    public func target(of i: Int) -> Int32 {
        stream[Int(positions[positions.startIndex + i])]
    }

    /// The C context tokens of example `i`, oldest first.
    public func context(of i: Int) -> [Int32] {
        let p = Int(positions[positions.startIndex + i])
        return Array(stream[(p - contextLength) ..< p])
    }

    func copyContext(of i: Int, into out: UnsafeMutablePointer<Int32>) {
        let p = Int(positions[positions.startIndex + i])
        stream.withUnsafeBufferPointer { s in
            out.update(from: s.baseAddress! + p - contextLength, count: contextLength)
        }
    }
}
