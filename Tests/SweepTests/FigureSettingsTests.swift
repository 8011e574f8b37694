// A spec's `figures` setting: read into the size and SVG choice, and every mistake in it a
// problem naming its key path and what to write instead.

import Foundation
import Testing
@testable import Sweep

@Suite struct FigureSettingsTests {
    @Test("figures.size and figures.svg reach the loaded spec; a spec without them asks for nothing")
    func read() throws {
        let folder = try SpecFolder(spec: #"{"name": "f", "corpus": "corpus.txt", "base": {"vocab_size": 30}, "figures": {"size": "column", "svg": true}}"#)
        #expect(try folder.load().figures == FigureSettings(size: "column", svg: true))
        try folder.write(#"{"name": "f", "corpus": "corpus.txt", "base": {"vocab_size": 30}}"#)
        #expect(try folder.load().figures == FigureSettings())
    }

    @Test("a mistake in figures names the key and what it expects", arguments: zip([
        #"{"name": "f", "corpus": "corpus.txt", "figures": {"size": "colum"}}"#,
        #"{"name": "f", "corpus": "corpus.txt", "figures": {"size": 300}}"#,
        #"{"name": "f", "corpus": "corpus.txt", "figures": {"svg": "yes"}}"#,
        #"{"name": "f", "corpus": "corpus.txt", "figures": {"dpi": 300}}"#,
        #"{"name": "f", "corpus": "corpus.txt", "figures": "column"}"#,
    ], [
        ["figures.size", #"expected one of "screen", "column", "page", found "colum"; did you mean "column"?"#],
        ["figures.size", "found an integer 300"],
        ["figures.svg", #"expected true or false, found a string "yes""#],
        ["figures.dpi", #"unknown key "dpi" in `figures`"#],
        ["figures", "expected `figures` to be an object"],
    ]))
    func mistakes(text: String, expected: [String]) throws {
        let folder = try SpecFolder(spec: text)
        let error = try #require(throws: SweepError.self) { try folder.load() }
        #expect(error.problems.count == 1, "\(error)")
        for part in expected { #expect(error.description.contains(part), "\(error)") }
    }
}
