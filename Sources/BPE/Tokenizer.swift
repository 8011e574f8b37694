// The trained tokenizer (DESIGN.md section 2): the vocabulary, the merges in the order learned, and
// decoding. Encoding lives in Encoding.swift, training in TokenizerTrainer.swift, the tokenizer.json format
// in TokenizerFile.swift. No byte-level fallback: text is Unicode scalars, and a character outside
// the alphabet is an error rather than an unknown-token id.

/// One learned merge: the adjacent tokens `left` and `right` become the token `result`.
public struct Merge: Sendable, Hashable {
    public let left: Int32
    public let right: Int32
    public let result: Int32

    public init(left: Int32, right: Int32, result: Int32) {
        self.left = left
        self.right = right
        self.result = result
    }
}

/// A character-level byte-pair-encoding tokenizer.
///
/// Ids: 0 is `<|endoftext|>`, then the alphabet (the corpus's distinct Unicode scalars in
/// ascending order), then one id per new token in the order the merges made them.
public struct Tokenizer: Sendable {
    /// The id of the special token `<|endoftext|>`, which marks where a document ends.
    public static let endOfText: Int32 = 0
    /// How `<|endoftext|>` is written.
    public static let endOfTextText = "<|endoftext|>"

    /// The characters the tokenizer knows, in id order: `alphabet[i]` has id `i + 1`.
    public let alphabet: [Unicode.Scalar]
    /// The merges in the order learned; a merge's index is its rank when encoding.
    public let merges: [Merge]

    /// [V] the scalar values each token spells.
    let tokenScalars: [[UInt32]]
    /// [V] each token's text.
    let tokenStrings: [String]
    /// (left, right) -> rank, the index into `merges` of the first merge of that pair.
    let mergeRanks: PairMap
    /// Scalar value -> token id of a single character.
    let characterIDs: CharacterIDs
    /// The pairs of characters that stand side by side inside some token. Encoding cuts the text
    /// only between characters that do not.
    let joinable: CharacterPairSet

    /// The number of tokens: `<|endoftext|>`, the alphabet and the tokens made by merges.
    public var vocabularySize: Int { tokenScalars.count }

    /// The scalar values of `<|endoftext|>`.
    static let endOfTextScalars: [UInt32] = endOfTextText.unicodeScalars.map(\.value)

    /// Builds a tokenizer from an alphabet in ascending order and merges whose parts already
    /// exist when they are applied, each making a new id (the next one) or an existing token's id.
    /// The trainer guarantees this; the tokenizer.json reader checks it before calling.
    init(alphabet: [UInt32], merges: [Merge]) {
        var scalars: [[UInt32]] = [Self.endOfTextScalars]
        scalars.reserveCapacity(1 + alphabet.count + merges.count)
        var letters: [Unicode.Scalar] = []
        for value in alphabet {
            scalars.append([value])
            if let scalar = Unicode.Scalar(value) { letters.append(scalar) }
        }
        var ranks = PairMap(minimumCapacity: merges.count, maximumLoad: 0.125)
        for (rank, merge) in merges.enumerated() {
            precondition(
                merge.left >= 0 && Int(merge.left) < scalars.count
                    && merge.right >= 0 && Int(merge.right) < scalars.count
                    && merge.result >= 0 && Int(merge.result) <= scalars.count,
                "merge \(rank) \(merge) refers to ids not yet made (vocabulary has \(scalars.count))")
            if Int(merge.result) == scalars.count {
                scalars.append(scalars[Int(merge.left)] + scalars[Int(merge.right)])
            }
            _ = ranks.value(merge.left, merge.right, insertingIfAbsent: Int32(rank))
        }
        self.alphabet = letters
        self.merges = merges
        self.tokenScalars = scalars
        self.tokenStrings = scalars.map(makeString)
        self.mergeRanks = ranks
        let characterIDs = CharacterIDs(alphabet: alphabet)
        var joinable = CharacterPairSet()
        for text in scalars.dropFirst(1 + alphabet.count) {
            for (x, y) in zip(text, text.dropFirst()) {
                joinable.insert(characterIDs.id(of: x), characterIDs.id(of: y))
            }
        }
        self.characterIDs = characterIDs
        self.joinable = joinable
    }

    /// The text token `id` stands for (`<|endoftext|>` for id 0).
    /// - Precondition: `id` is in `0..<vocabularySize`.
    public func tokenText(_ id: Int32) -> String {
        precondition(id >= 0 && Int(id) < tokenStrings.count,
                     "token id \(id) is outside this tokenizer's vocabulary 0..<\(tokenStrings.count)")
        return tokenStrings[Int(id)]
    }

