// Encoding text into token ids by applying the merges in rank order, lowest first, as the trainer
// did. The text is cut where no token can span the cut, so the pieces encode independently; a
// repeated piece is looked up in a cache; a short new piece is merged by rescanning it, a long
// one (a run of one character, say) by the linear bucket method. Leaves out: dropout.

extension Tokenizer {
    /// Encodes `text` as one document. The text "<|endoftext|>" becomes id 0, as it does in
    /// Hugging Face tokenizers; no merge crosses it.
    /// - Throws: `BPEError.unknownCharacter` for a character outside the alphabet.
    public func encode(_ text: String) throws -> [Int32] {
        var text = text
        var workspace = EncoderWorkspace(rankCount: merges.count)
        var out: [Int32] = []
        try text.withUTF8 { bytes in
            out.reserveCapacity(bytes.count / 2)
            try workspace.encode(UTF8Source(bytes: bytes), with: self, document: nil, into: &out)
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
                let document = ScalarSource(scalars: UnsafeBufferPointer(rebasing: all[range]))
                let documentIndex = corpus.documentMode == .file ? nil : index
                do {
                    try workspace.encode(document, with: self, document: documentIndex, into: &out)
                } catch let BPEError.unknownCharacter(scalar, _, document, offset, line, column) {
                    throw BPEError.unknownCharacter(scalar, source: corpus.source, document: document, offset: offset, line: line, column: column)
                }
                result.append(out)
            }
        }
        return result
    }
}

/// Text as the encoder reads it: Unicode scalars, each taking one or more code units.
protocol TextSource {
    /// The number of code units.
    var count: Int { get }
    /// The scalar value starting at code unit `i`, and how many code units it takes.
    func scalar(at i: Int) -> (value: UInt32, length: Int)
}

/// Valid UTF-8 (a String's storage): scalars are decoded as they are read.
struct UTF8Source: TextSource {
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    @inline(__always)
    func scalar(at i: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                    | UInt32(bytes[i + 3] & 0x3F), 4)
    }
}

/// Scalar values, one per code unit (a corpus's documents).
struct ScalarSource: TextSource {
    let scalars: UnsafeBufferPointer<UInt32>

    var count: Int { scalars.count }

    @inline(__always)
    func scalar(at i: Int) -> (value: UInt32, length: Int) { (scalars[i], 1) }
}

/// Buffers reused from one piece of text, and one document, to the next.
struct EncoderWorkspace {
    /// Pieces up to this long are merged by rescanning them (quadratic, but they stay in L1).
    static let shortPiece = 32
    /// Pieces shorter than this merge faster than a cache lookup costs.
    static let cachedFrom = 4
    /// Pieces up to this long go through the piece cache; longer ones are rare and would fill it.
    static let cachedPiece = 256

    /// [text length] character ids of the text; "<|endoftext|>" is one 0.
    var characters: [Int32] = []
    /// [pieces] where each piece of `characters` ends.
    var pieceEnds: [Int32] = []
    /// Tokens of the pieces already encoded.
    var cache = PieceCache()
    /// [2 * shortPiece] the short piece being merged: its tokens, then the ranks of its pairs.
    var scratch = [Int32](repeating: 0, count: 2 * shortPiece)
    /// The long piece being merged (see `LongPieceMerger`).
    var long: LongPieceMerger

    init(rankCount: Int) {
        long = LongPieceMerger(rankCount: rankCount)
    }

