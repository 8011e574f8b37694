// Tests of TokenizerTrainer.swift: the worked examples, the incremental pair counts, and the fast trainer
// against the slow reference trainer on awkward and random texts.
@testable import BPE
import Testing

/// The fast trainer's merges for `texts` as documents.
private func fastMerges(_ texts: [String], mode: DocumentMode = .lines, vocabularySize: Int) throws -> [Merge] {
    let corpus = Corpus(text: texts.joined(separator: "\n"), documents: mode)
    return try TokenizerTrainer(vocabularySize: vocabularySize).train(on: corpus).tokenizer.merges
}

/// Records every pair-count change a merge reports, in order.
private struct ChangeLog: PairChangeSink {
    var changes: [[Int32]] = []

    mutating func record(_ left: Int32, _ right: Int32, _ delta: Int, at position: Int32) {
        changes.append([left, right, Int32(delta)])
    }
}

@Test("the Wikipedia example aaabdaaabac learns aa, ab, then aaab")
func wikipediaExample() throws {
    // Alphabet a b c d has ids 1 2 3 4 (0 is <|endoftext|>).
    // Pairs of a a a b d a a a b a c: aa 4 (overlaps count), ab 2, bd da ba ac 1 each.
    //   merge 1: (a, a) -> 5 "aa"; left to right: aa a b d aa a b a c.
    // Now (aa, a) = (5, 1) and (a, b) = (1, 2) both occur twice; the smaller pair wins.
    //   merge 2: (a, b) -> 6 "ab"; aa ab d aa ab a c.
    //   merge 3: (aa, ab) -> 7 "aaab"; aaab d aaab a c. Every pair now occurs once: stop.
    let result = try TokenizerTrainer(vocabularySize: 100).train(on: Corpus(text: "aaabdaaabac"))
    #expect(result.tokenizer.merges == [Merge(left: 1, right: 1, result: 5), Merge(left: 1, right: 2, result: 6),
                                        Merge(left: 5, right: 6, result: 7)])
    #expect(result.tokenizer.tokenText(7) == "aaab")
    #expect(result.summary.stopReason == .noRepeatedPair)
    #expect(result.summary.vocabularySize == 8)
    #expect(result.summary.tokenCount == 5)
}

@Test("merging (l, l) in hello reports the four pair-count changes around it")
func helloMergeChanges() {
    // h e l l o as ids 0 1 2 2 3; merging (l, l) -> 4 at position 2 gives h e ll o.
    var sequence = TokenSequence(documents: [[0, 1, 2, 2, 3]], weights: [1])
    var log = ChangeLog()
    let merged = sequence.merge(at: 2, 2, 2, into: 4, changes: &log)
    #expect(merged == 1)
    #expect(sequence.documents == [[0, 1, 4, 3]])
    // (e, l) -1, (e, ll) +1, (l, o) -1, (ll, o) +1: the merged pair itself is not reported,
    // as in Hugging Face's Word::merge; the trainer zeroes its count.
    #expect(log.changes == [[1, 2, -1], [1, 4, 1], [2, 3, -1], [4, 3, 1]])
}

@Test("a merge that is no longer there changes nothing")
func staleMergeIsSkipped() {
    var sequence = TokenSequence(documents: [[1, 2, 3]], weights: [2])
    var log = ChangeLog()
    #expect(sequence.merge(at: 1, 1, 2, into: 9, changes: &log) == 0)
    #expect(sequence.merge(at: 2, 3, 1, into: 9, changes: &log) == 0)
    #expect(log.changes.isEmpty)
    #expect(sequence.documents == [[1, 2, 3]])
}

