// Reading spec.json for a report: values as written, axes in the order written, the planned run
// count, and nothing at all from a file that is not a spec.

import Foundation
import Testing
@testable import Report

@Suite struct SpecSummaryTests {
    private func summary(_ text: String) throws -> SpecSummary? {
        let url = try temporaryDirectory().appendingPathComponent("spec.json")
        try Data(text.utf8).write(to: url)
        return SpecSummary(contentsOf: url)
    }

    @Test("a grid spec keeps its literals and key order; runs = 4 x 3 x 2 seeds = 24")
    func grid() throws {
        let spec = try #require(try summary("""
            {"name": "g", "description": "d", "corpus": "corpora/stories.txt", "documents": "lines",
             "base": {"vocab_size": 256, "learning_rate": 1.0},
             "grid": {"learning_rate": [0.03, 0.1, 0.3, 1.0], "embedding_dim": [4, 8, 16]},
             "seeds": [1, 2], "sample": {"prompt": "The ", "tokens": 20}}
            """))
        #expect(spec.name == "g" && spec.description == "d")
        #expect(spec.corpus == "corpora/stories.txt" && spec.documents == "lines")
        #expect(spec.base.map(\.key) == ["vocab_size", "learning_rate"])
        #expect(spec.base.map(\.value) == ["256", "1.0"])
        #expect(spec.axes.map(\.key) == ["learning_rate", "embedding_dim"])
        #expect(spec.axes[0].values == ["0.03", "0.1", "0.3", "1.0"])
        #expect(spec.axes.allSatisfy { $0.distribution == nil })
        #expect(spec.seeds == ["1", "2"])
        #expect(spec.sample.map(\.value) == ["\"The \"", "20"])
        #expect(spec.plannedRuns == 24)
    }

    @Test("a random search describes each distribution in words; runs = 5 draws x 3 seeds = 15")
    func random() throws {
        let spec = try #require(try summary("""
            {"name": "r", "corpus": "c.txt", "seeds": [1, 2, 3],
             "random": {"count": 5, "seed": 7, "learning_rate": {"log_uniform": [0.03, 1.0]},
                        "hidden_size": {"choice": [32, 64]}, "context_length": {"int_uniform": [2, 8]},
                        "validation_fraction": {"uniform": [0.05, 0.2]}}}
            """))
        #expect(spec.random?.count == 5 && spec.random?.seed == "7")
        #expect(spec.axes.map(\.distribution) == [
            "log-uniform from 0.03 to 1.0", "one of 32, 64", "an integer from 2 to 8", "uniform from 0.05 to 0.2",
        ])
        #expect(spec.plannedRuns == 15)
    }

    @Test("a spec without grid or seeds plans one run")
    func single() throws {
        #expect(try summary("{\"name\": \"one\", \"corpus\": \"c.txt\"}")?.plannedRuns == 1)
    }

    @Test("a missing file, broken JSON or a JSON array give no summary", arguments: ["{\"name\": ", "[1, 2]"])
    func notASpec(text: String) throws {
        #expect(try summary(text) == nil)
        #expect(SpecSummary(contentsOf: URL(fileURLWithPath: "/nonexistent/spec.json")) == nil)
    }
}
