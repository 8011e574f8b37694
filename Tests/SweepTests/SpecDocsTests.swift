// Docs/SPEC.md against the code: its table of run settings lists the settings table's keys in
// order with their defaults, and its worked error example is what the spec reader really says.

import Foundation
import TestFolders
import Testing
@testable import Sweep

@Suite struct SpecDocsTests {
    let text: String

    init() throws {
        text = try String(contentsOf: repositoryRoot.appendingPathComponent("Docs/SPEC.md"), encoding: .utf8)
    }

    /// The lines of the section that starts with `heading`, up to the next `## `.
    func section(_ heading: String) throws -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0 == heading })
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("## ") } ?? lines.endIndex
        return Array(lines[(start + 1) ..< end])
    }

    @Test("the table of run settings has every setting, in the table's order, with its default")
    func settingsTable() throws {
        // Cells split at `|`, but not at the escaped `\|` inside them.
        let rows = try section("## Run settings").filter { $0.hasPrefix("| `") }.map { row in
            row.replacingOccurrences(of: "\\|", with: "\u{1}").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        #expect(rows.map { $0[0] } == RunConfig.keys.map { "`\($0)`" })
        for (row, setting) in zip(rows, RunConfig.settings) {
            guard let value = setting.defaultText, setting.key != "corpus" else { continue }
            #expect(row[2] == "`\(value)`", "\(setting.key): the docs say \(row[2]), the table \(value)")
        }
    }

    @Test("the error example is the reader's own output for that spec")
    func errorExample() throws {
        let lines = try section("## Error messages")
        func block(from index: Int, fence: String) throws -> (lines: [Substring], end: Int) {
            let open = try #require(lines[index...].firstIndex { $0 == fence })
            let close = try #require(lines[(open + 1)...].firstIndex { $0 == "```" })
            return (Array(lines[(open + 1) ..< close]), close + 1)
        }
        let (specLines, end) = try block(from: lines.startIndex, fence: "```json")
        let spec = specLines.joined(separator: "\n")
        let output = try block(from: end, fence: "```").lines.filter { $0.hasPrefix("Experiments/bad.json:") }
        // The spec sits in a copy of Experiments/ so that its corpus path resolves.
        let folder = try temporaryDirectory()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("corpora"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Experiments/corpora/names.txt"),
                                         to: folder.appendingPathComponent("corpora/names.txt"))
        let url = folder.appendingPathComponent("bad.json")
        try Data(spec.utf8).write(to: url)
        let error = try #require(throws: SweepError.self) { try SweepSpec.load(contentsOf: url) }
        let said = error.problems.map { "Experiments/bad.json" + $0.description.dropFirst(url.relativePath.count) }
        #expect(said == output.map(String.init))
    }
}
