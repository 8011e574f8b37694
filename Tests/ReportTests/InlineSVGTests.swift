// SVG figures go inline into index.html only when they hold nothing but what Plot writes; any
// other SVG (a script, an event handler, a link out, foreign content) is refused.

import Foundation
import Plot
import Testing
@testable import Report

@Suite struct InlineSVGTests {
    /// A figure Plot drew, with markup in a title and a run value.
    func plotSVG() throws -> String {
        let runs = [("<b>a</b>.txt", 2.0), ("b.txt", 3.0), ("c & d.txt", 2.5)].enumerated().map { i, run in
            SweepRun(id: "r\(i)<script>", values: ["corpus": .text(run.0)], seed: 1, validation: [(0, 4), (10, run.1)],
                     finalValidationLoss: run.1)
        }
        let style = FigureStyle(width: 800, height: 500, scale: 0.5, recordsSVG: true)
        return try #require(try SweepCurvesFigure(title: "t <i>", runs: runs, style: style).render().svgText(idPrefix: "x-"))
    }

    @Test("Plot's SVG passes, with user text escaped in titles and labels")
    func plotsOwn() throws {
        let svg = try plotSVG()
        let checked = try #require(InlineSVG.checked(svg))
        #expect(checked == svg.trimmingCharacters(in: .newlines))
        #expect(svg.contains("&lt;b&gt;a&lt;/b&gt;.txt") && svg.contains("r0&lt;script&gt;") && svg.contains("c &amp; d.txt"))
        #expect(!svg.contains("<b>") && !svg.contains("<script") && !svg.contains("<i>"))
    }

    @Test("anything Plot does not write is refused", arguments: [
        #"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
        #"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>"#,
        #"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>"#,
        #"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div>x</div></foreignObject></svg>"#,
        #"<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://example.com/x)"/></svg>"#,
        #"<svg xmlns="http://www.w3.org/2000/svg"><rect style="background:url(x)"/></svg>"#,
        #"<svg xmlns="http://www.w3.org/2000/svg"><rect fill='red'/></svg>"#,
        #"<svg xmlns="http://www.w3.org/2000/svg"><g><rect/></svg>"#,
        #"<html><svg xmlns="http://www.w3.org/2000/svg"></svg>"#,
        "not an svg",
    ])
    func refused(text: String) {
        #expect(InlineSVG.checked(text) == nil)
    }
}
