// report.md as GitHub shows it: the runs table in loss order with every problem run marked, user
// text that cannot break the table or inject markup, and image links that resolve to files.

import Foundation
import TestFolders
import Testing
@testable import Report
@testable import Sweep

/// The page with fenced code blocks removed: what GitHub parses as Markdown.
func outsideFences(_ page: String) -> [String] {
    var lines: [String] = []
    var fence: String?
    for line in page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if let open = fence {
            if line == open { fence = nil }
        } else if line.hasPrefix("```") {
            fence = String(line.prefix { $0 == "`" })
        } else {
            lines.append(line)
        }
    }
    return lines
}

/// How often `character` occurs without a backslash before it.
func unescaped(_ character: Character, in text: String) -> Int {
    var count = 0
    var previous: Character = " "
    for c in text {
        if c == character, previous != "\\" { count += 1 }
        previous = c
    }
    return count
}

/// Pipes GitHub splits table cells on: those without a backslash before them.
func cellSeparators(_ line: String) -> Int {
    unescaped("|", in: line)
}

@Suite struct MarkdownReportTests {
    @Test("the runs table lists every run in loss order, problem runs with their step or message")
    func table() throws {
        let report = SweepReport(folder: try sharedFixture.get())
        let page = MarkdownReport.render(report)
        let lines = outsideFences(page)
        let header = try #require(lines.firstIndex { $0.hasPrefix("| # |") })
        let rows = lines[(header + 2)...].prefix { $0.hasPrefix("| ") }
        #expect(rows.count == 6)
        let ids = rows.compactMap { row in row.range(of: "](runs/").map { String(row[$0.upperBound...].prefix { $0 != "/" }) } }
        #expect(ids == [FixtureRun.best, FixtureRun.middle, FixtureRun.worst, FixtureRun.diverged, FixtureRun.interrupted, FixtureRun.failed])
        // Every row has as many cells as the header, whatever its text holds.
        #expect(rows.allSatisfy { cellSeparators($0) == cellSeparators(lines[header]) })
        let best = try #require(rows.first)
        #expect(best.hasPrefix("| **1** | 0.6 | completed | **"))
        let step = try #require(report.rows.first { $0.id == FixtureRun.diverged }?.record.divergedAtStep)
        #expect(rows.contains { $0.contains("**diverged**") && $0.contains("diverged at step \(step) ") })
        #expect(rows.contains { $0.contains("**failed**") && $0.contains("cannot be read \\| \\<b\\>permission\\</b\\> denied check the file") })
        #expect(rows.contains { $0.contains("**interrupted**") && $0.contains("interrupted at step 10 of 30") })
    }

    @Test("user text outside code blocks is escaped: no raw tag, link or line break gets through")
    func escaping() throws {
        let page = MarkdownReport.render(SweepReport(folder: try sharedFixture.get()))
        let markdown = outsideFences(page).joined(separator: "\n")
        #expect(unescaped("<", in: markdown) == 0 && unescaped("[", in: markdown) == unescaped("]", in: markdown))
        #expect(markdown.contains("\\<script\\>alert('x')\\</script\\> \\| \\*a\\* \\& \\`b\\` \\`\\`\\` \\</div\\> \\&amp; \\[link\\](http://x)"))
    }

    @Test("the best run's sample is fenced verbatim, behind a fence its backticks cannot close")
    func sample() throws {
        let page = MarkdownReport.render(SweepReport(folder: try sharedFixture.get()))
        let text = "the <script>alert('x')</script>\n```\n| a |"
        #expect(page.contains("````text\n" + text + "\n````"))
        #expect(page.contains("mean token probability 0.44"))  // (0.9 + 0.3 + 0.5 + 0.06) / 4 = 0.44
    }

    @Test("every image and run link points at a file or folder of the sweep")
    func links() throws {
        let folder = try sharedFixture.get()
        let page = MarkdownReport.render(SweepReport(folder: folder))
        // Link targets: `](target)` after an unescaped `]`.
        let pattern = try NSRegularExpression(pattern: #"(?<!\\)\]\(([^)]*)\)"#)
        let targets = pattern.matches(in: page, range: NSRange(page.startIndex..., in: page)).compactMap { match in
            Range(match.range(at: 1), in: page).map { String(page[$0]) }
        }
        #expect(targets.count >= 6 + 2 + 3 * 3)  // 6 runs, 2 sweep figures, 3 figures of each best run
        for target in targets {
            let path = try #require(target.removingPercentEncoding)
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path), "\(target)")
        }
        #expect(page.contains("![Validation loss of every run during training](figures/validation-curves.png)"))
    }

    @Test("the facts list says what ran, that the sweep is unfinished, and names the best run")
    func facts() throws {
        let page = MarkdownReport.render(SweepReport(folder: try sharedFixture.get()), timeZone: TimeZone(secondsFromGMT: 0) ?? .current)
        #expect(page.hasPrefix("# fixture\n\n"))
        #expect(page.contains("- **Corpus:** `corpus.txt` (documents: file)"))
        #expect(page.contains("- **Swept:**\n  - `learning_rate` 0.6, 0.3, 0.1, 5000, 0.2, 0.4\n"))
        #expect(page.contains("- **Runs:** 6 planned, 6 with results: 3 completed, 1 diverged, 1 failed, 1 interrupted"))
        #expect(page.contains("- **Best:** `\(FixtureRun.best)`, val loss "))
        #expect(page.contains("- **Unfinished:**"))
        #expect(page.contains("+00:00 to "))
        #expect(page.contains("## The best 3 runs"))
    }

    @Test("what mattered comes first: each setting's share in words, what was left out, and its figure")
    func mattered() throws {
        let page = MarkdownReport.render(SweepReport(folder: try sharedFixture.get()))
        let mattered = try #require(page.range(of: "## What mattered"))
        let figures = try #require(page.range(of: "## Figures"))
        #expect(mattered.lowerBound < figures.lowerBound)
        // Three runs finished, at three learning rates: each value its own group, so all of the spread.
        #expect(page.contains("learning_rate explains 100% of the spread in final validation loss (nats per token)."))
        #expect(page.contains("Computed from 3 runs (left out: 1 diverged, 2 without a final loss)"))
        let section = page[mattered.upperBound..<figures.lowerBound]
        #expect(section.contains("![Share of the spread in final validation loss each setting explains](figures/importance.png)"))
        #expect(section.contains("[SVG](figures/importance.svg)"))
        #expect(!page[figures.lowerBound...].contains("importance.png"))
    }

    @Test("a folder without runs still gives a page that says so")
    func empty() throws {
        let page = MarkdownReport.render(SweepReport(folder: try temporaryDirectory()))
        #expect(page.contains("No run has written its results yet."))
        #expect(!page.contains("## The best"))
    }
}
