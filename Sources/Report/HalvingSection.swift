// The successive-halving part of a sweep's report: how the budget was spent (run-steps trained
// against training every run to its end), the configurations and runs at each rung, and the
// ranking that decided each rung, the promoted marked. Read from halving.json and the runs;
// rendered for report.md and index.html. Leaves out the halving figure (HalvingFigure in Plot).

import Foundation
import Sweep

public struct HalvingSection: Sendable {
    public struct Rung: Sendable {
        public var step: Int
        public var decision: RungDecision?
        /// Configurations and runs that trained to this rung (so far, while it is trained).
        public var configurations: Int
        public var runs: Int
    }

    public var halving: Halving
    public var rungs: [Rung]
    /// Run-steps trained so far, and what training every planned run to its end takes.
    public var runSteps: Int
    public var fullRunSteps: Int
    /// The title of the loss the rungs were ranked by.
    public var measureTitle: String
    /// Rows of each ranking shown in full: the promoted and this many after them.
    static let shownBelowPromoted = 5

    /// The section for the sweep in `folder`, nil if it is not a halving sweep (no halving.json).
    init?(folder: URL, runs: [StoredRun], plannedRuns: Int?, measure: LossMeasure) {
        let layout = SweepLayout(root: folder)
        guard let record = try? decodeJSON(HalvingRecord.self, from: layout.halving) else { return nil }
        halving = record.halving
        let steps = record.rungs.last ?? 0
        rungs = record.rungs.map { step in
            let reached = runs.filter { run in run.metrics.contains { $0.split == .rung && $0.step == step } }
            return Rung(step: step, decision: record.decisions.first { $0.step == step },
                        configurations: Halving.configurations(reached.map(\.record.config)).count, runs: reached.count)
        }
        runSteps = runs.reduce(0) { $0 + Self.stepsTrained($1) }
        fullRunSteps = ((try? layout.readPlan())?.runs.count ?? plannedRuns ?? runs.count) * steps
        measureTitle = measure == .natsPerToken ? "val loss (nats/token)" : "val bits per character"
    }

    /// The steps a run has trained: to its end, to where it stopped, or as far as its metrics go.
    static func stepsTrained(_ run: StoredRun) -> Int {
        let record = run.record
        switch record.status {
        case .completed: return record.config.training.steps
        case .stopped: return record.stoppedAtStep ?? 0
        case .diverged: return record.divergedAtStep ?? 0
        default: return run.allMetrics().map(\.step).max() ?? 0
        }
    }

    /// "8,100 run-steps of the 72,900 of training every run to its end (11.1%)".
    var budget: String {
        let share = fullRunSteps > 0 ? String(format: " (%.1f%%)", 100 * Double(runSteps) / Double(fullRunSteps)) : ""
        return "\(ReportText.integer(runSteps)) run-steps trained, of the \(ReportText.integer(fullRunSteps)) of training every run to its end\(share)"
    }

    var rule: String {
        "Every configuration trained to \(ReportText.integer(halving.minSteps)) steps; at each rung the best 1/\(halving.reduction) "
            + "by the mean of their seeds' \(measureTitle) on the whole validation split went on, the others stopped there."
    }

    /// The rows of a ranking to show, and how many are left out.
    static func shown(_ ranking: [RungDecision.Entry]) -> (rows: [(rank: Int, entry: RungDecision.Entry)], hidden: Int) {
        let promoted = ranking.filter(\.promoted).count
        let count = min(ranking.count, promoted + shownBelowPromoted)
        return (ranking.prefix(count).enumerated().map { ($0.offset + 1, $0.element) }, ranking.count - count)
    }

    /// The swept values of a configuration's first run, from the report's rows.
    static func label(_ entry: RungDecision.Entry, rows: [String: SweepReport.Row]) -> [String] {
        entry.runs.first.flatMap { rows[$0]?.values } ?? []
    }
}

