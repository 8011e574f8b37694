// Training (DESIGN.md section 2): repeatedly merge the most frequent adjacent pair of tokens, ties
// to the smallest (left, right). Built for long documents: pair counts change only around merged
// occurrences, each pair keeps the positions where it occurs, and a max-heap with lazy refresh
// finds the best pair, so no merge rescans the text. Leaves out: parallelism, min_frequency other
// than 2 (a pair must occur twice), and anything HF's trainer adds beyond DESIGN.md.

/// Why training stopped.
public enum StopReason: String, Codable, Sendable {
    /// The vocabulary reached the requested size.
    case reachedVocabularySize
    /// No pair of adjacent tokens occurs twice any more, so the vocabulary is smaller than asked.
    case noRepeatedPair
}

/// What a person wants to know about a training run.
public struct TrainingSummary: Sendable, Equatable {
    /// Where the corpus came from, and how it was split.
    public let source: String
    public let documentMode: DocumentMode
    public let requestedVocabularySize: Int
    /// The vocabulary size reached (smaller than requested when `stopReason` is `noRepeatedPair`).
    public let vocabularySize: Int
    public let alphabetSize: Int
    public let mergeCount: Int
    public let stopReason: StopReason
    public let documentCount: Int
    /// Characters in all documents (line endings excluded in lines mode).
    public let characterCount: Int
    /// Tokens the documents become with the learned merges.
    public let tokenCount: Int
    /// Wall-clock time of training, corpus loading excluded.
    public let seconds: Double

    /// Average characters per token on the training corpus: how much the merges compress.
    public var charactersPerToken: Double {
        tokenCount == 0 ? 0 : Double(characterCount) / Double(tokenCount)
    }
}

/// A trained tokenizer and how its training went.
public struct TrainingResult: Sendable {
    public let tokenizer: Tokenizer
    public let summary: TrainingSummary

    /// The summary as a person reads it: sizes, whether training stopped early, compression, the
    /// first and last merges with whitespace made visible, and the time taken.
    public var report: String {
        let s = summary
        let documents = s.documentMode == .file
            ? "one document" : "\(s.documentCount) documents (one per non-empty line)"
        var lines: [String] = []
        lines.append("Trained on \(s.source): \(s.characterCount) characters, \(documents).")
        lines.append("vocabulary: \(s.vocabularySize) tokens = <|endoftext|> + \(s.alphabetSize) characters "
            + "+ \(s.vocabularySize - 1 - s.alphabetSize) merged tokens (\(s.mergeCount) merges)")
        if s.stopReason == .noRepeatedPair {
            lines.append("note: stopped at \(s.vocabularySize) of the requested \(s.requestedVocabularySize) "
                + "tokens: no pair of adjacent tokens occurs twice any more.")
        }
        lines.append("characters per token on the corpus: \(twoDecimals(s.charactersPerToken)) (\(s.tokenCount) tokens)")
        let merges = tokenizer.merges
        if !merges.isEmpty {
            lines.append("merges (· space, ↵ newline, → tab):")
            let shown = 8
            let head = 0..<min(shown, merges.count)
            let tail = max(head.upperBound, merges.count - shown)..<merges.count
            for rank in head { lines.append(describeMerge(rank)) }
            if tail.lowerBound > head.upperBound { lines.append("    ...") }
            for rank in tail { lines.append(describeMerge(rank)) }
        }
        lines.append("time: \(twoDecimals(s.seconds * 1000)) ms")
        return lines.joined(separator: "\n")
    }

    private func describeMerge(_ rank: Int) -> String {
        let m = tokenizer.merges[rank]
        let number = String(rank + 1)
        return String(repeating: " ", count: max(0, 5 - number.count)) + number + "  '"
            + tokenizer.displayText(m.left) + "' + '" + tokenizer.displayText(m.right) + "' -> '"
            + tokenizer.displayText(m.result) + "'"
    }
}

/// `value` rounded to two decimals, without Foundation's locale-dependent formatting.
func twoDecimals(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = String(abs(hundredths) % 100)
    return (hundredths < 0 ? "-" : "") + String(abs(hundredths) / 100) + "." + (fraction.count == 1 ? "0" : "") + fraction
}

/// Learns BPE merges from a corpus.
public struct TokenizerTrainer: Sendable {
    /// The number of tokens wanted, `<|endoftext|>` and the alphabet included.
    public var vocabularySize: Int

