// Tests of Tokenizer.swift: the id layout, token texts, decoding and its error, and the lookup
// tables built at construction.
@testable import BPE
import Testing

@Test("ids: 0 is <|endoftext|>, then the alphabet in scalar order, then merged tokens in order")
func idLayout() throws {
    // "ab ab": alphabet space, a, b -> ids 1, 2, 3; (a, b) occurs twice, (b, space) and
    // (space, a) once, so the one merge makes "ab" = 4.
    let tokenizer = try Tokenizer.train(on: Corpus(text: "ab ab"), vocabularySize: 5)
    #expect(tokenizer.alphabet == [" ", "a", "b"])
    #expect((0..<5).map { tokenizer.tokenText(Int32($0)) } == ["<|endoftext|>", " ", "a", "b", "ab"])
    #expect(tokenizer.vocabularySize == 5)
    #expect(Tokenizer.endOfText == 0)
}

@Test("display text makes whitespace visible and keeps <|endoftext|> readable")
func displayText() throws {
    // "a b\na b\n": ids newline 1, space 2, a 3, b 4. (a, space), (space, b) and (b, newline)
    // occur twice; the smallest pair, (space, b), becomes " b" = 5.
    let tokenizer = try Tokenizer.train(on: Corpus(text: "a b\na b\n"), vocabularySize: 6)
    let texts = (0..<Int32(tokenizer.vocabularySize)).map(tokenizer.displayText)
    #expect(texts == ["<|endoftext|>", "↵", "·", "a", "b", "·b"])
}

@Test("decoding concatenates token texts; an id outside the vocabulary is an error")
func decoding() throws {
    // "hello hello" (ids space 1, e 2, h 3, l 4, o 5) learns "el", "hel", "lo", "hello" (ids 6 to 9)
    // and stops: then every pair occurs once. So ids run from 0 to 9.
    let tokenizer = try Tokenizer.train(on: Corpus(text: "hello hello"), vocabularySize: 50)
    #expect(tokenizer.vocabularySize == 10)
    #expect(tokenizer.tokenText(9) == "hello")
    #expect(try tokenizer.decode([]) == "")
    #expect(try tokenizer.decode(tokenizer.encode("hello hello")) == "hello hello")
    #expect(try tokenizer.decode([0, 2]) == "<|endoftext|>e")
    #expect(throws: BPEError.unknownTokenID(10, index: 1, vocabularySize: 10)) { try tokenizer.decode([1, 10]) }
    #expect(throws: BPEError.unknownTokenID(-1, index: 0, vocabularySize: 10)) { try tokenizer.decode([-1]) }
}

@Test("character ids cover scalars below and above the table, and absent ones")
func characterIDs() {
    // Values below 0x800 use the table, the rest a binary search.
    let alphabet: [UInt32] = [0x0A, 0x41, 0x7FF, 0x800, 0x65E5, 0x1F642]
    let ids = CharacterIDs(alphabet: alphabet)
    #expect(alphabet.map(ids.id) == [1, 2, 3, 4, 5, 6])
    #expect([0x42, 0x7FE, 0x801, 0x1F643, 0x10FFFF].map(ids.id) == [-1, -1, -1, -1, -1])
}

@Test("joinable pairs are exactly the neighbouring characters inside merged tokens")
func joinablePairs() throws {
    // Trained on "abab cdcd": merges make "ab", then tokens built from it; "b " and " c" never join.
    let tokenizer = try Tokenizer.train(on: Corpus(text: "abab abab cdcd"), vocabularySize: 12)
    let id = { (value: UInt32) in Int32(1 + (tokenizer.alphabet.firstIndex { $0.value == value } ?? -1)) }
    var expected: Set<[Int32]> = []
    for token in tokenizer.tokenScalars.dropFirst(1 + tokenizer.alphabet.count) {
        for (x, y) in zip(token, token.dropFirst()) {
            expected.insert([id(x), id(y)])
        }
    }
    #expect(!expected.isEmpty)
    for a in 1...Int32(tokenizer.alphabet.count) {
        for b in 1...Int32(tokenizer.alphabet.count) {
            #expect(tokenizer.joinable.contains(a, b) == expected.contains([a, b]))
        }
    }
}

@Test("the joinable set works for ids past its bit table")
func joinableLargeIDs() {
    var set = CharacterPairSet()
    set.insert(3, 300)
    set.insert(255, 255)
    set.insert(1000, 2)
    #expect(set.contains(3, 300) && set.contains(255, 255) && set.contains(1000, 2))
    #expect(!set.contains(300, 3) && !set.contains(2, 1000) && !set.contains(255, 254))
}
