// index.html: a sweep's report as one self-contained page that opens from disk: inline CSS,
// the system's own fonts, no scripts and nothing fetched from a network. What mattered comes
// first; sweep figures are inline SVG, so hovering a curve names its run. Samples show each token
// as opaque as the model's probability for it, with the probability on hover. All user text goes
// through ReportText.html (and inside SVGs, through Plot's escaping, checked by InlineSVG).
// Leaves out interactivity (sorting, filtering): the CSVs are for that.

import Foundation
import Sweep

public enum HTMLReport {
    /// The page for `report`.
    public static func render(_ report: SweepReport, timeZone: TimeZone = .current) -> String {
        let h = ReportText.html
        var body: [String] = []
        body.append("<header>")
        body.append("<h1>\(h(report.name))</h1>")
        if let description = report.description, !description.isEmpty {
            body.append("<p class=\"description\">\(h(description))</p>")
        }
        body.append(facts(report, timeZone: timeZone))
        body.append("</header>")
        let mattered = report.mattered
        if !mattered.isEmpty {
            body.append("<section><h2>What mattered</h2>")
            body.append("<p class=\"mattered\">" + mattered.map(h).joined(separator: " ") + "</p>")
            for figure in report.figures where figure.kind == .importance { body.append(sweepFigure(figure, wide: false, narrow: true)) }
            body.append("</section>")
        }
        let figures = report.figures.filter { $0.kind != .importance }
        if !figures.isEmpty {
            body.append("<section><h2>Figures</h2>")
            if figures.contains(where: { $0.inlineSVG != nil }) {
                body.append("<p class=\"note-line\">Rest the pointer on a line, point or cell to see which run it is.</p>")
            }
            body.append("<div class=\"figures\">")
            for (i, figure) in figures.enumerated() {
                body.append(sweepFigure(figure, wide: i == 0 || figure.kind == .parallelCoordinates, narrow: false))
            }
            body.append("</div></section>")
        }
        body.append("<section><h2>Runs, by \(h(report.rankingTitle))</h2>")
        if let note = report.measureNote { body.append("<p class=\"note-line\">\(h(note))</p>") }
        body.append(report.rows.isEmpty ? "<p class=\"muted\">No run has written its results yet.</p>" : table(report))
        body.append("</section>")
        if let halving = report.halving { body.append(halving.html(report)) }
        let best = report.highlighted
        if !best.isEmpty {
            body.append("<section><h2>\(best.count == 1 ? "The best run" : "The best \(best.count) runs")</h2>")
            for row in best { body.append(highlight(row, in: report)) }
            body.append("</section>")
        }
        if !report.shared.isEmpty { body.append(settings(report)) }
        body.append("<footer>Written by <code>tinylab</code> from the files in this folder; "
                    + "<code>tinylab report</code> on the folder rebuilds it.</footer>")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(h(report.name)) · tinylab sweep</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            <main>
            \(body.joined(separator: "\n"))
            </main>
            </body>
            </html>

            """
    }

    // MARK: - Sections

    static func facts(_ report: SweepReport, timeZone: TimeZone) -> String {
        let h = ReportText.html
        var items: [(String, String)] = []
        let state: String
        if let live = report.liveSentence(timeZone: timeZone) {
            state = "<span class=\"pill open\">running</span> <span class=\"muted\">\(h(String(live.dropFirst("running: ".count))))</span>"
        } else if report.isFinished {
            state = "<span class=\"pill done\">finished</span>"
        } else {
            state = "<span class=\"pill open\">unfinished</span> <span class=\"muted\">run the same <code>tinylab run</code> command again to resume</span>"
        }
        items.append(("Status", state + (report.notice.map { "<br>\(h($0))" } ?? "")))
        let corpora = report.corpora.map { "<code>\(h($0))</code>" }.joined(separator: ", ")
        items.append(("Corpus", "\(corpora.isEmpty ? "–" : corpora) <span class=\"muted\">(documents: \(h(report.documents)))</span>"))
        items.append(("Runs", h(report.runsSentence)))
        if !report.axes.isEmpty {
            items.append(("Swept", zip(report.axes, report.axisValues).map { "<code>\(h($0))</code> \(h($1))" }.joined(separator: "<br>")))
        }
        if !report.seeds.isEmpty { items.append(("Seeds", h(report.seeds.joined(separator: ", ")))) }
        if !report.sample.isEmpty {
            items.append(("Sample", report.sample.map { "\(h($0.key)) <code>\(h($0.value))</code>" }.joined(separator: ", ")))
        }
        if let ran = report.timingSentence(timeZone: timeZone) { items.append(("Ran", h(ran))) }
        if let best = report.highlighted.first {
            let primary = report.lossColumns[0]
            items.append(("Best", "<code>\(breakable(best.id))</code>, \(h(primary.title)) <strong>\(ReportText.loss(best.record.results.flatMap(primary.value)))</strong>"))
        }
        return "<dl class=\"facts\">" + items.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined() + "</dl>"
    }

    /// A sweep figure: its SVG inline when it holds only what Plot writes (so a browser names
    /// each curve on hover), else the PNG; the caption links both files.
    static func sweepFigure(_ figure: SweepReport.Figure, wide: Bool, narrow: Bool) -> String {
        let h = ReportText.html
        guard let svg = figure.inlineSVG else {
            return self.figure(path: figure.path, caption: figure.caption, wide: wide)
        }
        let classes = [wide ? "wide" : nil, narrow ? "narrow" : nil].compactMap { $0 }
        let links = [figure.svgPath.map { "<a href=\"\(h($0))\">SVG</a>" }, "<a href=\"\(h(figure.path))\">PNG</a>"].compactMap { $0 }
        return "<figure\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")><div class=\"svg\" role=\"img\" aria-label=\"\(h(figure.caption))\">"
            + svg + "</div><figcaption>\(h(figure.caption)) · " + links.joined(separator: " · ") + "</figcaption></figure>"
    }

    static func figure(path: String, caption: String, wide: Bool = false) -> String {
        let h = ReportText.html
        return "<figure\(wide ? " class=\"wide\"" : "")><a href=\"\(h(path))\"><img src=\"\(h(path))\" alt=\"\(h(caption))\" loading=\"lazy\"></a>"
            + "<figcaption>\(h(caption))</figcaption></figure>"
    }

    static func table(_ report: SweepReport) -> String {
        let h = ReportText.html
        var out = ["<div class=\"table-wrap\"><table>", "<thead><tr><th class=\"num\">#</th>"
            + report.columns.map { "<th class=\"num\">\(h($0))</th>" }.joined()
            + "<th>status</th>" + report.lossColumns.map { "<th class=\"num\">\(h($0.title))</th>" }.joined()
            + "<th class=\"num\">perplexity</th><th class=\"num\">parameters</th><th class=\"num\">time</th><th>run</th>"
            + "</tr></thead><tbody>"]
        for row in report.rows {
            let r = row.record.results
            let lossCells = report.lossColumns.map { column -> String in
                guard let r, let v = column.value(r) else { return "<td class=\"num\">–</td>" }
                let step = column.step?(r).map { " <span class=\"muted\">(\(ReportText.integer($0)))</span>" } ?? ""
                return "<td class=\"num\(column.isPrimary ? " loss" : "")\">\(ReportText.loss(v))\(step)</td>"
            }
            let split = ReportText.splitRunID(row.id)
            let cells = ["<td class=\"num\">\(row.rank.map(String.init) ?? "–")</td>"]
                + row.values.map { "<td class=\"num\">\(h($0))</td>" } + [
                "<td class=\"status\"><span class=\"badge \(row.status.rawValue)\">\(row.status.rawValue)</span>"
                    + (row.note.isEmpty ? "" : "<div class=\"note\">\(h(row.note))</div>") + "</td>",
            ] + lossCells + [
                "<td class=\"num\">\(ReportText.perplexity(r?.valPerplexity))</td>",
                "<td class=\"num\">\(r.map { ReportText.integer($0.parameters) } ?? "–")</td>",
                "<td class=\"num\">\(r.map { ReportText.duration($0.seconds) } ?? "–")</td>",
                "<td class=\"run\"><a href=\"\(h(row.path))/\" title=\"\(h(row.id))\"><code>\(breakable(split.hash ?? row.id))</code></a></td>",
            ]
            let classes = [row.rank == 1 ? "best" : nil, row.rank == nil ? "problem" : nil].compactMap { $0 }
            out.append("<tr\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>" + cells.joined() + "</tr>")
        }
        out.append("</tbody></table></div>")
        return out.joined(separator: "\n")
    }

    static func highlight(_ row: SweepReport.Row, in report: SweepReport) -> String {
        let h = ReportText.html
        var out = ["<article class=\"run-card\">"]
        out.append("<h3><span class=\"rank\">\(row.rank ?? 0)</span> <a href=\"\(h(row.path))/\"><code>\(breakable(row.id))</code></a></h3>")
        let swept = report.sweptDescription(of: row)
        out.append("<p class=\"meta\">" + (swept.isEmpty ? "" : "<strong>\(h(swept))</strong><br>") + h(report.resultDescription(of: row)) + "</p>")
        let pictures = row.figures.filter { $0.name != "sample" }
        if !pictures.isEmpty {
            out.append("<div class=\"pair\">" + pictures.map { figure(path: $0.path, caption: $0.name) }.joined() + "</div>")
        }
        if let sample = row.sample { out.append(self.sample(sample, figure: row.figures.first { $0.name == "sample" }?.path)) }
        out.append("</article>")
        return out.joined(separator: "\n")
    }

    /// The sample as text: the prompt in blue, then each token with opacity = its probability
    /// on alternating light tints (so faint tokens and spaces still show their boxes), the
    /// probability in its title.
    static func sample(_ sample: SampleRecord, figure: String?) -> String {
        let h = ReportText.html
        var caption = "Sample · temperature \(ReportText.number(sample.temperature)) · \(sample.tokens.count) tokens"
        if let mean = SweepReport.meanProbability(sample) { caption += String(format: " · mean probability %.2f", mean) }
        var text = sample.prompt.isEmpty ? "" : "<span class=\"prompt\" title=\"prompt\">\(h(sample.prompt))</span>"
        for (i, token) in sample.tokens.enumerated() {
            let p = token.probability.isFinite ? min(1, max(0, token.probability)) : 0
            let title = "\(visible(token.text)) · p = " + String(format: "%.3f", p)
            let newline = token.text.contains("\n") ? " nl" : ""
            text += "<span class=\"t \(i % 2 == 0 ? "a" : "b")\(newline)\" style=\"color:rgba(31,35,40,\(String(format: "%.3f", p)))\" title=\"\(h(title))\">\(h(token.text))</span>"
        }
        let link = figure.map { " · <a href=\"\(h($0))\">as a figure</a>" } ?? ""
        // The faint tokens are the point, but a reader may also want the words: plain text below.
        return "<div class=\"sample-head\"><span>\(h(caption))\(link)</span><span class=\"key\">probability 0 <i></i> 1</span></div>"
            + "<div class=\"sample\">\(text)</div>"
            + "<details><summary>plain text</summary><pre class=\"plain\">\(h(sample.prompt + sample.text))</pre></details>"
    }

    /// A token's text with whitespace made visible, for its tooltip.
    static func visible(_ text: String) -> String {
        "“" + text.replacingOccurrences(of: " ", with: "␣").replacingOccurrences(of: "\n", with: "↵").replacingOccurrences(of: "\t", with: "→") + "”"
    }

    /// An escaped run id that may wrap after `_` and `-`, where its parts meet.
    static func breakable(_ id: String) -> String {
        ReportText.html(id).replacingOccurrences(of: "_", with: "_<wbr>").replacingOccurrences(of: "-", with: "-<wbr>")
    }

    static func settings(_ report: SweepReport) -> String {
        let h = ReportText.html
        let rows = report.shared.map { s in
            "<tr><td><code>\(h(s.key))</code></td><td class=\"num\">\(h(s.value))</td><td class=\"muted\">\(s.isDefault ? "default" : "")</td></tr>"
        }
        return "<section><h2>Settings every run shares</h2><div class=\"table-wrap narrow\"><table><thead><tr><th>setting</th>"
            + "<th class=\"num\">value</th><th></th></tr></thead><tbody>" + rows.joined() + "</tbody></table></div></section>"
    }

    // MARK: - Style

    /// The page's whole style: system fonts, a light palette matching the figures' colours.
    static let css = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #5b636d; --line: #d8dee4; --soft: #f6f8fa;
          --blue: #0072b2; --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #fff; color: var(--ink); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto,
          "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif; }
        main { max-width: 1280px; margin: 0 auto; padding: 36px 32px 56px; }
        h1 { font-size: 30px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
        h2 { font-size: 20px; margin: 44px 0 14px; padding-bottom: 8px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 16px; margin: 0 0 6px; font-weight: 600; }
        a { color: var(--blue); text-decoration: none; } a:hover { text-decoration: underline; }
        code { font-family: var(--mono); font-size: 0.9em; }
        .muted { color: var(--muted); }
        .description { font-size: 17px; color: var(--muted); margin: 0 0 20px; max-width: 60em; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 7px 22px; margin: 0; padding: 18px 22px;
          background: var(--soft); border: 1px solid var(--line); border-radius: 10px; }
        .facts dt { font-weight: 600; color: var(--muted); }
        .facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
        .pill { display: inline-block; padding: 0 10px; border-radius: 999px; font-size: 13px; font-weight: 600; }
        .pill.done { background: #dff1e6; color: #16653a; } .pill.open { background: #fff1d6; color: #8a5300; }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 22px; }
        .figures .wide { grid-column: 1 / -1; }
        figure { margin: 0; }
        figure img, figure .svg { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
        figure .svg svg { display: block; width: 100%; height: auto; }
        figure.narrow { max-width: 820px; }
        .mattered { font-size: 16px; max-width: 60em; }
        figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
        .note-line { color: var(--muted); margin: 0 0 12px; }
        .table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 10px; }
        .table-wrap.narrow { max-width: 560px; }
        table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
        th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; white-space: nowrap; }
        tbody tr:last-child td { border-bottom: none; }
        th { background: var(--soft); font-weight: 600; color: var(--muted); font-size: 12.5px; }
        .num { text-align: right; }
        td.run { white-space: normal; max-width: 22em; }
        td.status { white-space: normal; max-width: 30em; }
        td.status .note { color: var(--muted); font-size: 12.5px; margin-top: 3px; min-width: 12em; overflow-wrap: anywhere; }
        tr.best td { background: #e8f4ec; font-weight: 600; }
        tr.best td.status::after { content: "best"; margin-left: 6px; padding: 1px 8px; border-radius: 999px; background: #16653a;
          color: #fff; font-size: 11.5px; font-weight: 600; }
        tr.problem td { background: #fcfcfd; }
        .badge { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 12px; font-weight: 600; }
        .badge.completed { background: #e3eef7; color: #0b4f7c; }
        .badge.diverged { background: #fde8d7; color: #9a3f00; }
        .badge.failed { background: #fbe0e0; color: #a01818; }
        .badge.interrupted, .badge.running, .badge.paused { background: #eceff3; color: #46505a; }
        .badge.stopped { background: #efeaf6; color: #4d3780; }
        tr.promoted td { background: #e8f4ec; font-weight: 600; }
        .run-card { margin: 0 0 34px; }
        .rank { display: inline-block; min-width: 1.7em; padding: 0 6px; border-radius: 6px; background: var(--blue);
          color: #fff; text-align: center; margin-right: 4px; }
        .meta { color: var(--muted); margin: 0 0 12px; }
        .meta strong { color: var(--ink); }
        .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 16px; margin-bottom: 14px; }
        .sample-head { display: flex; justify-content: space-between; gap: 16px; color: var(--muted); font-size: 13px; margin-bottom: 6px; }
        .key i { display: inline-block; width: 90px; height: 10px; margin: 0 6px; vertical-align: middle; border-radius: 3px;
          background: linear-gradient(to right, rgba(31,35,40,0.04), rgba(31,35,40,1)); }
        .sample { font-family: var(--mono); font-size: 14px; line-height: 1.9; white-space: pre-wrap; overflow-wrap: anywhere;
          padding: 14px 18px; border: 1px solid var(--line); border-radius: 10px; background: #fff; }
        .sample .prompt { color: var(--blue); font-weight: 600; }
        .sample .t { border-radius: 3px; padding: 1px 0; }
        .sample .t.a { background: #eef3f8; } .sample .t.b { background: #f8f3ea; }
        .sample .t:hover { outline: 1.5px solid var(--blue); }
        .sample .nl::before { content: "↵"; color: #9aa3ad; }
        details { margin-top: 8px; color: var(--muted); font-size: 13px; }
        summary { cursor: pointer; }
        .plain { font-family: var(--mono); font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; color: var(--ink);
          background: var(--soft); border-radius: 8px; padding: 12px 16px; margin: 8px 0 0; }
        footer { margin-top: 48px; padding-top: 14px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
        @media (max-width: 700px) { main { padding: 20px 14px; } .figures, .pair { grid-template-columns: 1fr; } }
        """
}
