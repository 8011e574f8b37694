// A hash map from a pair of token ids to an Int32, by open addressing with linear probing. The
// trainer and the encoder look pairs up millions of times; Dictionary's generic hashing of a
// tuple-like key costs several times more. No removal: neither user ever deletes a pair.

/// Maps (left, right) token-id pairs to Int32 values.
struct PairMap: Sendable {
    private static let empty = UInt64.max
    /// [capacity] the packed pair in each slot, `empty` when unused; capacity is a power of two.
    private var keys: [UInt64]
    /// [capacity] the value stored with each key.
    private var values: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity < 2 * minimumCapacity { capacity *= 2 }
        keys = Array(repeating: Self.empty, count: capacity)
        values = Array(repeating: 0, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    @inline(__always)
    static func pack(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    @inline(__always)
    private func slot(of key: UInt64) -> Int {
        // Fibonacci hashing: the multiply spreads the bits, the top bits pick the slot.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value stored for (left, right), or nil.
    @inline(__always)
    func value(_ left: Int32, _ right: Int32) -> Int32? {
        let key = Self.pack(left, right)
        let mask = keys.count - 1
        var i = slot(of: key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == Self.empty { return nil }
            i = (i + 1) & mask
        }
    }

    /// The value stored for (left, right) and `false`; if there is none, stores `newValue` and
    /// returns it with `true`.
    @inline(__always)
    mutating func value(_ left: Int32, _ right: Int32, insertingIfAbsent newValue: Int32) -> (value: Int32, inserted: Bool) {
        let key = Self.pack(left, right)
        let mask = keys.count - 1
        var i = slot(of: key)
        while true {
            let k = keys[i]
            if k == key { return (values[i], false) }
            if k == Self.empty { break }
            i = (i + 1) & mask
        }
        keys[i] = key
        values[i] = newValue
        count += 1
        if 2 * count > keys.count { grow() }
        return (newValue, true)
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        let capacity = oldKeys.count * 2
        keys = Array(repeating: Self.empty, count: capacity)
        values = Array(repeating: 0, count: capacity)
        shift -= 1
        let mask = capacity - 1
        for (key, value) in zip(oldKeys, oldValues) where key != Self.empty {
            var i = slot(of: key)
            while keys[i] != Self.empty { i = (i + 1) & mask }
            keys[i] = key
            values[i] = value
        }
    }
}
