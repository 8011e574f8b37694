// Remembers the tokens of pieces of text already encoded. Text repeats its words, so most pieces
// the encoder cuts are repeats; a hit costs a hash and a compare instead of merging. Flat storage
// and open addressing, because a Dictionary keyed by arrays allocates on every insert.

/// Maps a sequence of character ids to the token ids it encodes to.
struct PieceCache {
    private struct Entry {
        /// Where the piece's characters are in `keys`, and its tokens in `values`.
        var keyStart: Int32
        var keyLength: Int32
        var valueStart: Int32
        var valueLength: Int32
    }

    /// The table has 2^slotBits slots and holds at most half as many pieces before it starts over,
    /// which bounds its memory on huge inputs.
    private static let slotBits = 16
    private static let capacity = 1 << (slotBits - 1)
    /// [2^slotBits] the hash table: the top 32 bits of the piece's hash, and 1 + its entry index
    /// (0: empty slot). Eight bytes a slot keep the table in cache.
    private var slots = [UInt64](repeating: 0, count: 1 << slotBits)
    /// [pieces] where each cached piece is stored.
    private var entries: [Entry] = []
    /// Character ids of all cached pieces, one after another.
    private var keys: [Int32] = []
    /// Token ids of all cached pieces, one after another.
    private var values: [Int32] = []

    /// The hash `lookUp` and `insert` expect.
    @inline(__always)
    static func hash(_ piece: UnsafeMutableBufferPointer<Int32>) -> UInt64 {
        // FNV-1a over 32-bit words, then a multiply so the top bits (used for the slot) mix well.
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for id in piece { h = (h ^ UInt64(UInt32(bitPattern: id))) &* 0x100_0000_01B3 }
        return h &* 0x9E37_79B9_7F4A_7C15
    }

    @inline(__always)
    private static func firstSlot(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h >> UInt64(64 - slotBits)) }

    /// Appends the cached tokens of `piece` to `out` and returns true, or returns false.
    @inline(__always)
    func lookUp(_ piece: UnsafeMutableBufferPointer<Int32>, hash h: UInt64, into out: inout [Int32]) -> Bool {
        let mask = slots.count - 1
        let tag = h >> 32
        var i = Self.firstSlot(h)
        while slots[i] != 0 {
            if slots[i] >> 32 == tag {
                let entry = entries[Int(slots[i] & 0xFFFF_FFFF) - 1]
                if Int(entry.keyLength) == piece.count {
                    let start = Int(entry.keyStart)
                    var same = true
                    for k in 0..<piece.count where keys[start + k] != piece[k] {
                        same = false
                        break
                    }
                    if same {
                        out.append(contentsOf: values[Int(entry.valueStart)..<Int(entry.valueStart + entry.valueLength)])
                        return true
                    }
                }
            }
            i = (i + 1) & mask
        }
        return false
    }

    /// Remembers that `piece` encodes to `tokens`.
    mutating func insert(_ piece: UnsafeMutableBufferPointer<Int32>, hash h: UInt64, tokens: ArraySlice<Int32>) {
        if entries.count >= Self.capacity {
            for i in slots.indices { slots[i] = 0 }
            entries.removeAll(keepingCapacity: true)
            keys.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        }
        let mask = slots.count - 1
        var i = Self.firstSlot(h)
        while slots[i] != 0 { i = (i + 1) & mask }
        entries.append(Entry(keyStart: Int32(keys.count), keyLength: Int32(piece.count),
                             valueStart: Int32(values.count), valueLength: Int32(tokens.count)))
        slots[i] = (h >> 32) << 32 | UInt64(entries.count)
        keys.append(contentsOf: piece)
        values.append(contentsOf: tokens)
    }
}
