// Remembers the tokens of pieces of text already encoded. Text repeats its words, so most pieces
// the encoder cuts are repeats; a hit costs a hash and a compare instead of merging. Flat storage
// and open addressing, because a Dictionary keyed by arrays allocates on every insert, and a hit
// should touch as few cache lines as possible.

/// Maps a sequence of character ids to the token ids it encodes to.
struct PieceCache {
    /// The table has 2^slotBits slots and holds at most half as many pieces; once full it keeps
    /// what it has, which bounds its memory on huge inputs.
    private static let slotBits = 17
    private static let capacity = 1 << (slotBits - 1)
    /// [2^slotBits] 1 + where a piece's record starts in `store` (0: empty slot). Four bytes a slot
    /// keep the table in the L2 cache.
    private var slots = [UInt32](repeating: 0, count: 1 << slotBits)
    /// Records one after another: the low 32 bits of the piece's hash, key length k, value length
    /// v, k character ids, v token ids.
    private var store: [Int32] = []
    private var count = 0

    /// The hash `lookUp` and `insert` expect.
    @inline(__always)
    static func hash(_ piece: UnsafeBufferPointer<Int32>) -> UInt64 {
        // FNV-1a over 32-bit words, then a multiply so the top bits (used for the slot) mix well.
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for id in piece { h = (h ^ UInt64(UInt32(bitPattern: id))) &* 0x100_0000_01B3 }
        return h &* 0x9E37_79B9_7F4A_7C15
    }

    @inline(__always)
    private static func firstSlot(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h >> UInt64(64 - slotBits)) }

    /// Appends the cached tokens of `piece` to `out` and returns true, or returns false.
    @inline(__always)
    func lookUp(_ piece: UnsafeBufferPointer<Int32>, hash h: UInt64, into out: inout [Int32]) -> Bool {
        slots.withUnsafeBufferPointer { slots in
            store.withUnsafeBufferPointer { store in
                let mask = slots.count - 1
                let tag = Int32(truncatingIfNeeded: h)
                var i = Self.firstSlot(h)
                while slots[i] != 0 {
                    let record = Int(slots[i]) - 1
                    let k = Int(store[record + 1])
                    if store[record] == tag && k == piece.count {
                        var same = true
                        for j in 0..<k where store[record + 3 + j] != piece[j] {
                            same = false
                            break
                        }
                        if same {
                            let start = record + 3 + k
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: store[start..<(start + Int(store[record + 2]))]))
                            return true
                        }
                    }
                    i = (i + 1) & mask
                }
                return false
            }
        }
    }

    /// Remembers that `piece` encodes to `tokens`.
    mutating func insert(_ piece: UnsafeBufferPointer<Int32>, hash h: UInt64, tokens: ArraySlice<Int32>) {
        guard count < Self.capacity && store.count < Int(UInt32.max) - 3 - piece.count - tokens.count else { return }
        let mask = slots.count - 1
        var i = Self.firstSlot(h)
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = UInt32(store.count + 1)
        store.append(Int32(truncatingIfNeeded: h))
        store.append(Int32(piece.count))
        store.append(Int32(tokens.count))
        store.append(contentsOf: piece)
        store.append(contentsOf: tokens)
        count += 1
    }
}
