// Training examples from tokenised documents: each document becomes [EOT]*C, t1..tn, EOT, and
// every token after the padding is one example whose context is the C tokens before it. The
// first floor(N * (1 - validation fraction)) examples train and the rest validate, with the
// documents in corpus order (`split: end`) or shuffled by a fixed seed first (`split: shuffled`).
// Leaves out: tokenisation (the BPE module) and batch sampling (SGDTrainer.swift).

/// Which documents the validation examples come from.
public enum SplitMode: String, Codable, CaseIterable, Sendable {
    /// The end of the corpus, in corpus order.
    case end
    /// Documents in an order shuffled by a fixed seed, the same for every run, so that a sorted
    /// corpus (names by popularity, say) does not hold out only its tail.
    case shuffled
}

/// How examples are divided into training and validation.
public struct ValidationSplit: Sendable, Hashable, RuleChecked {
    /// Share of the examples held out for validation.
    public var fraction = 0.1
    public var mode = SplitMode.end

    public init(fraction: Double = 0.1, mode: SplitMode = .end) {
        self.fraction = fraction
        self.mode = mode
    }

    public static let rules: [OptionRule<ValidationSplit>] = [
        OptionRule("validation_fraction", .between(0, 1)) { $0.fraction },
    ]

    /// Seed of the document shuffle of `split: shuffled`: a constant, so every run, sweep and
    /// machine deals the same documents to validation.
    public static let shuffleSeed: UInt64 = 0x7370_6C69_74  // "split"

    /// The number of training examples among `total`: floor(total * (1 - fraction)).
    public func trainingCount(of total: Int) -> Int {
        Int((Double(total) * (1 - fraction)).rounded(.down))
    }

    /// The documents in the order examples are made from them: as given for `end`, shuffled
    /// (Fisher-Yates with xoshiro256** seeded by `shuffleSeed`) for `shuffled`.
    public func ordered<Document>(_ documents: [Document]) -> [Document] {
        guard mode == .shuffled else { return documents }
        var out = documents
        var rng = Xoshiro256(seed: ValidationSplit.shuffleSeed)
        for i in stride(from: out.count - 1, to: 0, by: -1) {
            out.swapAt(i, rng.nextIndex(below: i + 1))
        }
        return out
    }

    /// Training and validation examples of `documents` with context length `C`.
    public func examples(of documents: [[Int32]], contextLength C: Int) -> (train: ExampleSet, validation: ExampleSet) {
        ExampleSet(documents: ordered(documents), contextLength: C).split(trainingCount: trainingCount(of:))
    }
}

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

    /// The first `trainingCount(count)` examples, and the rest.
    func split(trainingCount: (Int) -> Int) -> (train: ExampleSet, validation: ExampleSet) {
        let cut = positions.startIndex + trainingCount(count)
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
