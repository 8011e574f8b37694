// Reading spec.json for a report: values as written, axes in the order written, the planned run
// count, and nothing at all from a file that is not a spec.

import Foundation
import TestFolders
import Plot
import Sweep
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
        #expect(spec.axes.map(\.distributionKind) == ["log_uniform", "choice", "int_uniform", "uniform"])
        // How the figures read each setting follows from the distribution: a range, log-scaled when drawn so.
        let runs = (0..<5).map { i -> SweepRun in
            let values: [String: AxisValue] = [
                "learning_rate": .number(0.03 * Double(i + 1)), "hidden_size": .number(32),
                "context_length": .number(Double(2 + i)), "validation_fraction": .number(0.05 + 0.01 * Double(i)),
            ]
            return SweepRun(id: "\(i)", values: values, seed: 1, validation: [], finalValidationLoss: 2)
        }
        let scales = SweepFigures.scales(axes: spec.axes.map(\.key), runs: runs, spec: spec)
        #expect(scales["learning_rate"] == SettingScale.continuous(log: true))
        #expect(scales["validation_fraction"] == SettingScale.continuous(log: false))
        // int_uniform over at most 12 values and choice are a few values.
        #expect(scales["context_length"] == SettingScale.discrete && scales["hidden_size"] == SettingScale.discrete)
    }

    @Test("the figures setting is read as written; anything else in it is ignored")
    func figures() throws {
        let spec = try #require(try summary(#"{"name": "f", "figures": {"size": "page", "svg": true}}"#))
        #expect(spec.figures == FigureSettings(size: "page", svg: true))
        let odd = try #require(try summary(#"{"name": "f", "figures": {"size": "poster", "svg": "yes"}}"#))
        #expect(odd.figures == FigureSettings())
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
