// Tests of TokenizerBenchmark.swift: the numbers it reports are consistent with training and
// encoding done directly. No timing assertions: only that times were measured.
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
    #expect(result.fileMode.seconds > 0 && result.encodingSeconds > 0 && result.encodingBytesPerSecond > 0)
    #expect(median(of: [3.0, 1.0, 2.0], by: { $0 }) == 2)
}
