import Foundation
import TestFolders
import JSON
import Testing
@testable import Sweep

/// A folder holding `corpus.txt` and, when given, `spec.json`.
struct SpecFolder {
    let url: URL

    /// 400 words drawn from eight by a fixed linear congruential sequence, eight to a line. Its
    /// alphabet is the 12 letters of "cat sat on mat the a dog ran" (c a t s o n m h e d g r)
    /// plus space and newline: 14 characters, so the smallest valid vocab_size is 15.
    static let corpusText: String = {
        let words = ["cat", "sat", "on", "mat", "the", "a", "dog", "ran"]
        var state: UInt32 = 12345
        var text = ""
        for i in 1 ... 400 {
            state = state &* 1_103_515_245 &+ 12345
            text += words[Int(state >> 16) % words.count] + (i % 8 == 0 ? "\n" : " ")
        }
        return text
    }()

    init(spec: String? = nil) throws {
        url = try temporaryDirectory()
        try Data(Self.corpusText.utf8).write(to: url.appendingPathComponent("corpus.txt"))
        if let spec { try write(spec) }
    }

    var specURL: URL { url.appendingPathComponent("spec.json") }

    func write(_ spec: String, to name: String = "spec.json") throws {
        try Data(spec.utf8).write(to: url.appendingPathComponent(name))
    }

    func load(tokenizers: TokenizerCache = TokenizerCache()) throws -> SweepSpec {
        try SweepSpec.load(contentsOf: specURL, tokenizers: tokenizers)
    }
}

