// Tests of TokenizerBenchmark.swift: the numbers it reports are consistent with training and
// encoding done directly. No timing assertions: a slow machine is not a failure.
@testable import BPE
import Foundation
import Testing

@Test("the benchmark trains both ways and encodes the whole file")
func benchmarkRuns() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("corpus.txt")
    let text = String(repeating: "the cat sat on the mat\nthe dog sat on the log\n", count: 20)
    try Data(text.utf8).write(to: url)

    let result = try TokenizerBenchmark(vocabularySize: 30, repeats: 2).run(on: url)
    #expect(result.corpusBytes == text.utf8.count)
    #expect(result.fileMode.documentCount == 1 && result.linesMode.documentCount == 40)
    #expect(result.fileMode.vocabularySize == 30 && result.linesMode.vocabularySize == 30)
    let tokenizer = try Tokenizer.train(on: Corpus(text: text), vocabularySize: 30)
    #expect(result.encodedTokenCount == (try tokenizer.encode(text)).count)
    // Both trainings learned what training directly learns: 30 tokens are <|endoftext|>, the
    // alphabet and one token per merge.
    let direct = try TokenizerTrainer(vocabularySize: 30).train(on: Corpus(text: text))
    #expect(result.fileMode.mergeCount == direct.summary.mergeCount && result.fileMode.mergeCount == 30 - 1 - result.fileMode.alphabetSize)
    // The rate is the bytes over the time it reports, not a number of its own.
    #expect(abs(result.encodingBytesPerSecond * result.encodingSeconds - Double(result.corpusBytes)) <= 1e-9 * Double(result.corpusBytes))
    #expect(median(of: [3.0, 1.0, 2.0], by: { $0 }) == 2)
    #expect(median(of: [4.0, 1.0, 3.0, 2.0], by: { $0 }) == 3)
}