    /// Appends the ids of `text` to `out`.
    mutating func encode<Source: TextSource>(_ text: Source, with tokenizer: Tokenizer,
                                             document: Int?, into out: inout [Int32]) throws {
        guard text.count < Int(Int32.max) else {
            throw BPEError.corpusTooLarge(source: "the text to encode", characters: text.count)
        }
        try readPieces(text, with: tokenizer, document: document)
        // Local buffers, so that encoding a piece can update the cache while pieces are read.
        var characters: [Int32] = []
        var pieceEnds: [Int32] = []
        var scratch: [Int32] = []
        swap(&characters, &self.characters)
        swap(&pieceEnds, &self.pieceEnds)
        swap(&scratch, &self.scratch)
        defer {
            swap(&characters, &self.characters)
            swap(&pieceEnds, &self.pieceEnds)
            swap(&scratch, &self.scratch)
        }
        tokenizer.mergeRanks.withReader { ranks in
            tokenizer.merges.withUnsafeBufferPointer { merges in
                characters.withUnsafeBufferPointer { c in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        var start = 0
                        for end in pieceEnds {
                            let piece = UnsafeBufferPointer(rebasing: c[start..<Int(end)])
                            encodePiece(piece, ranks: ranks, merges: merges, scratch: scratch, into: &out)
                            start = Int(end)
                        }
                    }
                }
            }
        }
    }

    /// Fills `characters` with the id of each character, and `pieceEnds` with where the text may
    /// be cut.
    ///
    /// subtle: a cut between two characters is safe when no token contains them side by side: then
    /// no merge can ever join across it, and the merges on either side never meet, so the pieces
    /// encode independently. "<|endoftext|>" is always cut off, so that no merge made from its
    /// spelling applies to it.
    mutating func readPieces<Source: TextSource>(_ text: Source, with tokenizer: Tokenizer, document: Int?) throws {
        let n = text.count
        characters.removeAll(keepingCapacity: true)
        characters.reserveCapacity(n)
        pieceEnds.removeAll(keepingCapacity: true)
        let eot = Tokenizer.endOfTextScalars
        let lessThan = UInt32(UInt8(ascii: "<"))
        let joinable = tokenizer.joinable
        let characterIDs = tokenizer.characterIDs
        var previous: Int32 = -1
        var scalarIndex = 0
        var i = 0
        while i < n {
            let (value, length) = text.scalar(at: i)
            var id: Int32
            if value == lessThan && matches(eot, in: text, at: i) {
                id = Tokenizer.endOfText
                i += eot.count
                scalarIndex += eot.count
            } else {
                id = characterIDs.id(of: value)
                guard id >= 0 else {
                    throw unknownCharacter(value, at: scalarIndex, in: text, document: document)
                }
                i += length
                scalarIndex += 1
            }
            if previous >= 0 && (previous == Tokenizer.endOfText || id == Tokenizer.endOfText
                                 || !joinable.contains(previous, id)) {
                pieceEnds.append(Int32(characters.count))
            }
            characters.append(id)
            previous = id
        }
        if !characters.isEmpty { pieceEnds.append(Int32(characters.count)) }
    }

    /// Appends the tokens of `piece` to `out`.
    @inline(__always)
    private mutating func encodePiece(_ piece: UnsafeBufferPointer<Int32>, ranks: PairMap.Reader,
                                      merges: UnsafeBufferPointer<Merge>, scratch: UnsafeMutableBufferPointer<Int32>,
                                      into out: inout [Int32]) {
        let length = piece.count
        if length == 1 {
            out.append(piece[0])
            return
        }
        if length > Self.cachedPiece {
            long.merge(piece, ranks: ranks, merges: merges, into: &out)
            return
        }
        // Text repeats its words, and so its pieces: each distinct one is merged once.
        let cached = length >= Self.cachedFrom
        let hash = cached ? PieceCache.hash(piece) : 0
        if cached && cache.lookUp(piece, hash: hash, into: &out) { return }
        let first = out.count
        if length <= Self.shortPiece {
            for i in 0..<length { scratch[i] = piece[i] }
            let count = mergeShortPiece(scratch, count: length, ranks: ranks, merges: merges)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[0..<count]))
        } else {
            long.merge(piece, ranks: ranks, merges: merges, into: &out)
        }
        if cached { cache.insert(piece, hash: hash, tokens: out[first...]) }
    }

    /// Whether the ASCII `word` is spelled at code unit `i`.
    private func matches<Source: TextSource>(_ word: [UInt32], in text: Source, at i: Int) -> Bool {
        guard i + word.count <= text.count else { return false }
        for (k, value) in word.enumerated() where text.scalar(at: i + k).value != value { return false }
        return true
    }

    private func unknownCharacter<Source: TextSource>(_ value: UInt32, at offset: Int, in text: Source,
                                                      document: Int?) -> BPEError {
        // Slow path: count lines and columns up to the bad character.
        var line = 1
        var column = 1
        var i = 0
        for _ in 0..<offset {
            let (scalar, length) = text.scalar(at: i)
            if scalar == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += length
        }
        return .unknownCharacter(Unicode.Scalar(value) ?? "\u{FFFD}", document: document, offset: offset,
                                 line: line, column: column)
    }
}

