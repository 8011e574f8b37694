import ArgumentParser
import Foundation
import TestFolders
import Report
import Testing
import Sweep
@testable import tinylab

@Suite struct ValidateCommandTests {
    /// A folder with a small corpus and a 2 x 2 grid spec over it.
    private func specFolder() throws -> URL {
        let url = try temporaryDirectory()
        let words = ["one", "two", "three", "four", "five"]
        let text = (0 ..< 300).map { words[($0 * 7 + $0 / 5) % words.count] }.joined(separator: " ")
        try Data(text.utf8).write(to: url.appendingPathComponent("c.txt"))
        try Data("""
            {"name": "v", "corpus": "c.txt", "base": {"vocab_size": 20, "steps": 10},
             "grid": {"learning_rate": [0.1, 1.0], "hidden_size": [8, 100]}}
            """.utf8).write(to: url.appendingPathComponent("spec.json"))
        return url
    }

    @Test("validate parses its spec path and rejects --jobs 0 as users see it")
    func parsing() throws {
        let command = try #require(try TinyLab.parseAsRoot(["validate", "x.json", "--jobs", "3"]) as? ValidateCommand)
        #expect(command.spec == "x.json" && command.jobs == 3)
        do {
            _ = try TinyLab.parseAsRoot(["validate", "x.json", "--jobs", "0"])
            Issue.record("--jobs 0 was accepted")
        } catch {
            #expect(TinyLab.message(for: error) == "--jobs must be at least 1, got 0")
        }
    }

    @Test("the listing shows every run, its swept values in aligned columns, and the parameter total")
    func listing() throws {
        let folder = try specFolder()
        let spec = try SweepSpec.load(contentsOf: folder.appendingPathComponent("spec.json"))
        let command = try #require(try TinyLab.parseAsRoot(["validate", "spec.json"]) as? ValidateCommand)
        let text = command.listing(of: spec)
        #expect(text.contains("4 runs: 2 x 2 grid (learning_rate x hidden_size)"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("run ") })
        let table = Array(lines[header ... header + 4])
        // Each column starts at the same place on every line.
        let column = try #require(table[0].range(of: "learning_rate")?.lowerBound.utf16Offset(in: table[0]))
        for (row, run) in zip(table.dropFirst(), spec.runs) {
            #expect(row.hasPrefix(run.id))
            #expect(Array(row)[column] != " " && Array(row)[column - 1] == " ")
        }
        let total = spec.runs.map(\.shape.parameterCount).reduce(0, +)
        #expect(text.contains("parameters: \(ReportText.integer(total)) in all"))
    }
}