    public init(vocabularySize: Int) {
        self.vocabularySize = vocabularySize
    }

    /// Trains on the corpus's documents.
    /// - Throws: `BPEError.emptyCorpus`, or `.vocabularyTooSmall` naming the smallest valid size.
    public func train(on corpus: Corpus) throws -> TrainingResult {
        let clock = ContinuousClock()
        let start = clock.now
        let learned = try learn(from: corpus)
        let elapsed = clock.now - start
        let tokenizer = Tokenizer(alphabet: learned.alphabet, merges: learned.merges)
        let summary = TrainingSummary(
            source: corpus.source,
            documentMode: corpus.documentMode,
            requestedVocabularySize: vocabularySize,
            vocabularySize: tokenizer.vocabularySize,
            alphabetSize: learned.alphabet.count,
            mergeCount: learned.merges.count,
            stopReason: learned.stopReason,
            documentCount: corpus.documentCount,
            characterCount: corpus.characterCount,
            tokenCount: learned.tokenCount,
            seconds: seconds(elapsed))
        return TrainingResult(tokenizer: tokenizer, summary: summary)
    }

    /// What training produces before it is packaged as a `Tokenizer`.
    struct Learned {
        var alphabet: [UInt32]
        var merges: [Merge]
        var stopReason: StopReason
        /// Tokens in all documents, duplicates included.
        var tokenCount: Int
        /// The distinct documents after the last merge.
        var sequence: TokenSequence
    }

    func learn(from corpus: Corpus) throws -> Learned {
        guard corpus.characterCount > 0 else { throw BPEError.emptyCorpus(source: corpus.source) }
        guard corpus.characterCount < Int(Int32.max) else {
            throw BPEError.corpusTooLarge(source: corpus.source, characters: corpus.characterCount)
        }
        // Alphabet: the distinct scalars in ascending order; idOf maps a scalar value to its id.
        var idOf = [Int32](repeating: -1, count: 0x11_0000)
        for value in corpus.scalars { idOf[Int(value)] = 0 }
        var alphabet: [UInt32] = []
        for value in 0..<idOf.count where idOf[value] == 0 {
            alphabet.append(UInt32(value))
            idOf[value] = Int32(alphabet.count)
        }
        guard vocabularySize >= 1 + alphabet.count else {
            throw BPEError.vocabularyTooSmall(requested: vocabularySize, alphabetSize: alphabet.count)
        }

        var sequence = TokenSequence(corpus: corpus, idOf: idOf)
        var stats = PairStats(counting: sequence)
        var heap = PairHeap(stats: stats)

        // subtle: a merge can spell a token that already exists (only "<|endoftext|>" has been
        // seen to); like Hugging Face's trainer, it then reuses that id and the vocabulary does
        // not grow.
        var tokenScalars: [[UInt32]] = [Tokenizer.endOfTextScalars] + alphabet.map { [$0] }
        var idOfText: [[UInt32]: Int32] = [:]
        for (id, text) in tokenScalars.enumerated() { idOfText[text] = Int32(id) }

        var merges: [Merge] = []
        var tokenCount = corpus.characterCount
        var stopReason = StopReason.reachedVocabularySize
        var positions: [Int32] = []
        while tokenScalars.count < vocabularySize {
            guard let pair = heap.popBest(counts: stats.count) else {
                stopReason = .noRepeatedPair
                break
            }
            let a = stats.left[Int(pair)]
            let b = stats.right[Int(pair)]
            let text = tokenScalars[Int(a)] + tokenScalars[Int(b)]
            let z: Int32
            if let existing = idOfText[text] {
                z = existing
            } else {
                z = Int32(tokenScalars.count)
                tokenScalars.append(text)
                idOfText[text] = z
            }
            merges.append(Merge(left: a, right: b, result: z))

            swap(&positions, &stats.positions[Int(pair)])
            // Overlapping occurrences ("aaa") must be merged left to right. Lists fill in text
            // order, so this sort is normally skipped.
            if a == b && !isAscending(positions) { positions.sort() }
            stats.beginStep()
            for p in positions {
                tokenCount -= sequence.merge(at: p, a, b, into: z, changes: &stats)
            }
            positions.removeAll(keepingCapacity: true)
            stats.count[Int(pair)] = 0
            stats.pushGainedPairs(onto: &heap)
        }
        return Learned(alphabet: alphabet, merges: merges, stopReason: stopReason,
                       tokenCount: tokenCount, sequence: sequence)
    }
}

