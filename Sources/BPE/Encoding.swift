// Encoding text into token ids by applying the merges in rank order, lowest first, as the trainer
// did. Linear in practice: the text is cut where no token can span the cut (so the pieces encode
// independently and each fits in cache), and within a piece each rank keeps a bucket of positions
// where its pair occurs, so a merge only looks at its two new neighbours. Leaves out: dropout, caches.

extension Tokenizer {
    /// Encodes `text` as one document. The text "<|endoftext|>" becomes id 0, as it does in
    /// Hugging Face tokenizers; no merge crosses it.
    /// - Throws: `BPEError.unknownCharacter` for a character outside the alphabet.
    public func encode(_ text: String) throws -> [Int32] {
        var text = text
        let scalars = text.withUTF8 { decodeValidUTF8($0) }
        var workspace = EncoderWorkspace(rankCount: merges.count)
        var out: [Int32] = []
        out.reserveCapacity(scalars.count / 2)
        try scalars.withUnsafeBufferPointer {
            try workspace.encode($0, with: self, document: nil, into: &out)
        }
        return out
    }

    /// Encodes each document of `corpus`: [documents][tokens].
    /// - Throws: `BPEError.unknownCharacter` naming the document and the character's position.
    public func encode(_ corpus: Corpus) throws -> [[Int32]] {
        var workspace = EncoderWorkspace(rankCount: merges.count)
        var result: [[Int32]] = []
        result.reserveCapacity(corpus.documentCount)
        try corpus.scalars.withUnsafeBufferPointer { all in
            for (index, range) in corpus.documentRanges.enumerated() {
                var out: [Int32] = []
                let document = UnsafeBufferPointer(rebasing: all[range])
                let documentIndex = corpus.documentMode == .file ? nil : index
                try workspace.encode(document, with: self, document: documentIndex, into: &out)
                result.append(out)
            }
        }
        return result
    }
}

/// Buffers reused from one piece of text, and one document, to the next.
struct EncoderWorkspace {
    /// One token of the piece being encoded, linked to its neighbours.
    struct Node {
        /// Token starting here; -1 inside a token that starts further left.
        var token: Int32
        /// Position of the next token in the piece, -1 at its end.
        var next: Int32
        /// Position of the previous token, -1 at the start.
        var prev: Int32
    }

    /// Pieces up to this long are merged by rescanning them (quadratic but tiny); longer ones,
    /// such as a long run of one character, by the linear bucket method.
    static let shortPiece = 32
    /// Pieces shorter than this merge faster than a cache lookup costs.
    static let uncachedPiece = 3
    /// Pieces up to this long go through the piece cache; longer ones are rare and would fill it.
    static let cachedPiece = 256

    /// Tokens of the short pieces already encoded.
    var cache = PieceCache()
    /// [piece length] scratch for the short-piece merger: tokens, and ranks of adjacent pairs.
    var pieceTokens: [Int32] = []
    var pairRanks: [Int32] = []
    /// [text length] character ids of the text; "<|endoftext|>" is one 0.
    var characters: [Int32] = []
    /// [piece length] the piece being merged.
    var nodes: [Node] = []
    /// [merges] positions in the piece where each rank's pair may start (checked before merging).
    var buckets: [[Int32]]
    /// Ranks whose bucket is not empty, as a min-heap.
    var pending = MinHeap()
    /// [merges] whether a rank is in `pending`.
    var isPending: [Bool]

    init(rankCount: Int) {
        buckets = Array(repeating: [], count: rankCount)
        isPending = Array(repeating: false, count: rankCount)
    }