extension HalvingSection {
    func markdown(_ report: SweepReport) -> String {
        var out = ["## Successive halving", "", ReportText.markdown(rule), "", ReportText.markdown(budget) + ".", "",
                   "| rung | step | configurations | runs | promoted |", "|---:|---:|---:|---:|---:|"]
        for (k, rung) in rungs.enumerated() {
            let promoted = rung.decision.map { String($0.ranking.filter(\.promoted).count) } ?? "–"
            out.append("| \(k + 1) | \(ReportText.integer(rung.step)) | \(rung.configurations) | \(rung.runs) | \(promoted) |")
        }
        let byID = Dictionary(report.rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let columns = report.columns.filter { $0 != "seed" }
        for (k, rung) in rungs.enumerated() {
            guard let decision = rung.decision else { continue }
            out += ["", "### Rung \(k + 1): step \(ReportText.integer(rung.step))", ""]
            out.append("| # | " + columns.map { ReportText.markdown($0) + " | " }.joined() + "\(measureTitle) | runs |")
            out.append("|---:|" + String(repeating: "---:|", count: columns.count) + "---:|---|")
            let shown = Self.shown(decision.ranking)
            for (rank, entry) in shown.rows {
                func bold(_ s: String) -> String { entry.promoted ? "**\(s)**" : s }
                let values = Self.label(entry, rows: byID).prefix(columns.count).map { bold(ReportText.markdown($0)) }
                let loss = entry.loss.map { bold(ReportText.loss($0)) } ?? "out"
                let links = entry.runs.map { id in
                    "[\(ReportText.markdownCode(ReportText.splitRunID(id).hash ?? id, inTable: true))](\(ReportText.link(["runs", id]))/)"
                }.joined(separator: " ")
                out.append("| \(bold(String(rank))) | " + values.map { $0 + " | " }.joined() + "\(loss) | \(links) |")
            }
            if shown.hidden > 0 { out += ["", "… and \(shown.hidden) more, not promoted (halving.json lists every one)."] }
            if decision.ranking.contains(where: \.promoted) { out += ["", "Promoted in bold."] }
        }
        return out.joined(separator: "\n")
    }

    func html(_ report: SweepReport) -> String {
        let h = ReportText.html
        var out = ["<section><h2>Successive halving</h2>", "<p>\(h(rule)) In each rung's table the promoted are highlighted.</p>",
                   "<p>\(h(budget)).</p>",
                   "<div class=\"table-wrap narrow\"><table><thead><tr><th class=\"num\">rung</th><th class=\"num\">step</th>"
                   + "<th class=\"num\">configurations</th><th class=\"num\">runs</th><th class=\"num\">promoted</th></tr></thead><tbody>"]
        for (k, rung) in rungs.enumerated() {
            let promoted = rung.decision.map { String($0.ranking.filter(\.promoted).count) } ?? "–"
            out.append("<tr><td class=\"num\">\(k + 1)</td><td class=\"num\">\(ReportText.integer(rung.step))</td>"
                       + "<td class=\"num\">\(rung.configurations)</td><td class=\"num\">\(rung.runs)</td><td class=\"num\">\(promoted)</td></tr>")
        }
        out.append("</tbody></table></div>")
        let byID = Dictionary(report.rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let columns = report.columns.filter { $0 != "seed" }
        for (k, rung) in rungs.enumerated() {
            guard let decision = rung.decision else { continue }
            out.append("<h3>Rung \(k + 1): step \(ReportText.integer(rung.step))</h3>")
            out.append("<div class=\"table-wrap\"><table><thead><tr><th class=\"num\">#</th>"
                       + columns.map { "<th class=\"num\">\(h($0))</th>" }.joined()
                       + "<th class=\"num\">\(h(measureTitle))</th><th>runs</th></tr></thead><tbody>")
            let shown = Self.shown(decision.ranking)
            for (rank, entry) in shown.rows {
                let values = Self.label(entry, rows: byID).prefix(columns.count).map { "<td class=\"num\">\(h($0))</td>" }.joined()
                let links = entry.runs.map { id in
                    "<a href=\"\(h(ReportText.link(["runs", id])))/\" title=\"\(h(id))\"><code>\(h(ReportText.splitRunID(id).hash ?? id))</code></a>"
                }.joined(separator: " ")
                out.append("<tr\(entry.promoted ? " class=\"promoted\"" : "")><td class=\"num\">\(rank)</td>\(values)"
                           + "<td class=\"num loss\">\(entry.loss.map { ReportText.loss($0) } ?? "out")</td><td class=\"run\">\(links)</td></tr>")
            }
            out.append("</tbody></table></div>")
            if shown.hidden > 0 { out.append("<p class=\"muted\">… and \(shown.hidden) more, not promoted (halving.json lists every one).</p>") }
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }
}
