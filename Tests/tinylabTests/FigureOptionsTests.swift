// The figure flags every drawing command shares: --size picks a screen or paper size, --svg adds
// SVG twins of run figures, and both override what a spec's `figures` setting asks for.

import ArgumentParser
import Plot
import Sweep
import Testing
@testable import tinylab

@Suite struct FigureOptionsTests {
    @Test("--size column on run, report and compare gives 1050 px figures at 300 dpi", arguments: [
        ["run", "s.json", "--size", "column"], ["report", "Reports/x", "--size", "column"], ["compare", "Reports/x", "-o", "x.png", "--size", "column"],
    ])
    func columnSize(arguments: [String]) throws {
        let command = try TinyLab.parseAsRoot(arguments)
        let options: FigureOptions? = (command as? RunCommand)?.figures ?? (command as? ReportCommand)?.figures ?? (command as? CompareCommand)?.figures
        let style = try #require(options).style
        #expect(style.pixelWidth == 1050 && style.pixelDotsPerInch == 300 && !style.recordsSVG)
    }

    @Test("flags override the spec's figures setting, which overrides the screen default")
    func precedence() throws {
        let plain = try #require(try TinyLab.parseAsRoot(["report", "Reports/x"]) as? ReportCommand)
        #expect(plain.figures.style(spec: FigureSettings()) == FigureStyle())
        let fromSpec = plain.figures.style(spec: FigureSettings(size: "page", svg: true))
        #expect(fromSpec.pixelWidth == 2100 && fromSpec.recordsSVG)
        let flags = try #require(try TinyLab.parseAsRoot(["report", "Reports/x", "--size", "screen", "--svg", "--scale", "2"]) as? ReportCommand)
        let overridden = flags.figures.style(spec: FigureSettings(size: "page", svg: false))
        #expect(overridden.pixelWidth == 3200 && overridden.dotsPerInch == nil && overridden.recordsSVG)
    }

    @Test("a size that is not one of the three is a usage error that lists them")
    func badSize() {
        do {
            _ = try TinyLab.parseAsRoot(["report", "Reports/x", "--size", "poster"])
            Issue.record("--size poster was accepted")
        } catch {
            let message = TinyLab.message(for: error)
            #expect(message.contains("poster") && message.contains("screen") && message.contains("column") && message.contains("page"), "\(message)")
        }
    }

    @Test("the spec reader's sizes are Plot's, in the same order")
    func sameSizes() {
        #expect(FigureSize.allCases.map(\.rawValue) == FigureSettings.sizes)
    }
}