    /// Appends the ids of `text` to `out`.
    mutating func encode(_ text: UnsafeBufferPointer<UInt32>, with tokenizer: Tokenizer,
                         document: Int?, into out: inout [Int32]) throws {
        guard text.count < Int(Int32.max) else {
            throw BPEError.corpusTooLarge(source: "the text to encode", characters: text.count)
        }
        try readCharacters(text, with: tokenizer, document: document)

        // subtle: a cut between two characters is safe when no token contains them side by side:
        // then no merge can ever join across it, and the merges on either side never meet, so
        // the pieces encode independently. "<|endoftext|>" is always cut off, so that no merge
        // made from its spelling applies to it.
        let m = characters.count
        var start = 0
        for k in 0..<m {
            let end = k + 1
            if end == m || characters[k] == Tokenizer.endOfText || characters[end] == Tokenizer.endOfText
                || !tokenizer.joinable.contains(characters[k], characters[end]) {
                let length = end - start
                if length == 1 {
                    out.append(characters[start])
                } else if length == 2 {
                    let (a, b) = (characters[start], characters[start + 1])
                    if let rank = tokenizer.mergeRanks.value(a, b) {
                        out.append(tokenizer.merges[Int(rank)].result)
                    } else {
                        out.append(a)
                        out.append(b)
                    }
                } else if length < Self.uncachedPiece {
                    encodeShortPiece(start..<end, with: tokenizer, into: &out)
                } else if length <= Self.cachedPiece {
                    // Text repeats its words, and so its pieces: each distinct one is merged once.
                    let hit = characters.withUnsafeMutableBufferPointer { all in
                        let piece = UnsafeMutableBufferPointer(rebasing: all[start..<end])
                        return cache.lookUp(piece, hash: PieceCache.hash(piece), into: &out)
                    }
                    if !hit {
                        let first = out.count
                        if length <= Self.shortPiece {
                            encodeShortPiece(start..<end, with: tokenizer, into: &out)
                        } else {
                            encodeLongPiece(start..<end, with: tokenizer, into: &out)
                        }
                        characters.withUnsafeMutableBufferPointer { all in
                            let piece = UnsafeMutableBufferPointer(rebasing: all[start..<end])
                            cache.insert(piece, hash: PieceCache.hash(piece), tokens: out[first...])
                        }
                    }
                } else {
                    encodeLongPiece(start..<end, with: tokenizer, into: &out)
                }
                start = end
            }
        }
    }

    /// Fills `characters` with the id of each character.
    private mutating func readCharacters(_ text: UnsafeBufferPointer<UInt32>, with tokenizer: Tokenizer,
                                         document: Int?) throws {
        let n = text.count
        characters.removeAll(keepingCapacity: true)
        characters.reserveCapacity(n)
        let eot = Tokenizer.endOfTextScalars
        var i = 0
        while i < n {
            let value = text[i]
            if value == eot[0] && i + eot.count <= n && text[i..<(i + eot.count)].elementsEqual(eot) {
                characters.append(Tokenizer.endOfText)
                i += eot.count
                continue
            }
            let id = tokenizer.characterIDs.id(of: value)
            guard id >= 0 else { throw unknownCharacter(in: text, at: i, document: document) }
            characters.append(id)
            i += 1
        }
    }

    /// Merges `characters[range]` one pair at a time: the lowest rank, leftmost first (which is
    /// rank by rank, left to right, as the trainer merged). Quadratic in the piece length, but a
    /// short piece stays in L1 and each pair's rank is looked up only when the pair is new.
    /// Appends the tokens to `out`.
    private mutating func encodeShortPiece(_ range: Range<Int>, with tokenizer: Tokenizer, into out: inout [Int32]) {
        let none = Int32.max
        let ranks = tokenizer.mergeRanks
        var n = range.count
        pieceTokens.removeAll(keepingCapacity: true)
        pieceTokens.append(contentsOf: characters[range])
        pairRanks.removeAll(keepingCapacity: true)
        pairRanks.append(contentsOf: repeatElement(none, count: n))
        pieceTokens.withUnsafeMutableBufferPointer { t in
            pairRanks.withUnsafeMutableBufferPointer { r in
                // t[0..<n]: the piece's tokens; r[i]: rank of (t[i], t[i + 1]), for i < n - 1.
                for i in 0..<(n - 1) { r[i] = ranks.value(t[i], t[i + 1]) ?? none }
                while n >= 2 {
                    var best = none
                    for i in 0..<(n - 1) { best = min(best, r[i]) }
                    if best == none { break }
                    var i = 0
                    while r[i] != best { i += 1 }
                    // t[i] and t[i + 1] become one token; everything after moves left by one.
                    t[i] = tokenizer.merges[Int(best)].result
                    for k in (i + 1)..<(n - 1) {
                        t[k] = t[k + 1]
                        r[k - 1] = r[k]
                    }
                    n -= 1
                    if i > 0 { r[i - 1] = ranks.value(t[i - 1], t[i]) ?? none }
                    if i < n - 1 { r[i] = ranks.value(t[i], t[i + 1]) ?? none }
                }
            }
        }
        out.append(contentsOf: pieceTokens[0..<n])
    }