@Suite struct SweepSpecTests {
    @Test("settings the spec leaves out take RunConfig's defaults, and the corpus path is resolved")
    func defaults() throws {
        let folder = try SpecFolder(spec: #"{"name": "d", "corpus": "corpus.txt", "base": {"vocab_size": 40, "steps": 10}}"#)
        let spec = try folder.load()
        #expect(spec.name == "d")
        let run = try #require(spec.runs.first)
        var expected = RunConfig()
        expected.corpus = folder.url.appendingPathComponent("corpus.txt").standardizedFileURL.path
        expected.model.vocabularySize = 40
        expected.training.steps = 10
        #expect(run.config == expected)
        #expect(run.sample == SampleConfig())
        #expect(spec.runs.count == 1 && run.swept.isEmpty && spec.sweptKeys.isEmpty)
        #expect(run.id.hasPrefix("run-"))
        #expect(run.shape.vocabularySize <= 40)
    }

    @Test("the sample object sets what each run generates")
    func sample() throws {
        let folder = try SpecFolder(spec: """
            {"name": "s", "corpus": "corpus.txt", "base": {"vocab_size": 30},
             "sample": {"prompt": "the ", "tokens": 12, "temperature": 0, "top_k": 3}}
            """)
        #expect(try folder.load().runs.first?.sample == SampleConfig(prompt: "the ", tokens: 12, temperature: 0, topK: 3))
    }

    @Test("ids are the same on every load and differ between runs")
    func stableIDs() throws {
        let folder = try SpecFolder(spec: """
            {"name": "ids", "corpus": "corpus.txt", "base": {"vocab_size": 30},
             "grid": {"learning_rate": [0.1, 0.3], "embedding_dim": [2, 4]}, "seeds": [1, 2]}
            """)
        let first = try folder.load().runs.map(\.id)
        let second = try folder.load().runs.map(\.id)
        #expect(first == second)
        #expect(Set(first).count == 8)
        #expect(first[0].hasPrefix("learning_rate=0.1_embedding_dim=2_seed=1-"))
    }

    @Test("editing the corpus changes every id; moving the spec and corpus together does not")
    func corpusContentInID() throws {
        let spec = #"{"name": "c", "corpus": "corpus.txt", "base": {"vocab_size": 30}}"#
        let folder = try SpecFolder(spec: spec)
        let before = try #require(folder.load().runs.first?.id)
        let moved = try SpecFolder(spec: spec)
        #expect(try moved.load().runs.first?.id == before)
        try Data((SpecFolder.corpusText + "a cat\n").utf8).write(to: folder.url.appendingPathComponent("corpus.txt"))
        let after = try #require(folder.load().runs.first?.id)
        #expect(after != before)
    }

    @Test("a spec that is not there or is a folder says so")
    func missingSpec() throws {
        let folder = try SpecFolder()
        let error = try #require(throws: SweepError.self) { try folder.load() }
        #expect(error.description.contains("spec.json: no such file"))
        let dirError = try #require(throws: SweepError.self) { try SweepSpec.load(contentsOf: folder.url) }
        #expect(dirError.description.contains("is a directory"))
    }

    // MARK: - The catalogue of bad specs

    /// Each bad spec, and what its message must say. Every spec is complete apart from its one
    /// mistake, so the message can only come from that mistake.
    static let badSpecs: [String] = [
        #"{"name": "t", "corpus": "corpus.txt", "gird": {"steps": [1, 2]}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"hiden_size": 32}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"learning_rate": "fast"}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"hidden_size": 0.5}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"steps": "8"}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "grid": {"learning_rate": []}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "grid": {"learning_rate": [0.1, 0.3, "x"]}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "grid": {"steps": [1]}, "random": {"count": 2, "steps": {"choice": [1, 2]}}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "seeds": [1, -2]}"#,
        #"{"name": "t", "corpus": "corpus.txt", "grid": {"seed": [1, 2]}, "seeds": [3]}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"vocab_size": 5}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"vocab_size": 30, "context_length": 100000}}"#,
        #"{"name": "t", "corpus": "missing.txt"}"#,
        #"{"name": "t", "corpus": "latin1.txt"}"#,
        #"{"name": "../x", "corpus": "corpus.txt"}"#,
        #"{"name": "a/b", "corpus": "corpus.txt"}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"batch_size": 0}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"steps": -5}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "random": {"count": 3, "min_learning_rate": {"log_uniform": [0, 0.01]}}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "documents": "paragraphs"}"#,
        "{\"name\": \"t\",\n \"corpus\": \"corpus.txt\"\n \"base\": {}}",
        #"{"name": "t", "corpus": "corpus.txt", "sample": {"temprature": 0.5}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"vocab_size": 30}, "sample": {"prompt": "The "}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "grid": {"embedding_dim": [4, 4]}}"#,
        #"{"corpus": "corpus.txt"}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"corpus": "other.txt"}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "steps": 100}"#,
        #"{"name": "t", "corpus": "corpus.txt", "random": {"learning_rate": {"uniform": [0.1, 1]}}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "random": {"count": 2, "lr_schedule": {"uniform": [0, 1]}}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "random": {"count": 9, "documents": {"choice": ["file", "lines"]}}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"validation_fraction": 1.5}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"hidden_size": 10000000}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"batch_size": 1000000000}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"hidden_size": 1000000000000000000}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "documents": "file", "base": {"split": "shuffled"}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "grid": {"steps": [100, 200]}, "halving": {"min_steps": 10}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"steps": 100}, "halving": {"min_steps": 100}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "halving": {"min_steps": 10, "reduction": 1}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "halving": {"reduction": 3}}"#,
        #"{"name": "t", "corpus": "corpus.txt", "base": {"patience": 0}}"#,
    ]

    static let expectedMessages: [[String]] = [
        ["spec.json:1:39: gird", "did you mean \"grid\"?"],
        ["base.hiden_size", "did you mean \"hidden_size\"?"],
        ["base.learning_rate", "expected a number, found a string \"fast\""],
        ["base.hidden_size", "expected an integer, found a number 0.5"],
        ["base.steps", "write numbers without quotes"],
        ["grid.learning_rate", "expected a non-empty array", "found an empty array"],
        ["grid.learning_rate[2]", "expected a number, found a string \"x\""],
        ["random", "either `grid` or `random`, not both"],
        ["seeds[1]", "expected a non-negative integer, found -2"],
        ["grid.seed", "cannot be a grid axis when `seeds` is given"],
        ["base.vocab_size", "vocab_size 5 is too small", "smallest valid vocab_size is 15"],
        ["base.context_length", "context_length 100000 is longer than the training split"],
        ["corpus", "missing.txt", "no such file", "relative to the spec's folder"],
        ["corpus", "latin1.txt", "not valid UTF-8", "byte 0xE9 at byte offset 3"],
        ["name", "\"../x\"", "outside its own folder"],
        ["name", "\"a/b\"", "outside its own folder"],
        ["base.batch_size", "must be a positive integer, got 0"],
        ["base.steps", "must be a positive integer, got -5"],
        ["random.min_learning_rate.log_uniform", "lo > 0"],
        ["documents", "expected one of \"file\", \"lines\", found \"paragraphs\""],
        ["spec.json:3:2: ", "expected `,` or `}` after the value of \"corpus\""],
        ["sample.temprature", "did you mean \"temperature\"?"],
        ["sample.prompt", "'T' (U+0054)", "not in the alphabet"],
        ["grid.embedding_dim[1]", "4 repeats grid.embedding_dim[0]"],
        ["name", "missing"],
        ["base.corpus", "goes at the top level"],
        ["steps", "run settings go in `base`"],
        ["random.count", "missing"],
        ["random.lr_schedule.uniform", "can only be drawn with {\"choice\": [...]}"],
        ["random.count", "only 2 distinct configurations"],
        ["base.validation_fraction", "must be between 0 and 1"],
        ["base.hidden_size", "hidden_size 10000000 makes a run that needs", "this machine can give", "use a smaller hidden_size"],
        ["base.batch_size", "batch_size 1000000000 makes a run that needs", "use a smaller batch_size"],
        ["base.hidden_size", "hidden_size 1000000000000000000 makes a run that needs"],
        ["base.split", "shuffled needs `documents: lines`"],
        ["grid.steps", "cannot be swept in a halving spec", "set it in `base`"],
        ["halving.min_steps", "min_steps 100 must be below steps (100)"],
        ["halving.reduction", "must be at least 2", "got 1"],
        ["halving.min_steps", "missing"],
        ["base.patience", "must be a positive integer, got 0"],
    ]

    @Test("every bad spec is rejected with a message naming the file, the key path and what was expected",
          arguments: zip(badSpecs, expectedMessages))
    func badSpec(text: String, expected: [String]) throws {
        let folder = try SpecFolder(spec: text)
        // "café" in Latin-1: the é is the single byte 0xE9 at byte offset 3.
        try Data([0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: folder.url.appendingPathComponent("latin1.txt"))
        let error = try #require(throws: SweepError.self) { try folder.load() }
        #expect(error.problems.count == 1, "\(error)")
        let message = error.description
        #expect(message.hasPrefix(folder.specURL.path), "\(message)")
        for part in expected {
            #expect(message.contains(part), "\(message)")
        }
    }

    @Test("the catalogue covers at least 15 different mistakes")
    func catalogueSize() {
        #expect(Self.badSpecs.count == Self.expectedMessages.count)
        #expect(Self.badSpecs.count >= 15)
    }

    @Test("all problems are reported together, in file order, before any run starts")
    func manyProblems() throws {
        let folder = try SpecFolder(spec: """
            {
              "name": "many",
              "corpus": "corpus.txt",
              "gird": {},
              "base": {"vocab_size": 5, "batch_size": 0, "learningRate": 0.1},
              "grid": {"context_length": [2, "3"]}
            }
            """)
        let error = try #require(throws: SweepError.self) { try folder.load() }
        let lines = error.description.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(error)")
        let paths = error.problems.map(\.path)
        #expect(paths == ["gird", "base.batch_size", "base.learningRate", "grid.context_length[1]", "base.vocab_size"])
        #expect(error.problems.first?.position == SourcePosition(line: 4, column: 3))
        #expect(error.problems[1].position == SourcePosition(line: 5, column: 43))
        // One problem per line, each starting with the file.
        #expect(lines.allSatisfy { $0.hasPrefix(folder.specURL.path + ":") })
    }

    @Test("a problem shared by many runs is reported once")
    func deduplicated() throws {
        let folder = try SpecFolder(spec: """
            {"name": "d", "corpus": "corpus.txt", "base": {"vocab_size": 5}, "grid": {"learning_rate": [0.1, 0.2, 0.3]}, "seeds": [1, 2]}
            """)
        let error = try #require(throws: SweepError.self) { try folder.load() }
        #expect(error.problems.count == 1)
        #expect(error.problems.first?.path == "base.vocab_size")
    }

    @Test("a value swept by the grid is blamed on its own grid entry")
    func blamesGridEntry() throws {
        let folder = try SpecFolder(spec: """
            {"name": "g", "corpus": "corpus.txt", "grid": {"vocab_size": [30, 7]}}
            """)
        let error = try #require(throws: SweepError.self) { try folder.load() }
        #expect(error.problems.map(\.path) == ["grid.vocab_size[1]"])
        // `{"name": "g", "corpus": "corpus.txt", "grid": {"vocab_size": [30, 7]}}`: the 7 is at column 67.
        #expect(error.problems.first?.position == SourcePosition(line: 1, column: 67))
    }
}