extension Tokenizer {
    /// Trains a tokenizer; see `TokenizerTrainer` for the summary of the run.
    public static func train(on corpus: Corpus, vocabularySize: Int) throws -> Tokenizer {
        try TokenizerTrainer(vocabularySize: vocabularySize).train(on: corpus).tokenizer
    }
}

// MARK: - The text being merged

/// Receives the pair-count changes a merge causes.
protocol PairChangeSink {
    /// The pair (left, right) starting at `position` gained (delta > 0) or lost (delta < 0)
    /// `abs(delta)` occurrences (a document's weight: how many identical copies it stands for).
    mutating func record(_ left: Int32, _ right: Int32, _ delta: Int, at position: Int32)
}

/// The distinct documents as a doubly linked list of tokens over character positions.
struct TokenSequence {
    /// [n] token starting at each position, -1 inside a token that starts further left.
    var token: [Int32]
    /// [n] position of the next token in the same document, -1 at its end.
    var next: [Int32]
    /// [n] position of the previous token in the same document, -1 at its start.
    var prev: [Int32]
    /// [n] how many identical documents the position's document stands for.
    var weight: [Int32]
    /// [distinct documents] where each starts.
    var starts: [Int32]

    /// Documents given as token ids, each standing for `weights[i]` copies.
    init(documents: [[Int32]], weights: [Int32]) {
        token = []
        weight = []
        starts = []
        for (document, w) in zip(documents, weights) where !document.isEmpty {
            starts.append(Int32(token.count))
            token.append(contentsOf: document)
            weight.append(contentsOf: repeatElement(w, count: document.count))
        }
        next = Array(repeating: -1, count: token.count)
        prev = Array(repeating: -1, count: token.count)
        for (k, start) in starts.enumerated() {
            let end = k + 1 < starts.count ? Int(starts[k + 1]) : token.count
            for i in Int(start)..<end {
                if i + 1 < end { next[i] = Int32(i + 1) }
                if i > Int(start) { prev[i] = Int32(i - 1) }
            }
        }
    }

    /// The corpus's documents as character ids, identical documents kept once with their count
    /// (lines mode often repeats lines; the pair counts only need each once).
    init(corpus: Corpus, idOf: [Int32]) {
        var ranges: [Range<Int>] = []
        var counts: [Int32] = []
        if corpus.documentCount == 1 {
            ranges = corpus.documentRanges
            counts = [1]
        } else {
            var slot: [ArraySlice<UInt32>: Int] = [:]
            for range in corpus.documentRanges {
                let document = corpus.scalars[range]
                if let k = slot[document] {
                    counts[k] += 1
                } else {
                    slot[document] = ranges.count
                    ranges.append(range)
                    counts.append(1)
                }
            }
        }
        self.init(documents: ranges.map { range in corpus.scalars[range].map { idOf[Int($0)] } },
                  weights: counts)
    }

    /// The tokens of each distinct document, in order.
    var documents: [[Int32]] {
        starts.map { start in
            var tokens: [Int32] = []
            var p = start
            while p >= 0 {
                tokens.append(token[Int(p)])
                p = next[Int(p)]
            }
            return tokens
        }
    }

    /// Merges the pair (a, b) starting at position `p` into `z`, if that pair is still there, and
    /// reports the count changes of the pairs around it (not of (a, b) itself: once every
    /// occurrence is merged its count is 0, which the trainer sets). Returns the weight merged (0
    /// if the pair was gone).
    @inline(__always)
    mutating func merge<Sink: PairChangeSink>(at p: Int32, _ a: Int32, _ b: Int32, into z: Int32,
                                             changes: inout Sink) -> Int {
        let pi = Int(p)
        guard token[pi] == a else { return 0 }
        let q = next[pi]
        guard q >= 0 && token[Int(q)] == b else { return 0 }
        let w = Int(weight[pi])
        let o = prev[pi]
        let r = next[Int(q)]
        if o >= 0 {
            let t = token[Int(o)]
            changes.record(t, a, -w, at: o)
            changes.record(t, z, w, at: o)
        }
        if r >= 0 {
            let t = token[Int(r)]
            changes.record(b, t, -w, at: q)
            changes.record(z, t, w, at: p)
        }
        token[pi] = z
        token[Int(q)] = -1
        next[pi] = r
        if r >= 0 { prev[Int(r)] = p }
        return w
    }
}

