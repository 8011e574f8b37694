// Tests of Encoding.swift: encoding equals the reference encoder (one rank at a time over the
// whole text) on pieces of every length, round trips, <|endoftext|>, and the unknown-character
// error with its position.
@testable import BPE
import Testing

private func trained(_ text: String, vocabularySize: Int, mode: DocumentMode = .file) throws -> Tokenizer {
    try Tokenizer.train(on: Corpus(text: text, documents: mode), vocabularySize: vocabularySize)
}

@Test("encoding applies the merges by rank, as worked out by hand")
func handWorkedEncoding() throws {
    // Trained on aaabdaaabac: merges (a, a) -> 5, (a, b) -> 6, (aa, ab) -> 7 (see TrainerTests).
    let tokenizer = try trained("aaabdaaabac", vocabularySize: 100)
    // a a a a b: rank 0 merges left to right: aa aa b; rank 1 finds no (a, b); rank 2 no (aa, ab).
    #expect(try tokenizer.encode("aaaab") == [5, 5, 2])
    // a a b a b: rank 0: aa b a b; rank 1: aa b ab; rank 2 needs (aa, ab) adjacent: no.
    #expect(try tokenizer.encode("aabab") == [5, 2, 6])
    // a a a b: aa a b -> aa ab -> aaab.
    #expect(try tokenizer.encode("aaab") == [7])
    #expect(try tokenizer.encode("") == [])
    #expect(try tokenizer.encode("c") == [3])
}

@Test("encoding equals the reference encoder on random texts", arguments: 0..<30)
func encodingMatchesReference(seed: UInt64) throws {
    var generator = SplitMix64(seed: seed)
    let alphabets: [[Character]] = [["a", "b"], ["a", "b", "c", " "], ["x", "y", "\n", "z", "é", "🙂"]]
    let letters = alphabets[Int(seed) % alphabets.count]
    let training = randomText(letters, length: 300 + Int(generator.next() % 300), using: &generator)
    let tokenizer = try trained(training, vocabularySize: letters.count + 1 + Int(generator.next() % 80))
    // Lengths from a few characters to long single pieces, so every way of merging a piece runs:
    // short pieces, cached pieces, and pieces longer than the cache takes.
    for length in [3, 17, 40, 120, 700] {
        let text = randomText(letters, length: length, using: &generator)
        let expected = ReferenceBPE.encode(text, alphabet: tokenizer.alphabet, merges: tokenizer.merges)
        #expect(try tokenizer.encode(text) == expected, "seed \(seed), length \(length)")
    }
}

@Test("long runs of one character encode as the reference does", arguments: [5, 33, 64, 257, 1000])
func longRuns(length: Int) throws {
    let tokenizer = try trained(String(repeating: "a", count: 300) + "b", vocabularySize: 12)
    let text = String(repeating: "a", count: length)
    #expect(try tokenizer.encode(text) == ReferenceBPE.encode(text, alphabet: tokenizer.alphabet, merges: tokenizer.merges))
}

@Test("repeated pieces come out the same from the cache as the first time")
func repeatedPiecesUseTheCache() throws {
    let tokenizer = try trained("the cat sat on the mat; the rat ate the hat.", vocabularySize: 40)
    let text = String(repeating: "the cat ate the rat; ", count: 50)
    #expect(try tokenizer.encode(text) == ReferenceBPE.encode(text, alphabet: tokenizer.alphabet, merges: tokenizer.merges))
}

@Test("decoding an encoding gives the text back, for random Unicode texts", arguments: 0..<25)
func roundTrip(seed: UInt64) throws {
    var generator = SplitMix64(seed: seed)
    let letters: [Character] = ["a", "b", " ", "\n", "\t", "é", "e\u{301}", "日", "本", "🙂", "👍🏽", "\r\n", "\""]
    let training = randomText(letters, length: 400, using: &generator)
    let tokenizer = try trained(training, vocabularySize: 60)
    let text = randomText(letters, length: Int(generator.next() % 500), using: &generator)
    let ids = try tokenizer.encode(text)
    let decoded = try tokenizer.decode(ids)
    // Compare scalars: String equality would accept a canonically equivalent text.
    #expect(scalars(decoded) == scalars(text), "seed \(seed)")
    #expect(ids.count <= text.unicodeScalars.count)
}

@Test("<|endoftext|> in the text is id 0 and no merge crosses it")
func endOfTextInText() throws {
    let tokenizer = try trained("ab ab ab ab", vocabularySize: 10)
    let ab = try tokenizer.encode("ab")
    #expect(ab.count == 1)
    // The characters of <|endoftext|> are not in the alphabet; the special text still encodes.
    #expect(try tokenizer.encode("ab<|endoftext|>ab") == ab + [0] + ab)
    #expect(try tokenizer.encode("<|endoftext|><|endoftext|>") == [0, 0])
    #expect(try tokenizer.decode(ab + [0] + ab) == "ab<|endoftext|>ab")
    // A text that only starts like it is ordinary characters, here not in the alphabet.
    #expect(throws: BPEError.unknownCharacter("<", document: nil, offset: 2, line: 1, column: 3)) {
        try tokenizer.encode("ab<|endoftext")
    }
}

@Test("a character outside the alphabet is named with its index, line and column")
func unknownCharacter() throws {
    let tokenizer = try trained("abc\nabc\n", vocabularySize: 10)
    // Index counts scalars from 0; "ab\nca" puts 'é' at index 5, line 2, column 3.
    #expect(throws: BPEError.unknownCharacter("é", document: nil, offset: 5, line: 2, column: 3)) {
        try tokenizer.encode("ab\nca\u{e9}")
    }
    let lines = try trained("abc\nabc", vocabularySize: 10, mode: .lines)
    #expect(throws: BPEError.unknownCharacter("\n", document: nil, offset: 3, line: 1, column: 4)) {
        try lines.encode("abc\n")
    }
    // A corpus's characters are placed in its source (a file's path; "text" for text given directly).
    let corpus = Corpus(text: "abc\nab\ncbx", documents: .lines)
    #expect(throws: BPEError.unknownCharacter("x", source: "text", document: 2, offset: 2, line: 1, column: 3)) {
        try lines.encode(corpus)
    }
}

@Test("encoding a corpus encodes each document on its own")
func corpusDocuments() throws {
    let text = "one two\nthree two one\n\ntwo two"
    let tokenizer = try trained(text, vocabularySize: 30)
    let corpus = Corpus(text: text, documents: .lines)
    let documents = try tokenizer.encode(corpus)
    #expect(documents.count == 3)
    for (i, ids) in documents.enumerated() {
        #expect(try ids == tokenizer.encode(corpus.document(i)))
    }
    #expect(try tokenizer.encode(Corpus(text: text)) == [tokenizer.encode(text)])
}
