import BPE
import Dispatch
import Foundation
import TestFolders
import Testing
@testable import Sweep

@Suite struct TokenizerCacheTests {
    /// Two names, one a line.
    func namesCorpus() throws -> URL {
        let url = try temporaryDirectory().appendingPathComponent("names.txt")
        try Data("ab\nab\n".utf8).write(to: url)
        return url
    }

    @Test("runs sharing corpus, documents and vocab_size share one tokenizer, even from many threads")
    func trainsOnce() throws {
        let cache = TokenizerCache()
        var config = RunConfig()
        config.corpus = try namesCorpus().path
        config.documents = .lines
        config.model.vocabularySize = 3
        let sizes = Collector()
        let shared = config
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            sizes.add((try? cache.tokenizer(for: shared).vocabularySize) ?? -1)
        }
        #expect(sizes.values == Array(repeating: 3, count: 8))
        #expect(cache.trainedTokenizerCount == 1)
        config.model.vocabularySize = 4
        _ = try cache.tokenizer(for: config)
        #expect(cache.trainedTokenizerCount == 2)
    }

    @Test("the example count is every token plus one end-of-text per document")
    func exampleCount() throws {
        var config = RunConfig()
        config.corpus = try namesCorpus().path
        config.documents = .lines
        // Alphabet {a, b}: vocab 3 has no merges, so each "ab" is 2 tokens + EOT = 3; two lines give 6.
        config.model.vocabularySize = 3
        #expect(try TokenizerCache().exampleCount(for: config) == 6)
        // As one document "ab\nab\n" is 6 tokens + EOT; its alphabet adds the newline (a, b, \n).
        config.documents = .file
        config.model.vocabularySize = 4
        #expect(try TokenizerCache().exampleCount(for: config) == 7)
    }

    @Test("a missing corpus fails every time it is asked for, with the BPE module's error")
    func missing() {
        let cache = TokenizerCache()
        for _ in 0 ..< 2 {
            #expect(throws: BPEError.self) { try cache.corpus(at: "/nonexistent/corpus.txt", documents: .file) }
        }
    }
}

/// Values added from several threads.
final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int] = []

    func add(_ value: Int) {
        lock.lock()
        items.append(value)
        lock.unlock()
    }

    var values: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
