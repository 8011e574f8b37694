// Parallel coordinates: an axis per setting and one for the loss, every run a line through its
// values coloured by its loss, the best drawn last and bold; categories spread by loss.
import Foundation
import Testing
@testable import Plot

/// Twelve runs over a learning rate drawn log-uniformly and three sizes; loss = 2 + i / 10 (run 0 best).
private let sweep: [SweepRun] = (0..<12).map { i in
    SweepRun(id: "r\(i)", values: ["lr": .number(0.01 * pow(2, Double(i))), "size": .number(Double([8, 16, 32][i % 3]))],
             seed: 1, validation: [], finalValidationLoss: 2 + Double(i) / 10)
}

@Suite struct ParallelCoordinatesFigureTests {
    @Test("one axis per setting in the order given, then the loss axis, evenly spaced left to right")
    func axes() throws {
        let (_, axes, _, _) = try ParallelCoordinatesFigure(title: "p", runs: sweep, axes: ["size", "lr"],
                                                            scales: ["lr": .continuous(log: true)], style: smallStyle).draw()
        #expect(axes.map(\.name) == ["size", "lr", "final validation loss (nats per token)"])
        let gaps = zip(axes.dropFirst(), axes).map { $0.x - $1.x }
        #expect(gaps.allSatisfy { $0 > 0 } && abs(gaps[0] - gaps[1]) <= 1)
        // The log axis puts 0.01 x 2^k at equal steps: positions of 0.02, 0.04, 0.08 are evenly spaced.
        let p = [0.02, 0.04, 0.08].compactMap { axes[1].position(.number($0)) }
        #expect(p.count == 3 && abs((p[1] - p[0]) - (p[2] - p[1])) < 1e-9)
        // Categories: three sizes at the middles of thirds.
        #expect(axes[0].position(.number(16)) == 0.5 && axes[0].band == 1.0 / 3)
    }

    @Test("the best run is drawn last, bold, in the darkest colour, through its values")
    func bestOnTop() throws {
        let (canvas, axes, top, bottom) = try ParallelCoordinatesFigure(title: "p", runs: sweep, axes: ["size", "lr"],
                                                                        scales: ["lr": .continuous(log: true)], style: smallStyle).draw()
        // Run 0 (size 8, lr 0.01, loss 2.0): halfway between the size and lr axes its line is at the
        // average of its two ends. Size 8 is the bottom category, spread up by 0.6 x half a band as the best.
        let sizeY = bottom - (1.0 / 6 + 1.0 / 3 * 0.6 * 0.5) * (bottom - top)
        let lrY = bottom - (try #require(axes[1].position(.number(0.01)))) * (bottom - top)
        let x = (axes[0].x + axes[1].x) / 2
        let y = (sizeY + lrY) / 2
        // 0 on the colormap (darkest violet), the lowest loss; the 1.8 px line covers most of its centre pixel.
        expectColor(canvas.pixel(x: Int(x), y: Int(y)), near: Colormap.sequential.color(at: 0), tolerance: 20)
        // Size 8 is the bottom of three categories, centred at 1/6 before runs spread over its band.
        #expect(try #require(axes[0].position(.number(8))) == 1.0 / 6)
    }

    @Test("a diverged run ends above the loss axis, marked; runs without a loss are left out")
    func diverged() throws {
        var runs = sweep
        runs.append(SweepRun(id: "d", values: ["lr": .number(10), "size": .number(8)], seed: 1, validation: [],
                             finalValidationLoss: nil, diverged: true))
        runs.append(SweepRun(id: "f", values: ["lr": .number(0.5), "size": .number(8)], seed: 1, validation: [], finalValidationLoss: nil))
        let style = FigureStyle(width: 800, height: 500, scale: 0.6, recordsSVG: true)
        let svg = try #require(try ParallelCoordinatesFigure(title: "p", runs: runs, style: style).render().svgText())
        #expect(svg.contains(">diverged</text>"))
        #expect(svg.contains("<title>lr = 10, size = 8 · 1 diverged · run d</title>"))
        #expect(!svg.contains("run f</title>"))
        #expect(svg.components(separatedBy: "<g><title>").count - 1 == 13)
    }

    @Test("an axis no run has is an error; no runs at all draw a note")
    func edges() throws {
        #expect(throws: PlotError.unknownAxis(name: "x", available: ["lr", "size"])) {
            try ParallelCoordinatesFigure(title: "p", runs: sweep, axes: ["x"], style: smallStyle).render()
        }
        #expect(try ParallelCoordinatesFigure(title: "p", runs: [], style: smallStyle).render().width == 480)
    }
}
