// Escaping and formatting: every hostile character handled, readable text left alone, and the
// numbers, durations and dates as the pages show them.

import Foundation
import Testing
@testable import Report

@Suite struct ReportTextTests {
    @Test("HTML escaping turns the five markup characters into entities and keeps the rest")
    func htmlEscaping() {
        #expect(ReportText.html("<script>alert('x') & \"y\"</script>")
                == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(ReportText.html("naïve ␣ 日本") == "naïve ␣ 日本")
    }

    @Test("Markdown escaping neutralises markup, keeps a cell on one line, and leaves plain words alone",
          arguments: zip([
              "a | b", "<b>x</b>", "*bold* and `code`", "_start", "learning_rate", "- item", "+ item", "# head",
              "1. first", "0.1", "line\nbreak", "&amp;", "$x$", "~~gone~~", "[a](b)", "---",
          ], [
              "a \\| b", "\\<b\\>x\\</b\\>", "\\*bold\\* and \\`code\\`", "\\_start", "learning_rate", "\\- item", "\\+ item",
              "\\# head", "1\\. first", "0.1", "line break", "\\&amp;", "\\$x\\$", "\\~\\~gone\\~\\~", "\\[a\\](b)", "\\---",
          ]))
    func markdownEscaping(text: String, expected: String) {
        #expect(ReportText.markdown(text) == expected)
    }

    @Test("inline code escapes table pipes and falls back to escaped text when it holds a backtick")
    func markdownCode() {
        #expect(ReportText.markdownCode("lr=0.1") == "`lr=0.1`")
        #expect(ReportText.markdownCode("a|b", inTable: true) == "`a\\|b`")
        #expect(ReportText.markdownCode("a`b") == "a\\`b")
        // A span with a space at both ends loses one of each, so it gets one more.
        #expect(ReportText.markdownCode(" x ") == "`  x  `")
    }

    @Test("a fenced block is longer than any backtick run inside, so the text cannot close it")
    func fencedBlock() {
        let text = "a ``` b\n````\nc"
        let block = ReportText.markdownBlock(text)
        let lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The longest run inside is 4 backticks, so the fence has 5.
        #expect(lines.first == "`````text")
        #expect(lines.last == "`````")
        #expect(lines.dropFirst().dropLast().joined(separator: "\n") == text)
        #expect(ReportText.markdownBlock("plain").hasPrefix("```text\nplain\n```"))
    }

    @Test("links percent-encode what would cut a URL short and keep run-id characters")
    func links() {
        #expect(ReportText.link(["runs", "lr=0.1_h=8-0a1b2c3d", "loss.png"]) == "runs/lr=0.1_h=8-0a1b2c3d/loss.png")
        #expect(ReportText.link(["runs", "my run #2?", "a\"b.png"]) == "runs/my%20run%20%232%3F/a%22b.png")
    }

    @Test("integers get thousands separators, losses four decimals, absent values a dash")
    func numbers() {
        #expect(ReportText.integer(23872) == "23,872")
        #expect(ReportText.integer(999) == "999")
        #expect(ReportText.integer(1_000_000) == "1,000,000")
        #expect(ReportText.loss(3.71234) == "3.7123")
        #expect(ReportText.loss(nil) == "–")
        #expect(ReportText.loss(.nan) == "NaN")
        #expect(ReportText.perplexity(40.94) == "40.9")
        #expect(ReportText.perplexity(12345.6) == "12,346")
        #expect(ReportText.number(1.0) == "1" && ReportText.number(0.03) == "0.03")
    }

    @Test("durations read as a person says them", arguments: zip([0.42, 12.4, 185, 3725, 90000], ["0.4s", "12s", "3m 05s", "1h 02m", "1d 01h"]))
    func durations(seconds: Double, expected: String) {
        #expect(ReportText.duration(seconds) == expected)
    }

    @Test("dates carry their offset from UTC")
    func dates() throws {
        let zone = try #require(TimeZone(secondsFromGMT: 3600))
        #expect(ReportText.date(Date(timeIntervalSince1970: 0), timeZone: zone) == "1970-01-01 01:00 +01:00")
    }

    @Test("run ids split into their readable part and hash; other names stay whole",
          arguments: zip(["lr=0.1-9f2c01ab", "a-0123456789abcdef", "run-9f2c01ab", "my-run", "x-9F2C01AB", "lr=0.1-9f2c01a"],
                         ["lr=0.1|9f2c01ab", "a|0123456789abcdef", "run-9f2c01ab|", "my-run|", "x-9F2C01AB|", "lr=0.1-9f2c01a|"]))
    func runIDs(id: String, expected: String) {
        let split = ReportText.splitRunID(id)
        #expect("\(split.readable)|\(split.hash ?? "")" == expected)
    }
}
