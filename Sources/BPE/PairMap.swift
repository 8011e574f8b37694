// A hash map from a pair of token ids to an Int32, by open addressing with linear probing. The
// trainer and the encoder look pairs up millions of times; Dictionary's generic hashing of a
// tuple-like key costs several times more. No removal: neither user ever deletes a pair.

/// Maps (left, right) token-id pairs to Int32 values.
struct PairMap: Sendable {
    /// A key and its value side by side, so a probe touches one cache line.
    fileprivate struct Slot {
        var key: UInt64
        var value: Int32
    }

    fileprivate static let empty = UInt64.max
    /// [capacity] the slots; capacity is a power of two, at least `1 / maximumLoad` times `count`.
    private var slots: [Slot]
    private var shift: UInt64
    private let maximumLoad: Double
    private(set) var count = 0

    /// - Parameter maximumLoad: the fraction of slots that may be full; lower means fewer probes.
    init(minimumCapacity: Int = 16, maximumLoad: Double = 0.5) {
        self.maximumLoad = maximumLoad
        var capacity = 16
        while Double(capacity) * maximumLoad < Double(minimumCapacity) { capacity *= 2 }
        slots = Array(repeating: Slot(key: Self.empty, value: 0), count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    @inline(__always)
    static func pack(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// Fibonacci hashing: the multiply spreads the bits, the top bits pick the slot.
    @inline(__always)
    fileprivate static func firstSlot(_ key: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Read-only access without reference counting, for the encoder's loops.
    struct Reader {
        fileprivate let slots: UnsafeBufferPointer<Slot>
        fileprivate let shift: UInt64

        /// The value stored for (left, right), or nil.
        @inline(__always)
        func value(_ left: Int32, _ right: Int32) -> Int32? {
            PairMap.find(PairMap.pack(left, right), in: slots, shift: shift)
        }
    }

    /// Calls `body` with a reader of this map.
    func withReader<R>(_ body: (Reader) throws -> R) rethrows -> R {
        try slots.withUnsafeBufferPointer { try body(Reader(slots: $0, shift: shift)) }
    }

    /// The value stored for (left, right), or nil.
    @inline(__always)
    func value(_ left: Int32, _ right: Int32) -> Int32? {
        slots.withUnsafeBufferPointer { Self.find(Self.pack(left, right), in: $0, shift: shift) }
    }

    /// Linear probing from the key's first slot until the key or an empty slot.
    @inline(__always)
    fileprivate static func find(_ key: UInt64, in slots: UnsafeBufferPointer<Slot>, shift: UInt64) -> Int32? {
        let mask = slots.count - 1
        var i = firstSlot(key, shift)
        while true {
            let slot = slots[i]
            if slot.key == key { return slot.value }
            if slot.key == empty { return nil }
            i = (i + 1) & mask
        }
    }

    /// The value stored for (left, right) and `false`; if there is none, stores `newValue` and
    /// returns it with `true`.
    @inline(__always)
    mutating func value(_ left: Int32, _ right: Int32, insertingIfAbsent newValue: Int32) -> (value: Int32, inserted: Bool) {
        let key = Self.pack(left, right)
        let mask = slots.count - 1
        var i = Self.firstSlot(key, shift)
        while true {
            let slot = slots[i]
            if slot.key == key { return (slot.value, false) }
            if slot.key == Self.empty { break }
            i = (i + 1) & mask
        }
        slots[i] = Slot(key: key, value: newValue)
        count += 1
        if Double(count) > Double(slots.count) * maximumLoad { grow() }
        return (newValue, true)
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: Self.empty, value: 0), count: old.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for slot in old where slot.key != Self.empty {
            var i = Self.firstSlot(slot.key, shift)
            while slots[i].key != Self.empty { i = (i + 1) & mask }
            slots[i] = slot
        }
    }
}
