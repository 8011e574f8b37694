// How fast the tokenizer trains and encodes on a given corpus: the tokenizer half of
// `tinylab bench`. Times are medians of repeated runs on one thread; corpus loading is excluded
// from every timing. Leaves out the model: that benchmark belongs to the module that trains models.
import Foundation

/// Measures training (file and lines mode) and encoding speed on one corpus.
public struct TokenizerBenchmark: Sendable {
    /// What was measured.
    public struct Result: Sendable {
        /// Size of the corpus file in bytes.
        public let corpusBytes: Int
        /// Summary of the median-time training run on the whole file as one document.
        public let fileMode: TrainingSummary
        /// Summary of the median-time training run with one document per non-empty line.
        public let linesMode: TrainingSummary
        /// Median seconds to encode the whole file in one call (file-mode tokenizer).
        public let encodingSeconds: Double
        /// Tokens the whole file encodes to.
        public let encodedTokenCount: Int

        /// Encoding throughput in bytes of UTF-8 input per second.
        public var encodingBytesPerSecond: Double { Double(corpusBytes) / max(encodingSeconds, 1e-9) }
    }

    /// Vocabulary size for both trainings (`<|endoftext|>` and the alphabet included).
    public var vocabularySize: Int
    /// Runs per measurement; the median is reported.
    public var repeats: Int

    public init(vocabularySize: Int, repeats: Int = 3) {
        self.vocabularySize = vocabularySize
        self.repeats = max(1, repeats)
    }

    /// Loads the corpus at `url` both ways, then trains and encodes `repeats` times each.
    /// - Throws: any `BPEError` from loading or training (e.g. a vocabulary too small for it).
    public func run(on url: URL) throws -> Result {
        let bytes = try readFile(url)
        let file = try Corpus(utf8: bytes, documents: .file, source: url.path)
        let lines = try Corpus(utf8: bytes, documents: .lines, source: url.path)
        let trainer = TokenizerTrainer(vocabularySize: vocabularySize)

        let fileRuns = try (0..<repeats).map { _ in try trainer.train(on: file) }
        let linesRuns = try (0..<repeats).map { _ in try trainer.train(on: lines) }
        let fileMedian = median(of: fileRuns, by: \.summary.seconds)
        let linesMedian = median(of: linesRuns, by: \.summary.seconds)

        let tokenizer = fileMedian.tokenizer
        let clock = ContinuousClock()
        var encodings: [(seconds: Double, tokens: Int)] = []
        for _ in 0..<repeats {
            let start = clock.now
            let ids = try tokenizer.encode(file.text)
            encodings.append((seconds(clock.now - start), ids.count))
        }
        let encoding = median(of: encodings, by: \.seconds)
        return Result(corpusBytes: bytes.count, fileMode: fileMedian.summary, linesMode: linesMedian.summary,
                      encodingSeconds: encoding.seconds, encodedTokenCount: encoding.tokens)
    }
}

/// The element whose key is the median (the upper one of the middle two for an even count).
func median<T>(of values: [T], by key: (T) -> Double) -> T {
    let sorted = values.sorted { key($0) < key($1) }
    return sorted[sorted.count / 2]
}

/// A Duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}
