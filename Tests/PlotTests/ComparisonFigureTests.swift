// The comparison figure: one legend entry per input in its colour, the best run of a sweep bold,
// diverged runs kept off the loss axis.
import Foundation
import Testing
@testable import Plot

private func flat(_ y: Double, to last: Double = 100) -> [(x: Double, y: Double)] {
    stride(from: 0.0, through: last, by: 10).map { (x: $0, y: y) }
}

@Suite struct ComparisonFigureTests {
    @Test("each input gets one legend entry, in order, whatever its number of runs")
    func legendPerInput() throws {
        let series = [
            ComparedSeries(label: "before · 3 runs", curves: [ComparedCurve(points: flat(2)), ComparedCurve(points: flat(3)), ComparedCurve(points: flat(4))]),
            ComparedSeries(label: "after / lr=0.3", curves: [ComparedCurve(points: flat(1.5))]),
            ComparedSeries(label: "other", curves: [ComparedCurve(points: flat(2.5), diverged: true)]),
        ]
        let (canvas, frame) = try ComparisonFigure(title: "t", series: series, style: smallStyle).draw()
        #expect(frame.spec.legend?.entries.map(\.label) == ["before · 3 runs", "after / lr=0.3", "other"])
        #expect(canvas.width == smallStyle.pixelWidth && canvas.height == smallStyle.pixelHeight)
    }

    @Test("an input's emphasized run is drawn bold in the input's colour, the others thin and pale")
    func boldBest() throws {
        let series = [
            ComparedSeries(label: "a", curves: [ComparedCurve(points: flat(4)), ComparedCurve(points: flat(2), emphasized: true)]),
            ComparedSeries(label: "b", curves: [ComparedCurve(points: flat(3))]),
        ]
        #expect(!ComparisonFigure.isBold(0, of: series[0]) && ComparisonFigure.isBold(1, of: series[0]))
        // An input's only trained run is bold without being emphasized.
        #expect(ComparisonFigure.isBold(0, of: series[1]))
        let (canvas, frame) = try ComparisonFigure(title: "t", series: series, style: FigureStyle(width: 800, height: 500, scale: 1)).draw()
        // Step 35 is clear of the legend, and data lines are drawn over the grid.
        let bold = frame.point(35, 2)
        expectColor(canvas.pixel(x: Int(bold.x), y: Int(bold.y.rounded())), near: Palette.okabeIto[0], tolerance: 4)
        let other = frame.point(35, 3)
        expectColor(canvas.pixel(x: Int(other.x), y: Int(other.y.rounded())), near: Palette.okabeIto[1], tolerance: 4)
        let thin = frame.point(35, 4)
        let pale = canvas.pixel(x: Int(thin.x), y: Int(thin.y.rounded()))
        // Drawn at 45% over white (and thinner than a pixel's worth of full coverage): visibly lighter.
        #expect(pale.red > Palette.okabeIto[0].red + 0.2)
    }

    @Test("a diverged run is drawn but does not stretch the loss axis, and is never bold")
    func divergedOffRange() throws {
        let series = [
            ComparedSeries(label: "a", curves: [ComparedCurve(points: flat(2)), ComparedCurve(points: flat(900), diverged: true)]),
        ]
        let (_, frame) = try ComparisonFigure(title: "t", series: series, style: smallStyle).draw()
        #expect(frame.y.hi < 10)
        let lone = ComparedSeries(label: "d", curves: [ComparedCurve(points: flat(1), diverged: true, emphasized: true)])
        #expect(!ComparisonFigure.isBold(0, of: lone))
    }

    @Test("no inputs, empty curves and non-finite losses draw an empty plot without failing")
    func empty() throws {
        for series in [[], [ComparedSeries(label: "x", curves: [])], [ComparedSeries(label: "y", curves: [ComparedCurve(points: [(x: 0, y: .nan)])])]] {
            #expect(try ComparisonFigure(title: "t", series: series, logY: true, style: smallStyle).render().width == smallStyle.pixelWidth)
        }
    }
}