@Test("overlapping pairs count twice and merge left to right")
func overlappingRuns() throws {
    // a a a a a: (a, a) occurs 4 times; merging left to right gives aa aa a, whose pairs (aa, aa)
    // and (aa, a) occur once each, so training stops after one merge.
    let result = try TokenizerTrainer(vocabularySize: 10).train(on: Corpus(text: "aaaaa"))
    #expect(result.tokenizer.merges == [Merge(left: 1, right: 1, result: 2)])
    #expect(result.summary.tokenCount == 3)
    // Six a's: aa aa aa, then (aa, aa) occurs twice: aaaa aa.
    let six = try TokenizerTrainer(vocabularySize: 10).train(on: Corpus(text: "aaaaaa"))
    #expect(six.tokenizer.merges == [Merge(left: 1, right: 1, result: 2), Merge(left: 2, right: 2, result: 3)])
    #expect(six.summary.tokenCount == 2)
}

@Test("pairs are never counted across documents")
func documentsAreSeparate() throws {
    // As one document "ab\nab" has (a, b) twice; as lines "ab" and "ba" share no pair.
    #expect(try fastMerges(["ab", "ba"], vocabularySize: 10).isEmpty)
    #expect(try fastMerges(["ab", "ab"], vocabularySize: 10) == [Merge(left: 1, right: 2, result: 3)])
    // subtle: "b\na" would be a pair in file mode; in lines mode the newline is not even a character.
    let fileMode = try fastMerges(["ab", "ab"], mode: .file, vocabularySize: 10)
    #expect(fileMode.first == Merge(left: 2, right: 3, result: 4))
}

@Test("the fast trainer learns the reference trainer's merges", arguments: [
    ["abcabcabcabc"],
    ["abababab", "babababa", "abba"],
    ["aaaaaaa"],
    ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaa", "aaaaaaaaa"],
    ["🙂🙃🙂🙃🙂🙂🙂🙃👍🏽👍🏽"],
    ["e\u{301}te\u{301} cafe\u{301} cafe\u{301} caf\u{e9}"],
    ["日本語の日本語、日本の本", "東京と京都"],
    ["the cat sat on the mat", "the cat sat", "on the mat", "the cat sat"],
    ["x"],
    ["xy", "yx", "xy"],
])
func fastMatchesReference(documents: [String]) throws {
    let reference = ReferenceBPE.train(documents.map(scalars), vocabularySize: 60)
    let corpus = Corpus(text: documents.joined(separator: "\n"), documents: .lines)
    let tokenizer = try TokenizerTrainer(vocabularySize: 60).train(on: corpus).tokenizer
    #expect(tokenizer.alphabet.map(\.value) == reference.alphabet)
    #expect(tokenizer.merges == reference.merges)
}

@Test("the fast trainer matches the reference on random texts with many ties", arguments: 0..<40)
func fastMatchesReferenceOnRandomText(seed: UInt64) throws {
    var generator = SplitMix64(seed: seed)
    let letters: [[Character]] = [["a", "b"], ["a", "b", "c"], ["a", "a", "b", " "], ["x", "y", "z", "\n"]]
    let alphabet = letters[Int(seed) % letters.count]
    let documents = (0..<(1 + Int(generator.next() % 6))).map { _ in
        randomText(alphabet, length: 1 + Int(generator.next() % 120), using: &generator)
    }
    let vocabularySize = 8 + Int(generator.next() % 60)
    // One document with everything (file mode), then the same texts as separate documents.
    let whole = documents.joined(separator: "|")
    let fileReference = ReferenceBPE.train([scalars(whole)], vocabularySize: vocabularySize)
    let fileFast = try TokenizerTrainer(vocabularySize: vocabularySize).train(on: Corpus(text: whole)).tokenizer
    #expect(fileFast.merges == fileReference.merges, "seed \(seed), file mode")

    let lines = documents.map { $0.replacingOccurrences(of: "\n", with: "") }.filter { !$0.isEmpty }
    guard !lines.isEmpty else { return }
    let linesReference = ReferenceBPE.train(lines.map(scalars), vocabularySize: vocabularySize)
    let linesFast = try TokenizerTrainer(vocabularySize: vocabularySize)
        .train(on: Corpus(text: lines.joined(separator: "\n"), documents: .lines)).tokenizer
    #expect(linesFast.merges == linesReference.merges, "seed \(seed), lines mode")
}

