// Writing the pages and rebuilding a sweep's report from its files: deleted figures and pages
// come back, a partly copied sweep gets a report of what is there, an empty folder is an error.

import Foundation
import TestFolders
import Plot
import Testing
@testable import Report
@testable import Sweep

@Suite struct ReportPagesTests {
    @Test("write puts report.md and index.html in the sweep folder")
    func write() throws {
        let folder = try fixtureCopy()
        let files = try ReportPages.write(folder: folder)
        #expect(files.map(\.lastPathComponent) == ["report.md", "index.html"])
        #expect(try String(contentsOf: files[0], encoding: .utf8).hasPrefix("# fixture"))
        #expect(try String(contentsOf: files[1], encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    }

    @Test("rebuild restores deleted sweep figures, run figures and both pages without training")
    func rebuildRestores() throws {
        let folder = try fixtureCopy()
        let layout = SweepLayout(root: folder)
        let model = layout.run(FixtureRun.best).appendingPathComponent(RunFile.model)
        let modelBytes = try Data(contentsOf: model)
        let deleted = [
            folder.appendingPathComponent("figures"), folder.appendingPathComponent("report.md"),
            folder.appendingPathComponent("index.html"),
        ] + FixtureRun.all.flatMap { id in
            [RunFigures.loss, RunFigures.embeddings, RunFigures.sample].map { layout.run(id).appendingPathComponent($0) }
        }
        for url in deleted { try? FileManager.default.removeItem(at: url) }

        let rebuilt = try ReportPages.finish(folder: folder, runFigures: .all, style: smallFigures)
        #expect(rebuilt.runs == 6 && rebuilt.problems.isEmpty)
        for file in ["figures/validation-curves.png", "figures/final-loss-by-learning_rate.png", "report.md", "index.html",
                     "runs/\(FixtureRun.best)/loss.png", "runs/\(FixtureRun.best)/embeddings.png", "runs/\(FixtureRun.best)/sample.png"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        #expect(try Canvas(contentsOf: folder.appendingPathComponent("figures/validation-curves.png")).width == smallFigures.pixelWidth)
        // Nothing was trained: the model is the same bytes.
        #expect(try Data(contentsOf: model) == modelBytes)
        let page = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(page.contains("![loss curves of "))
    }

    @Test("rebuild of a partly copied sweep reports the runs present and the rest as not started")
    func partialCopy() throws {
        let folder = try fixtureCopy()
        for id in [FixtureRun.best, FixtureRun.diverged] {
            try FileManager.default.removeItem(at: SweepLayout(root: folder).run(id))
        }
        _ = try ReportPages.finish(folder: folder, runFigures: .all, style: smallFigures)
        let page = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(page.contains("6 planned, 4 with results: 2 completed, 1 failed, 1 interrupted; 2 not started"))
        #expect(!page.contains(FixtureRun.best) && page.contains(FixtureRun.middle))
        let html = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<span class=\"pill open\">unfinished</span>"))
    }

    @Test("rebuild of a folder without runs is an error naming the folder")
    func noRuns() throws {
        let folder = try temporaryDirectory()
        #expect(throws: ReportError.noRuns(path: folder.path)) { try ReportPages.finish(folder: folder, runFigures: .all, style: smallFigures) }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.md").path))
    }
}
