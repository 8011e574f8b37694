// Writing a sweep's report: report.md and index.html from the folder's files, and the full
// rebuild `tinylab report` does (every run's figures, the sweep figures, then both pages) for a
// finished, interrupted or partly copied sweep, without training anything.
// Leaves out what the pages say (SweepReport) and how they look (MarkdownReport, HTMLReport).

import Foundation
import Plot
import Sweep

public enum ReportPages {
    public static let markdown = "report.md"
    public static let html = "index.html"

    /// Reads the sweep in `folder` and writes report.md and index.html into it, atomically.
    /// Returns the two files.
    @discardableResult
    public static func write(folder: URL, timeZone: TimeZone = .current) throws -> [URL] {
        try write(SweepReport(folder: folder), timeZone: timeZone)
    }

    /// Writes the pages of a report already read.
    @discardableResult
    public static func write(_ report: SweepReport, timeZone: TimeZone = .current) throws -> [URL] {
        let markdownURL = report.folder.appendingPathComponent(markdown)
        let htmlURL = report.folder.appendingPathComponent(html)
        try writeAtomically(Data(MarkdownReport.render(report, timeZone: timeZone).utf8), to: markdownURL)
        try writeAtomically(Data(HTMLReport.render(report, timeZone: timeZone).utf8), to: htmlURL)
        return [markdownURL, htmlURL]
    }

    /// What finishing a report wrote, and the figures it could not draw (the rest is still written).
    public struct Rebuild: Sendable {
        public var runs: Int
        public var written: [URL]
        /// One line per figure that could not be drawn: which run, and why.
        public var problems: [String]
    }

    /// Draws what a sweep's report shows from the files in `folder` (every run's figures when
    /// `runFigures`, then the sweep figures) and writes both pages. A figure that fails is reported
    /// in `problems`, not thrown. `tinylab run` finishes a sweep this way (its runs' figures are
    /// drawn as they end), and `tinylab report` rebuilds one.
    /// - Throws: `ReportError.noRuns` when the folder holds no run with a run.json; `SweepError.io`
    ///   when a page cannot be written.
    public static func finish(folder: URL, runFigures: Bool, style: FigureStyle = FigureStyle(),
                              timeZone: TimeZone = .current) throws -> Rebuild {
        let layout = SweepLayout(root: folder)
        let runs = layout.storedRuns()
        guard !runs.isEmpty else { throw ReportError.noRuns(path: folder.path) }
        var result = Rebuild(runs: runs.count, written: [], problems: [])
        if runFigures {
            for run in runs {
                do {
                    result.written += try RunFigures.draw(run, style: style)
                } catch {
                    result.problems.append("figures of \(run.id) not drawn: \(error)")
                }
            }
        }
        let name = SpecSummary(contentsOf: layout.spec)?.name ?? folder.standardizedFileURL.lastPathComponent
        do {
            result.written += try SweepFigures.draw(runs, layout: layout, name: name, style: style)
        } catch {
            result.problems.append("sweep figures not drawn: \(error)")
        }
        result.written += try write(SweepReport(folder: folder, runs: runs), timeZone: timeZone)
        return result
    }
}