    /// The characters token `id` stands for: the Unicode scalars of its text, the units the
    /// alphabet is made of, with <|endoftext|> counting as one. Bits per character divide by these.
    /// - Precondition: `id` is in `0..<vocabularySize`.
    public func characterCount(_ id: Int32) -> Int {
        id == Self.endOfText ? 1 : tokenText(id).unicodeScalars.count
    }

    /// The text of token `id` with whitespace made visible ('·' space, '↵' newline, '→' tab),
    /// for summaries and figure labels.
    public func displayText(_ id: Int32) -> String {
        id == Self.endOfText ? Self.endOfTextText : makeWhitespaceVisible(tokenText(id))
    }

    /// Concatenates the tokens' texts. `<|endoftext|>` (id 0) decodes to the text "<|endoftext|>",
    /// so `decode(encode(text)) == text` for every text the tokenizer can encode.
    /// - Throws: `BPEError.unknownTokenID` for an id outside the vocabulary.
    public func decode(_ ids: [Int32]) throws -> String {
        var view = String.UnicodeScalarView()
        for (index, id) in ids.enumerated() {
            guard id >= 0 && Int(id) < tokenScalars.count else {
                throw BPEError.unknownTokenID(id, index: index, vocabularySize: tokenScalars.count)
            }
            for value in tokenScalars[Int(id)] {
                if let scalar = Unicode.Scalar(value) { view.append(scalar) }
            }
        }
        return String(view)
    }
}

/// A String from scalar values that are known to be valid.
func makeString(_ values: [UInt32]) -> String {
    var view = String.UnicodeScalarView()
    for value in values {
        if let scalar = Unicode.Scalar(value) { view.append(scalar) }
    }
    return String(view)
}

/// Maps a scalar value to the id of that single character.
struct CharacterIDs: Sendable {
    /// Below this value a table lookup; at or above it a binary search.
    static let tableSize = 0x800
    /// [tableSize] id of each scalar value below `tableSize`, -1 when not in the alphabet.
    private let table: [Int32]
    /// Alphabet values at or above `tableSize`, ascending.
    private let rest: [UInt32]
    /// Id of `rest[0]`.
    private let restFirstID: Int32

    init(alphabet: [UInt32]) {
        var table = [Int32](repeating: -1, count: Self.tableSize)
        var rest: [UInt32] = []
        var restFirstID: Int32 = 0
        for (i, value) in alphabet.enumerated() {
            if value < Self.tableSize {
                table[Int(value)] = Int32(i + 1)
            } else {
                if rest.isEmpty { restFirstID = Int32(i + 1) }
                rest.append(value)
            }
        }
        self.table = table
        self.rest = rest
        self.restFirstID = restFirstID
    }

    /// The id of the character with this scalar value, -1 if it is not in the alphabet.
    @inline(__always)
    func id(of value: UInt32) -> Int32 {
        if value < Self.tableSize { return table[Int(value)] }
        var low = 0
        var high = rest.count
        while low < high {
            let mid = (low + high) / 2
            if rest[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < rest.count && rest[low] == value ? restFirstID + Int32(low) : -1
    }
}

/// A set of (character id, character id) pairs: a bit table for the first ids (the alphabet is
/// sorted, so these are ASCII and Latin for most text), a hash map for the rest.
struct CharacterPairSet: Sendable {
    /// Ids below this use the bit table.
    static let tableIDs = 256
    /// [tableIDs * tableIDs bits] bit a * tableIDs + b is set when (a, b) is in the set.
    private var bits = [UInt64](repeating: 0, count: tableIDs * tableIDs / 64)
    private var others = PairMap()

    mutating func insert(_ a: Int32, _ b: Int32) {
        if a < Self.tableIDs && b < Self.tableIDs {
            let bit = Int(a) * Self.tableIDs + Int(b)
            bits[bit >> 6] |= 1 << UInt64(bit & 63)
        } else {
            _ = others.value(a, b, insertingIfAbsent: 1)
        }
    }

    @inline(__always)
    func contains(_ a: Int32, _ b: Int32) -> Bool {
        if a < Self.tableIDs && b < Self.tableIDs {
            let bit = Int(a) * Self.tableIDs + Int(b)
            return bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }
        return others.value(a, b) != nil
    }
}