// MARK: - Pair counts

/// Every pair that has occurred: its count and the positions where it may still start.
struct PairStats: PairChangeSink {
    /// (left, right) -> pair index.
    var index = PairMap(minimumCapacity: 1 << 12)
    /// [pairs] left token of each pair.
    var left: [Int32] = []
    /// [pairs] right token of each pair.
    var right: [Int32] = []
    /// [pairs] occurrences now, weighted by document count.
    var count: [Int] = []
    /// [pairs] positions where the pair started when it was counted; stale entries are skipped
    /// when merging, because the merge checks the tokens are still there.
    var positions: [[Int32]] = []
    /// [pairs] the step in which the pair last gained occurrences.
    private var gainedAt: [Int32] = []
    /// Pairs that gained occurrences in the current step.
    private var gained: [Int32] = []
    private var step: Int32 = 0

    init(counting sequence: TokenSequence) {
        for p in 0..<sequence.token.count {
            let q = sequence.next[p]
            if q >= 0 {
                record(sequence.token[p], sequence.token[Int(q)], Int(sequence.weight[p]), at: Int32(p))
            }
        }
        gained.removeAll()
    }

    mutating func beginStep() {
        step += 1
        gained.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func record(_ l: Int32, _ r: Int32, _ delta: Int, at position: Int32) {
        let (pair, inserted) = index.value(l, r, insertingIfAbsent: Int32(left.count))
        let i = Int(pair)
        if inserted {
            left.append(l)
            right.append(r)
            count.append(0)
            positions.append([])
            gainedAt.append(-1)
        }
        count[i] += delta
        if delta > 0 {
            positions[i].append(position)
            if gainedAt[i] != step {
                gainedAt[i] = step
                gained.append(pair)
            }
        }
    }

    /// Puts the pairs that gained occurrences this step on the heap with their new counts.
    mutating func pushGainedPairs(onto heap: inout PairHeap) {
        for pair in gained where count[Int(pair)] >= 2 {
            heap.push(.init(count: count[Int(pair)], left: left[Int(pair)], right: right[Int(pair)], pair: pair))
        }
    }
}

/// Max-heap of pairs by count, ties to the smallest (left, right). Entries may be stale (the count
/// has dropped since); `popBest` refreshes them lazily. Every pair's true count is at most the
/// count in its newest entry, because counts only grow when a pair is (re)pushed.
struct PairHeap {
    struct Entry {
        var count: Int
        var left: Int32
        var right: Int32
        var pair: Int32
    }

    private var entries: [Entry] = []

    /// Every pair that occurs at least twice (a pair seen once can never be the best pair).
    init(stats: PairStats) {
        for pair in 0..<stats.count.count where stats.count[pair] >= 2 {
            entries.append(Entry(count: stats.count[pair], left: stats.left[pair],
                                 right: stats.right[pair], pair: Int32(pair)))
        }
        var i = entries.count / 2
        while i > 0 {
            i -= 1
            siftDown(i)
        }
    }

    @inline(__always)
    private static func before(_ x: Entry, _ y: Entry) -> Bool {
        if x.count != y.count { return x.count > y.count }
        if x.left != y.left { return x.left < y.left }
        return x.right < y.right
    }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if !Self.before(entries[child], entries[parent]) { break }
            entries.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            if left >= entries.count { return }
            let right = left + 1
            let child = right < entries.count && Self.before(entries[right], entries[left]) ? right : left
            if !Self.before(entries[child], entries[parent]) { return }
            entries.swapAt(parent, child)
            parent = child
        }
    }

    private mutating func popTop() -> Entry? {
        guard let top = entries.first else { return nil }
        let lastEntry = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = lastEntry
            siftDown(0)
        }
        return top
    }

    /// The pair with the highest current count (at least 2), ties to the smallest (left, right);
    /// nil when no pair occurs twice.
    mutating func popBest(counts: [Int]) -> Int32? {
        while let top = popTop() {
            let current = counts[Int(top.pair)]
            if current == top.count { return top.pair }
            if current >= 2 {
                push(Entry(count: current, left: top.left, right: top.right, pair: top.pair))
            }
        }
        return nil
    }
}
