import Foundation
import Testing
@testable import Sweep

@Suite struct SpecExpansionTests {
    @Test("a grid expands in the order written, first axis slowest, seeds innermost")
    func gridOrder() throws {
        let folder = try SpecFolder(spec: """
            {"name": "g", "corpus": "corpus.txt", "base": {"vocab_size": 30, "seed": 9},
             "grid": {"embedding_dim": [4, 8], "context_length": [1, 2, 3]}, "seeds": [1, 2]}
            """)
        let spec = try folder.load()
        // 2 embedding dims x 3 context lengths x 2 seeds = 12 runs.
        #expect(spec.runs.count == 12)
        #expect(spec.sweptKeys == ["embedding_dim", "context_length", "seed"])
        #expect(spec.layout == "2 x 3 grid (embedding_dim x context_length) x 2 seeds")
        let values = spec.runs.map { "\($0.config.model.embeddingDim),\($0.config.model.contextLength),\($0.config.training.seed)" }
        #expect(values == ["4,1,1", "4,1,2", "4,2,1", "4,2,2", "4,3,1", "4,3,2",
                           "8,1,1", "8,1,2", "8,2,1", "8,2,2", "8,3,1", "8,3,2"])
        #expect(spec.runs[3].swept.map(\.key) == ["embedding_dim", "context_length", "seed"])
        #expect(spec.runs[3].swept.map(\.value) == ["4", "2", "2"])
        // The base seed 9 is replaced by each of `seeds`.
        #expect(!spec.runs.contains { $0.config.training.seed == 9 })
    }

    @Test("swapping the order of two grid axes swaps the expansion order")
    func axisOrderMatters() throws {
        let folder = try SpecFolder(spec: """
            {"name": "g", "corpus": "corpus.txt", "base": {"vocab_size": 30},
             "grid": {"context_length": [1, 2], "embedding_dim": [4, 8]}}
            """)
        let values = try folder.load().runs.map { "\($0.config.model.contextLength),\($0.config.model.embeddingDim)" }
        #expect(values == ["1,4", "1,8", "2,4", "2,8"])
    }

    @Test("a random search gives the same runs from the same spec, each value in its range")
    func randomReproducible() throws {
        let text = """
            {"name": "r", "corpus": "corpus.txt", "base": {"vocab_size": 30},
             "random": {"count": 12, "seed": 3,
                        "learning_rate": {"log_uniform": [0.01, 1]},
                        "validation_fraction": {"uniform": [0.1, 0.3]},
                        "hidden_size": {"choice": [16, 32]},
                        "context_length": {"int_uniform": [2, 5]},
                        "embedding_dim": {"log_uniform": [2, 16]}}}
            """
        let first = try SpecFolder(spec: text).load()
        let second = try SpecFolder(spec: text).load()
        #expect(first.runs.map(\.config.training.learningRate) == second.runs.map(\.config.training.learningRate))
        #expect(first.runs.map(\.id) == second.runs.map(\.id))
        #expect(first.runs.count == 12)
        #expect(first.sweptKeys == ["learning_rate", "validation_fraction", "hidden_size", "context_length", "embedding_dim"])
        for run in first.runs {
            let c = run.config
            #expect(c.training.learningRate >= 0.01 && c.training.learningRate <= 1)
            #expect(c.validation.fraction >= 0.1 && c.validation.fraction <= 0.3)
            #expect([16, 32].contains(c.model.hiddenSize))
            #expect((2 ... 5).contains(c.model.contextLength))
            #expect((2 ... 16).contains(c.model.embeddingDim))
            // Drawn numbers keep 4 significant digits, so the id and the table show the value used.
            #expect(Double(String(format: "%.4g", c.training.learningRate)) == c.training.learningRate)
        }
        // Twelve draws of log-uniform learning rates: not all the same.
        #expect(Set(first.runs.map(\.config.training.learningRate)).count > 1)
    }

    @Test("a different search seed draws different runs")
    func randomSeedMatters() throws {
        func rates(seed: Int) throws -> [Double] {
            try SpecFolder(spec: """
                {"name": "r", "corpus": "corpus.txt", "base": {"vocab_size": 30},
                 "random": {"count": 4, "seed": \(seed), "learning_rate": {"uniform": [0.01, 1]}}}
                """).load().runs.map(\.config.training.learningRate)
        }
        #expect(try rates(seed: 1) != rates(seed: 2))
    }

    @Test("random draws are distinct configurations, times the seeds")
    func randomDistinct() throws {
        let spec = try SpecFolder(spec: """
            {"name": "r", "corpus": "corpus.txt", "base": {"vocab_size": 30},
             "random": {"count": 4, "hidden_size": {"choice": [16, 32]}, "embedding_dim": {"choice": [2, 4]}},
             "seeds": [5, 6]}
            """).load()
        // Only 2 x 2 = 4 combinations exist, and all four are drawn, each with both seeds.
        #expect(spec.runs.count == 8)
        #expect(Set(spec.runs.map { "\($0.config.model.hiddenSize),\($0.config.model.embeddingDim)" }).count == 4)
        #expect(spec.runs.map(\.config.training.seed) == [5, 6, 5, 6, 5, 6, 5, 6])
        #expect(spec.layout == "random search: 4 draws (seed 0) x 2 seeds")
    }

    @Test("the corpus can be a grid axis; each corpus is resolved from the spec's folder")
    func corpusAxis() throws {
        let folder = try SpecFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("more"), withIntermediateDirectories: true)
        try Data(SpecFolder.corpusText.uppercased().utf8).write(to: folder.url.appendingPathComponent("more/other.txt"))
        try folder.write("""
            {"name": "c", "base": {"vocab_size": 20}, "grid": {"corpus": ["corpus.txt", "more/other.txt"]}}
            """)
        let spec = try folder.load()
        #expect(spec.runs.map(\.config.corpus) == [folder.url.appendingPathComponent("corpus.txt").standardizedFileURL.path,
                                                   folder.url.appendingPathComponent("more/other.txt").standardizedFileURL.path])
        #expect(spec.runs.map { $0.swept.first?.value } == ["corpus.txt", "more/other.txt"])
        #expect(spec.runs[1].id.hasPrefix("corpus=other-"))
    }

    @Test("runs sharing corpus, documents and vocab_size train one tokenizer, which the cache keeps")
    func tokenizerShared() throws {
        let folder = try SpecFolder(spec: """
            {"name": "t", "corpus": "corpus.txt",
             "grid": {"vocab_size": [20, 30], "learning_rate": [0.1, 0.2, 0.3]}}
            """)
        let cache = TokenizerCache()
        let spec = try folder.load(tokenizers: cache)
        #expect(spec.runs.count == 6)
        #expect(cache.trainedTokenizerCount == 2)
        let tokenizer = try cache.tokenizer(for: spec.runs[0].config)
        #expect(cache.trainedTokenizerCount == 2)
        #expect(spec.runs[0].shape.vocabularySize == tokenizer.vocabularySize)
        #expect(spec.runs[0].trainingExamples + spec.runs[0].validationExamples == (try cache.exampleCount(for: spec.runs[0].config)))
    }

    @Test("in lines mode the prompt cannot contain a newline, which no document has")
    func promptNewline() throws {
        let folder = try SpecFolder(spec: """
            {"name": "p", "corpus": "corpus.txt", "documents": "lines", "base": {"vocab_size": 30}, "sample": {"prompt": "a\\n"}}
            """)
        let error = try #require(throws: SweepError.self) { try folder.load() }
        #expect(error.problems.map(\.path) == ["sample.prompt"])
        #expect(error.description.contains("character 2 of the prompt, a newline"))
    }

    @Test("two corpus files with the same text are the same run, reported rather than run twice")
    func identicalRuns() throws {
        let folder = try SpecFolder()
        try Data(SpecFolder.corpusText.utf8).write(to: folder.url.appendingPathComponent("copy.txt"))
        try folder.write("""
            {"name": "i", "base": {"vocab_size": 30}, "grid": {"corpus": ["corpus.txt", "copy.txt"]}}
            """)
        let error = try #require(throws: SweepError.self) { try folder.load() }
        #expect(error.description.contains("runs 1 and 2"))
    }
}