@Test("a merge that spells <|endoftext|> reuses id 0, as Hugging Face's trainer does")
func endOfTextSpellingReusesItsID() throws {
    let text = String(repeating: "<|endoftext|>", count: 6)
    let reference = ReferenceBPE.train([scalars(text)], vocabularySize: 40)
    let result = try TokenizerTrainer(vocabularySize: 40).train(on: Corpus(text: text))
    #expect(result.tokenizer.merges == reference.merges)
    #expect(result.tokenizer.merges.contains { $0.result == Tokenizer.endOfText })
    // Ids stay dense: every new id is made exactly once.
    #expect(result.summary.vocabularySize == 1 + result.summary.alphabetSize
            + Set(result.tokenizer.merges.map(\.result).filter { $0 != 0 }).count)
}

@Test("the summary counts what the merges did to the corpus")
func summaryNumbers() throws {
    // Documents "low lower lowest", "low low", "newer" (the empty line is skipped).
    // Ids: space 1, e 2, l 3, n 4, o 5, r 6, s 7, t 8, w 9.
    // (l, o) and (o, w) occur 5 times; (l, o) is the smaller pair: "lo" = 10; then (lo, w) 5
    // times: "low" = 11. Then (low, space) and (space, low) 3 times each: " low" = 12. Then
    // (low, " low"), (" low", e) and (e, r) twice each: "er" = 13, and the vocabulary is full.
    let corpus = Corpus(text: "low lower lowest\nlow low\n\nnewer", documents: .lines)
    let result = try TokenizerTrainer(vocabularySize: 14).train(on: corpus)
    #expect(result.tokenizer.merges == [Merge(left: 3, right: 5, result: 10), Merge(left: 10, right: 9, result: 11),
                                        Merge(left: 1, right: 11, result: 12), Merge(left: 2, right: 6, result: 13)])
    let s = result.summary
    #expect(s.documentCount == 3)
    #expect(s.characterCount == 16 + 7 + 5)
    #expect(s.alphabetSize == 9)
    #expect(s.vocabularySize == 14)
    #expect(s.mergeCount == 4)
    #expect(s.stopReason == .reachedVocabularySize)
    // low| low|er| low|e|s|t, low| low, n|e|w|er: 13 tokens.
    #expect(s.tokenCount == 13)
    #expect(s.charactersPerToken == 28.0 / 13.0)
    #expect(try result.tokenizer.encode(corpus).map(\.count) == [7, 2, 4])
}

@Test("the trainer's final segmentation is what encoding the corpus gives", arguments: 0..<8)
func trainingSegmentationEqualsEncoding(seed: UInt64) throws {
    var generator = SplitMix64(seed: seed)
    let text = randomText(["a", "b", "c", " ", "\n"], length: 400, using: &generator)
    let corpus = Corpus(text: text, documents: seed % 2 == 0 ? .file : .lines)
    let trainer = TokenizerTrainer(vocabularySize: 40)
    let learned = try trainer.learn(from: corpus)
    let tokenizer = try trainer.train(on: corpus).tokenizer
    // Distinct documents in order of first appearance, as the trainer keeps them.
    var seen: Set<[Int32]> = []
    let distinct = try tokenizer.encode(corpus).filter { seen.insert($0).inserted }
    #expect(learned.sequence.documents == distinct)
}

@Test("a vocabulary smaller than 1 + alphabet is an error naming the smallest valid size")
func vocabularyTooSmall() throws {
    #expect(throws: BPEError.vocabularyTooSmall(requested: 3, alphabetSize: 4)) {
        try TokenizerTrainer(vocabularySize: 3).train(on: Corpus(text: "abcd"))
    }
    let exact = try TokenizerTrainer(vocabularySize: 5).train(on: Corpus(text: "abcdabcd"))
    #expect(exact.tokenizer.merges.isEmpty)
    #expect(exact.summary.stopReason == .reachedVocabularySize)
}

@Test("a corpus with no characters is an error")
func emptyCorpus() {
    #expect(throws: BPEError.emptyCorpus(source: "nothing")) {
        try TokenizerTrainer(vocabularySize: 10).train(on: Corpus(text: "\n\n", documents: .lines, source: "nothing"))
    }
}
