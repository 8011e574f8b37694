// report.md: a sweep's report in GitHub Markdown: what mattered first, then the figures, the
// runs and the best of them. Images are relative links (figures/, runs/<id>/; each sweep figure
// with a link to its SVG twin), so the page renders on GitHub and in any Markdown viewer next to its files.
// All user text is escaped or fenced (ReportText), so a corpus, sample or error message
// cannot break a table or inject markup. Leaves out token probabilities, which Markdown cannot
// show; the sample figure shows them.

import Foundation
import Sweep

public enum MarkdownReport {
    /// The page for `report`.
    public static func render(_ report: SweepReport, timeZone: TimeZone = .current) -> String {
        var out: [String] = []
        out.append("# " + ReportText.markdown(report.name))
        if let description = report.description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty {
            out.append(ReportText.markdown(description))
        }
        out.append(facts(report, timeZone: timeZone))
        let mattered = report.mattered
        if !mattered.isEmpty {
            out.append("## What mattered")
            out.append(mattered.map(ReportText.markdown).joined(separator: " "))
            for figure in report.figures where figure.kind == .importance { out.append(self.figure(figure)) }
        }
        let figures = report.figures.filter { $0.kind != .importance }
        if !figures.isEmpty {
            out.append("## Figures")
            for figure in figures { out.append(self.figure(figure)) }
        }
        out.append("## Runs, by \(report.rankingTitle)")
        if let note = report.measureNote { out.append(ReportText.markdown(note)) }
        out.append(report.rows.isEmpty ? "No run has written its results yet." : table(report))
        if let halving = report.halving { out.append(halving.markdown(report)) }
        let best = report.highlighted
        if !best.isEmpty {
            out.append(best.count == 1 ? "## The best run" : "## The best \(best.count) runs")
            for row in best { out.append(highlight(row, in: report)) }
        }
        if !report.shared.isEmpty { out.append(settings(report)) }
        return out.joined(separator: "\n\n") + "\n"
    }

    // MARK: - Sections

    /// A sweep figure: the PNG, its caption, and a link to its SVG twin.
    static func figure(_ figure: SweepReport.Figure) -> String {
        let caption = ReportText.markdown(figure.caption)
        let svg = figure.svgPath.map { " · [SVG](\($0))" } ?? ""
        return "![\(caption)](\(figure.path))  \n*\(caption)*\(svg)"
    }

    static func facts(_ report: SweepReport, timeZone: TimeZone) -> String {
        var items: [String] = []
        let corpora = report.corpora.map { ReportText.markdownCode($0) }.joined(separator: ", ")
        items.append("**Corpus:** \(corpora.isEmpty ? "–" : corpora) (documents: \(ReportText.markdown(report.documents)))")
        items.append("**Runs:** " + ReportText.markdown(report.runsSentence))
        if !report.axes.isEmpty {
            let swept = zip(report.axes, report.axisValues).map { "  - \(ReportText.markdownCode($0)) \(ReportText.markdown($1))" }
            items.append("**Swept:**\n" + swept.joined(separator: "\n"))
        }
        if !report.seeds.isEmpty { items.append("**Seeds:** " + ReportText.markdown(report.seeds.joined(separator: ", "))) }
        if !report.sample.isEmpty {
            items.append("**Sample:** " + report.sample.map { "\($0.key) \(ReportText.markdownCode($0.value))" }.joined(separator: ", "))
        }
        if let ran = report.timingSentence(timeZone: timeZone) { items.append("**Ran:** " + ReportText.markdown(ran)) }
        if let best = report.highlighted.first {
            let primary = report.lossColumns[0]
            items.append("**Best:** \(ReportText.markdownCode(best.id)), \(primary.title) \(ReportText.loss(best.record.results.flatMap(primary.value)))")
        }
        if let live = report.liveSentence(timeZone: timeZone) {
            items.append("**Status:** " + ReportText.markdown(live))
        } else if !report.isFinished, !report.rows.isEmpty || (report.plannedRuns ?? 0) > 0 {
            items.append("**Unfinished:** run the same `tinylab run` command again to resume; finished runs are kept.")
        }
        if let notice = report.notice { items.append("**Note:** " + ReportText.markdown(notice)) }
        return items.map { "- " + $0 }.joined(separator: "\n")
    }