    /// Merges `characters[range]` with a bucket of positions per rank, and appends its tokens to
    /// `out`. Linear in the piece length.
    private mutating func encodeLongPiece(_ range: Range<Int>, with tokenizer: Tokenizer, into out: inout [Int32]) {
        let length = range.count
        nodes.removeAll(keepingCapacity: true)
        for (i, c) in characters[range].enumerated() {
            nodes.append(Node(token: c, next: i + 1 < length ? Int32(i + 1) : -1, prev: Int32(i - 1)))
        }
        let ranks = tokenizer.mergeRanks
        for p in 0..<(length - 1) {
            if let rank = ranks.value(nodes[p].token, nodes[p + 1].token) { add(Int32(p), rank: rank) }
        }

        // Lowest rank first. subtle: a rank's bucket can fill again while it is being processed
        // (only when a merge re-makes an existing token); those positions wait for a later round,
        // exactly as when merges are applied one pass per rank.
        var positions: [Int32] = []
        while let rank = pending.popMin() {
            isPending[Int(rank)] = false
            swap(&positions, &buckets[Int(rank)])
            let merge = tokenizer.merges[Int(rank)]
            let (a, b, z) = (merge.left, merge.right, merge.result)
            // Overlapping occurrences ("aaa") must be merged left to right.
            if a == b && !isAscending(positions) { positions.sort() }
            for p in positions {
                let pi = Int(p)
                guard nodes[pi].token == a else { continue }
                let q = nodes[pi].next
                guard q >= 0 && nodes[Int(q)].token == b else { continue }
                let o = nodes[pi].prev
                let r = nodes[Int(q)].next
                nodes[pi].token = z
                nodes[pi].next = r
                nodes[Int(q)].token = -1
                if r >= 0 { nodes[Int(r)].prev = p }
                if o >= 0, let newRank = ranks.value(nodes[Int(o)].token, z) { add(o, rank: newRank) }
                if r >= 0, let newRank = ranks.value(z, nodes[Int(r)].token) { add(p, rank: newRank) }
            }
            positions.removeAll(keepingCapacity: true)
        }
        for node in nodes where node.token >= 0 { out.append(node.token) }
    }

    @inline(__always)
    private mutating func add(_ position: Int32, rank: Int32) {
        buckets[Int(rank)].append(position)
        if !isPending[Int(rank)] {
            isPending[Int(rank)] = true
            pending.push(rank)
        }
    }

    private func unknownCharacter(in text: UnsafeBufferPointer<UInt32>, at offset: Int, document: Int?) -> BPEError {
        var line = 1
        var lineStart = 0
        for i in 0..<offset where text[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let scalar = Unicode.Scalar(text[offset]) ?? "\u{FFFD}"
        return .unknownCharacter(scalar, document: document, offset: offset, line: line,
                                 column: offset - lineStart + 1)
    }
}

func isAscending(_ values: [Int32]) -> Bool {
    var previous = Int32.min
    for value in values {
        if value < previous { return false }
        previous = value
    }
    return true
}

/// A binary min-heap of Int32 (merge ranks).
struct MinHeap {
    private var items: [Int32] = []

    mutating func push(_ value: Int32) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if items[parent] <= items[child] { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    mutating func popMin() -> Int32? {
        guard let top = items.first else { return nil }
        let lastItem = items.removeLast()
        if !items.isEmpty {
            items[0] = lastItem
            var parent = 0
            while true {
                let left = 2 * parent + 1
                if left >= items.count { break }
                let right = left + 1
                let child = right < items.count && items[right] < items[left] ? right : left
                if items[parent] <= items[child] { break }
                items.swapAt(parent, child)
                parent = child
            }
        }
        return top
    }
}
