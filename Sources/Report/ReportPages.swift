// Writing a sweep's report: report.md and index.html from the folder's files, and the full
// rebuild `tinylab report` does (every run's figures, the sweep figures, then both pages) for a
// finished, interrupted or partly copied sweep, without training anything.
// Leaves out what the pages say (SweepReport) and how they look (MarkdownReport, HTMLReport).

import Dispatch
import Files
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

    /// Which runs' figures finishing a report draws.
    public enum RunFigureDrawing: Sendable {
        /// None: they were drawn as the runs ended.
        case none
        /// Those of runs that lack any of them (a run whose process was killed before drawing).
        case missing
        /// Every run's, anew.
        case all
    }

    /// What finishing a report wrote, and the files it could not read and figures it could not
    /// draw (the rest is still written).
    public struct Rebuild: Sendable {
        public var runs: Int
        public var written: [URL]
        /// One line per file that could not be read or figure that could not be drawn: which, and why.
        public var problems: [String]
    }

    /// Draws what a sweep's report shows from the files in `folder` (the runs' figures that
    /// `runFigures` asks for, then the sweep figures) on `jobs` threads, and writes both pages, with `live`
    /// progress and a `notice` when given. A figure that fails is reported in `problems`, not
    /// thrown. `tinylab run` finishes a sweep this way (its runs' figures are drawn as they end),
    /// and refreshes it during the night; `tinylab report` rebuilds one.
    /// - Throws: `ReportError.noRuns` when the folder holds no run with a run.json; `SweepError.io`
    ///   when a page cannot be written.
    public static func finish(folder: URL, runFigures: RunFigureDrawing, sweepFigures: Bool = true, jobs: Int = 1,
                              live: SweepReport.LiveStatus? = nil,
                              notice: String? = nil, style: FigureStyle = FigureStyle(),
                              timeZone: TimeZone = .current) throws -> Rebuild {
        let layout = SweepLayout(root: folder)
        let (runs, unreadable) = layout.readRuns()
        guard !runs.isEmpty else { throw ReportError.noRuns(path: folder.path) }
        let found = Found()
        for problem in unreadable { found.failed(problem) }
        let drawn = runs.indices.filter { i in
            switch runFigures {
            case .none: false
            case .all: true
            case .missing: RunFigures.expected(for: runs[i]).contains {
                !FileManager.default.fileExists(atPath: runs[i].directory.appendingPathComponent($0).path)
            }
            }
        }
        parallel(drawn.count, jobs: jobs) { j in
            let run = runs[drawn[j]]
            do {
                found.wrote(try RunFigures.draw(run, style: style))
            } catch {
                found.failed("figures of \(run.id) not drawn: \(error)")
            }
        }
        let name = SpecSummary(contentsOf: layout.spec)?.name ?? folder.standardizedFileURL.lastPathComponent
        if sweepFigures {
            do {
                found.wrote(try SweepFigures.draw(runs, layout: layout, name: name, style: style, jobs: jobs))
            } catch {
                found.failed("sweep figures not drawn: \(error)")
            }
        }
        var report = SweepReport(folder: folder, runs: runs)
        report.live = live
        report.notice = notice
        found.wrote(try write(report, timeZone: timeZone))
        return Rebuild(runs: runs.count, written: found.files, problems: found.problems)
    }
}

/// Runs `body` for 0..<count on up to `jobs` threads, each taking the next index.
func parallel(_ count: Int, jobs: Int, _ body: @Sendable (Int) -> Void) {
    let next = Counter()
    DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
        while let i = next.take(below: count) { body(i) }
    }
}

/// Hands out 0, 1, 2, ... to threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// What the threads of a rebuild wrote and could not draw.
private final class Found: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var files: [URL] = []
    private(set) var problems: [String] = []
    func wrote(_ urls: [URL]) { lock.lock(); files += urls; lock.unlock() }
    func failed(_ problem: String) { lock.lock(); problems.append(problem); lock.unlock() }
}