    static func settings(_ report: SweepReport) -> String {
        var lines = ["## Settings every run shares", "", "| setting | value | |", "|---|---|---|"]
        for s in report.shared {
            lines.append("| \(ReportText.markdownCode(s.key, inTable: true)) | \(ReportText.markdown(s.value)) | \(s.isDefault ? "default" : "") |")
        }
        return lines.joined(separator: "\n")
    }

    static func table(_ report: SweepReport) -> String {
        let columns = report.columns.map { ReportText.markdownCode($0, inTable: true) }
        // A note column only when some run has one to say (why it has no final loss).
        let notes = report.rows.contains { !$0.note.isEmpty }
        let losses = report.lossColumns
        let header = ["#"] + columns + ["status"] + losses.map(\.title) + ["perplexity", "parameters", "time", "run"]
            + (notes ? ["note"] : [])
        let align = ["--:"] + columns.map { _ in "--:" } + ["---"] + losses.map { _ in "--:" } + ["--:", "--:", "--:", "---"] + (notes ? ["---"] : [])
        var lines = ["| " + header.joined(separator: " | ") + " |", "|" + align.joined(separator: "|") + "|"]
        for row in report.rows {
            let r = row.record.results
            let best = row.rank == 1
            func bold(_ s: String) -> String { best ? "**\(s)**" : s }
            let status = row.status == .completed ? "completed" : "**\(row.status.rawValue)**"
            let lossCells = losses.map { column -> String in
                guard let r, let v = column.value(r) else { return "–" }
                let text = ReportText.loss(v) + (column.step?(r).map { " (\(ReportText.integer($0)))" } ?? "")
                return column.isPrimary ? bold(text) : text
            }
            let split = ReportText.splitRunID(row.id)
            let cells = [row.rank.map { bold(String($0)) } ?? "–"] + row.values.map { ReportText.markdown($0) } + [status] + lossCells + [
                ReportText.perplexity(r?.valPerplexity),
                r.map { ReportText.integer($0.parameters) } ?? "–",
                r.map { ReportText.duration($0.seconds) } ?? "–",
                "[\(ReportText.markdownCode(split.hash ?? row.id, inTable: true))](\(row.path)/)",
            ] + (notes ? [ReportText.markdown(row.note)] : [])
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    static func highlight(_ row: SweepReport.Row, in report: SweepReport) -> String {
        var parts: [String] = []
        parts.append("### \(row.rank ?? 0). \(ReportText.markdownCode(row.id))")
        let swept = report.sweptDescription(of: row)
        parts.append((swept.isEmpty ? "" : ReportText.markdown(swept) + "  \n")
                     + ReportText.markdown(report.resultDescription(of: row)) + " · [run folder](\(row.path)/)")
        for figure in row.figures where figure.name != "sample" {
            parts.append("![\(figure.name) of \(ReportText.markdown(row.id))](\(figure.path))")
        }
        if let sample = row.sample {
            var heading = "Sample: prompt \(ReportText.markdownCode("\"\(sample.prompt)\"")), temperature \(ReportText.number(sample.temperature))"
            if let mean = SweepReport.meanProbability(sample) { heading += String(format: ", mean token probability %.2f", mean) }
            parts.append(heading + ":")
            parts.append(ReportText.markdownBlock(sample.prompt + sample.text))
        }
        if let strip = row.figures.first(where: { $0.name == "sample" }) {
            parts.append("![the sample, each token as opaque as its probability](\(strip.path))")
        }
        return parts.joined(separator: "\n\n")
    }
}
