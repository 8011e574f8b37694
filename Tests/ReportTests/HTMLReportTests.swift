// index.html as a browser opens it from disk: no scripts and nothing from a network, user text
// shown as text, the runs table in loss order, and sample tokens as opaque as their probability.

import Foundation
import Testing
@testable import Report
@testable import Sweep

/// Every capture of `pattern` in `text`, in order.
func captures(_ pattern: String, in text: String) throws -> [String] {
    let regex = try NSRegularExpression(pattern: pattern)
    return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
        Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }
}

@Suite struct HTMLReportTests {
    @Test("markup in the description, sample and error message shows as text: no tag from user text gets through")
    func escaping() throws {
        let page = HTMLReport.render(SweepReport(folder: try sharedFixture.get()))
        #expect(page.range(of: "<script", options: .caseInsensitive) == nil)
        #expect(!page.contains("<b>") && !page.contains("</div> &amp;"))
        #expect(page.contains("<p class=\"description\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | *a* &amp; `b` ```\n&lt;/div&gt; &amp;amp; [link](http://x)</p>"))
        #expect(page.contains("cannot be read | &lt;b&gt;permission&lt;/b&gt; denied\ncheck the file"))
        // Every tag in the page is one the renderer writes, or one of Plot's SVG figures.
        let tags = Set(try captures("<([a-zA-Z][a-zA-Z0-9]*)", in: page))
        #expect(tags.isSubset(of: Set(["html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "p", "dl", "dt",
                                   "dd", "span", "code", "br", "strong", "section", "div", "figure", "a", "img", "figcaption",
                                   "table", "thead", "tbody", "tr", "th", "td", "wbr", "article", "i", "footer", "details", "summary", "pre"])
                                   .union(InlineSVG.elements)), "\(tags)")
    }

    @Test("the page needs nothing from a network: no scripts, stylesheets, fonts or absolute URLs")
    func selfContained() throws {
        let page = HTMLReport.render(SweepReport(folder: try sharedFixture.get()))
        for forbidden in ["<script", "<link", "@import", "@font-face", "src=\"http", "href=\"http", "src=\"/", "href=\"/"] {
            #expect(!page.contains(forbidden), "\(forbidden)")
        }
        // The inline figures refer to their own clip paths and gradients only.
        #expect(page.components(separatedBy: "url(").dropFirst().allSatisfy { $0.hasPrefix("#") })
        #expect(page.contains("<meta charset=\"utf-8\">"))
    }

    @Test("what mattered comes first; sweep figures are inline SVG whose curves name their runs on hover")
    func inlineFigures() throws {
        let page = HTMLReport.render(SweepReport(folder: try sharedFixture.get()))
        let mattered = try #require(page.range(of: "<h2>What mattered</h2>"))
        let figures = try #require(page.range(of: "<h2>Figures</h2>"))
        #expect(mattered.lowerBound < figures.lowerBound)
        #expect(page.contains("<p class=\"mattered\">learning_rate explains 100% of the spread in final validation loss (nats per token)."))
        #expect(page.components(separatedBy: "<div class=\"svg\" role=\"img\"").count - 1 == 4)
        // The curve of the best run is titled with its setting, loss and id.
        #expect(page.contains("<g><title>learning_rate = 0.6 · final validation loss "))
        #expect(page.contains(" · run \(FixtureRun.best)</title>"))
        #expect(page.contains("<a href=\"figures/validation-curves.svg\">SVG</a> · <a href=\"figures/validation-curves.png\">PNG</a>"))
    }

    @Test("an SVG that holds more than Plot writes is shown as an image, never inline")
    func foreignSVG() throws {
        let folder = try fixtureCopy()
        let svg = folder.appendingPathComponent("figures/validation-curves.svg")
        let text = try String(contentsOf: svg, encoding: .utf8).replacingOccurrences(of: "<g>", with: "<g onmouseover=\"alert(1)\">")
        try Data(text.utf8).write(to: svg)
        let page = HTMLReport.render(SweepReport(folder: folder))
        #expect(!page.contains("onmouseover"))
        #expect(page.contains("<img src=\"figures/validation-curves.png\""))
    }

    @Test("the runs table lists every run in loss order and marks the best row")
    func table() throws {
        let folder = try sharedFixture.get()
        let page = HTMLReport.render(SweepReport(folder: folder))
        let ids = try captures(#"<td class="run"><a href="[^"]*" title="([^"]*)""#, in: page)
        #expect(ids == [FixtureRun.best, FixtureRun.middle, FixtureRun.worst, FixtureRun.diverged, FixtureRun.interrupted, FixtureRun.failed])
        let rowClasses = try captures(#"<tr( class="[a-z ]*")?><td class="num">"#, in: page)
        #expect(rowClasses.first == #" class="best""#)
        let step = try #require(SweepReport(folder: folder).rows.first { $0.id == FixtureRun.diverged }?.record.divergedAtStep)
        #expect(page.contains("<span class=\"badge diverged\">diverged</span><div class=\"note\">diverged at step \(step) "))
        #expect(page.contains("<span class=\"badge interrupted\">interrupted</span><div class=\"note\">interrupted at step 10 of 30</div>"))
    }

    @Test("each sample token is as opaque as its probability, which its title gives")
    func sampleTokens() throws {
        let page = HTMLReport.render(SweepReport(folder: try sharedFixture.get()))
        #expect(page.contains("<span class=\"prompt\" title=\"prompt\">the </span>"))
        let alphas = try captures(#"<span class="t [ab][^"]*" style="color:rgba\(31,35,40,([0-9.]+)\)""#, in: page)
        #expect(Array(alphas.prefix(4)) == ["0.900", "0.300", "0.500", "0.060"])
        #expect(page.contains("title=\"“&lt;script&gt;” · p = 0.900\">&lt;script&gt;</span>"))
        // The last token holds a newline, so it carries the class that marks it visibly.
        #expect(page.contains("<span class=\"t b nl\""))
        #expect(page.contains("<pre class=\"plain\">the &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\n```\n| a |</pre>"))
    }

    @Test("every relative src and href resolves to a file or folder of the sweep")
    func links() throws {
        let folder = try sharedFixture.get()
        let page = HTMLReport.render(SweepReport(folder: folder))
        let targets = try captures(#"(?:src|href)="([^"]*)""#, in: page)
        #expect(targets.count >= 20)
        for target in targets {
            let path = try #require(target.removingPercentEncoding)
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path), "\(target)")
        }
    }
}