/// Merges a short piece in place, one pair at a time: the lowest rank, leftmost first, which is
/// rank by rank, left to right, as the trainer merged. Returns the number of tokens left.
///
/// Buffers: `buffer[0..<count]` holds the piece's tokens t; `buffer[count..<2 * count]` holds r,
/// where r[i] is the rank of (t[i], t[i + 1]) or Int32.max if that pair has no merge.
@inline(__always)
func mergeShortPiece(_ buffer: UnsafeMutableBufferPointer<Int32>, count: Int, ranks: PairMap.Reader,
                     merges: UnsafeBufferPointer<Merge>) -> Int {
    let none = Int32.max
    let t = buffer
    let r = UnsafeMutableBufferPointer(rebasing: buffer[count...])
    var n = count
    for i in 0..<(n - 1) { r[i] = ranks.value(t[i], t[i + 1]) ?? none }
    while n >= 2 {
        // The lowest rank and, among equal ranks, the leftmost position, as one minimum over
        // rank << 8 | position (positions are below 256), which compiles without branches.
        var best = none
        for k in 0..<(n - 1) { best = min(best, r[k]) }
        if best == none { break }
        var i = 0
        while r[i] != best { i += 1 }
        // t[i] and t[i + 1] become one token; everything after moves left by one.
        t[i] = merges[Int(best)].result
        for k in (i + 1)..<(n - 1) {
            t[k] = t[k + 1]
            r[k - 1] = r[k]
        }
        n -= 1
        if i > 0 { r[i - 1] = ranks.value(t[i - 1], t[i]) ?? none }
        if i < n - 1 { r[i] = ranks.value(t[i], t[i + 1]) ?? none }
    }
    return n
}

/// Merges a long piece in time linear in its length: a linked list of tokens, a bucket of
/// positions for each rank, and a min-heap of the ranks whose bucket is not empty.
struct LongPieceMerger {
    struct Node {
        /// Token starting here; -1 inside a token that starts further left.
        var token: Int32
        /// Position of the next token in the piece, -1 at its end.
        var next: Int32
        /// Position of the previous token, -1 at the start.
        var prev: Int32
    }

    /// [piece length] the piece being merged.
    var nodes: [Node] = []
    /// [merges] positions where each rank's pair may start (checked before merging).
    var buckets: [[Int32]]
    /// Ranks whose bucket is not empty.
    var pending = MinHeap()
    /// [merges] whether a rank is in `pending`.
    var isPending: [Bool]

    init(rankCount: Int) {
        buckets = Array(repeating: [], count: rankCount)
        isPending = Array(repeating: false, count: rankCount)
    }

    mutating func merge(_ piece: UnsafeBufferPointer<Int32>, ranks: PairMap.Reader, merges: UnsafeBufferPointer<Merge>,
                        into out: inout [Int32]) {
        let length = piece.count
        nodes.removeAll(keepingCapacity: true)
        for (i, c) in piece.enumerated() {
            nodes.append(Node(token: c, next: i + 1 < length ? Int32(i + 1) : -1, prev: Int32(i - 1)))
        }
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
            let merge = merges[Int(rank)]
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
