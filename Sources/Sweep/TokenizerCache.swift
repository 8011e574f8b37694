// Corpora and tokenizers shared by the runs of a sweep: each corpus is read once, and each
// tokenizer is trained, and the corpus encoded with it, once per (corpus, documents, vocab_size),
// even when parallel workers ask at the same moment. Checking a spec fills the cache; the runner
// then reuses it, so a run of a sweep spends its time training, not re-reading its corpus.
// Leaves out: the examples themselves (each run builds them for its context length and split).

import BPE
import Foundation
import MLP

/// Loads corpora and trains tokenizers at most once each; safe to use from many threads.
public final class TokenizerCache: @unchecked Sendable {
    struct CorpusKey: Hashable, Sendable {
        var path: String
        var documents: DocumentMode
    }

    struct TokenizerKey: Hashable, Sendable {
        var corpus: CorpusKey
        var vocabSize: Int
    }

    /// What a loaded corpus gives, computed once.
    struct LoadedCorpus: Sendable {
        let corpus: Corpus
        /// Distinct scalars of the documents (the tokenizer's alphabet), sorted.
        let alphabet: [UInt32]
        /// FNV-1a 64 of the file's bytes.
        let digest: UInt64
    }

    /// A corpus encoded with one tokenizer.
    struct EncodedCorpus: Sendable {
        /// Each document's token ids.
        let documents: [[Int32]]
        /// How often each token id occurs, <|endoftext|> once per document.
        let tokenCounts: [Int]
    }

    private let corpora = OnceMap<CorpusKey, LoadedCorpus>()
    private let tokenizers = OnceMap<TokenizerKey, Tokenizer>()
    private let encodings = OnceMap<TokenizerKey, EncodedCorpus>()

    public init() {}

    /// The corpus at `path`, split into documents, read on first use.
    /// - Throws: `BPEError.unreadableFile` or `.invalidUTF8` (with the byte offset).
    public func corpus(at path: String, documents: DocumentMode) throws -> Corpus {
        try loaded(CorpusKey(path: path, documents: documents)).corpus
    }

    /// The distinct characters of the corpus's documents: its tokenizer alphabet, without
    /// training. `vocab_size` must be at least one more than their number.
    public func alphabet(ofCorpusAt path: String, documents: DocumentMode) throws -> [Unicode.Scalar] {
        try loaded(CorpusKey(path: path, documents: documents)).alphabet.compactMap(Unicode.Scalar.init)
    }

    /// FNV-1a 64 digest of the corpus file's bytes; run ids include it, so that editing the
    /// corpus changes every id that depends on it.
    func contentDigest(ofCorpusAt path: String, documents: DocumentMode) throws -> UInt64 {
        try loaded(CorpusKey(path: path, documents: documents)).digest
    }

    /// The tokenizer of a run: trained on its corpus and documents to its vocab_size, once.
    /// - Throws: `BPEError`, e.g. `.vocabularyTooSmall` naming the smallest valid size.
    public func tokenizer(for config: RunConfig) throws -> Tokenizer {
        let key = tokenizerKey(config)
        return try tokenizers.value(for: key) {
            try TokenizerTrainer(vocabularySize: key.vocabSize).train(on: loaded(key.corpus).corpus).tokenizer
        }
    }

    /// The number of examples the run's corpus gives at its vocab_size: every token of every
    /// document plus one <|endoftext|> per document (DESIGN.md section 3).
    public func exampleCount(for config: RunConfig) throws -> Int {
        try encoded(for: config).tokenCounts.reduce(0, +)
    }

    /// The number of documents of the run's corpus.
    public func documentCount(for config: RunConfig) throws -> Int {
        try encoded(for: config).documents.count
    }

    /// The run's corpus encoded with its tokenizer, once per (corpus, documents, vocab_size).
    func encoded(for config: RunConfig) throws -> EncodedCorpus {
        let key = tokenizerKey(config)
        return try encodings.value(for: key) {
            let tokenizer = try tokenizer(for: config)
            let documents = try tokenizer.encode(loaded(key.corpus).corpus)
            var counts = [Int](repeating: 0, count: tokenizer.vocabularySize)
            counts[0] = documents.count
            for document in documents { for id in document { counts[Int(id)] += 1 } }
            return EncodedCorpus(documents: documents, tokenCounts: counts)
        }
    }

    private func tokenizerKey(_ config: RunConfig) -> TokenizerKey {
        TokenizerKey(corpus: CorpusKey(path: config.corpus, documents: config.documents), vocabSize: config.model.vocabularySize)
    }

    /// How many tokenizers have been trained (each key counts once, failures included).
    var trainedTokenizerCount: Int { tokenizers.count }

    private func loaded(_ key: CorpusKey) throws -> LoadedCorpus {
        try corpora.value(for: key) {
            let corpus = try Corpus.load(contentsOf: URL(fileURLWithPath: key.path), documents: key.documents)
            let alphabet = Set(corpus.scalars).sorted()
            return LoadedCorpus(corpus: corpus, alphabet: alphabet, digest: fnv1a64(corpus.text.utf8))
        }
    }
}

/// A map whose values are computed at most once per key, with a lock per key so that slow
/// computations for different keys run in parallel while a second caller of the same key waits.
final class OnceMap<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private final class Slot: @unchecked Sendable {
        let lock = NSLock()
        var result: Result<Value, any Error>?
    }

    private let lock = NSLock()
    private var slots: [Key: Slot] = [:]

    /// The value for `key`, computing it with `make` if no caller has; a thrown error is kept
    /// and thrown again to later callers.
    func value(for key: Key, _ make: () throws -> Value) throws -> Value {
        lock.lock()
        let slot = slots[key] ?? Slot()
        slots[key] = slot
        lock.unlock()

        slot.lock.lock()
        defer { slot.lock.unlock() }
        if let result = slot.result { return try result.get() }
        let result = Result { try make() }
        slot.result = result
        return try result.get()
    }

    /// The number of keys asked for so far.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return slots.count
    }
}

/// FNV-1a 64 of `bytes` (MLP's FNV1a64).
func fnv1a64<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
    var hash = FNV1a64()
    hash.add(bytes)
    return hash.value
}
