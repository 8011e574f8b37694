// The importance figure: a bar per setting as long as its share, largest on top, the residual
// last in grey, the percentage written beside or inside each bar.
import Foundation
import Testing
@testable import Plot

@Suite struct ImportanceFigureTests {
    @Test("each bar ends at its share of the axis, in order from the top, the residual grey")
    func bars() throws {
        let (canvas, frame) = try ImportanceFigure(title: "i", shares: [("learning_rate", 0.7), ("hidden_size", 0.2)], residual: 0.1,
                                                   style: smallStyle).draw()
        #expect(frame.yTicks.map(\.label) == ["learning_rate", "hidden_size", "interactions and noise"])
        #expect(frame.yTicks.map(\.value) == [2, 1, 0])
        let row = Int(frame.y.pixel(2))
        // Inside the bar at 50%; past its end at 70%, white between the grid lines (at 80% and at the row's middle).
        expectColor(canvas.pixel(x: Int(frame.x.pixel(0.5)), y: row - 4), near: Palette.okabeIto[0], tolerance: 1)
        #expect(inkCount(canvas, x: Int(frame.x.pixel(0.72))..<Int(frame.x.pixel(0.78)), y: row - 12..<row - 5) == 0)
        let residual = Int(frame.y.pixel(0))
        expectColor(canvas.pixel(x: Int(frame.x.pixel(0.05)), y: residual - 2), near: Color(hex: 0xA6A6A6), tolerance: 1)
    }

    @Test("percentages are whole, with <1% for small nonzero shares")
    func percent() {
        #expect(ImportanceFigure.percent(0.7049) == "70%" && ImportanceFigure.percent(0.004) == "<1%" && ImportanceFigure.percent(0) == "0%")
    }

    @Test("a figure is only as tall as its bars need")
    func height() throws {
        let two = try ImportanceFigure(title: "i", shares: [("a", 0.5), ("b", 0.3)], style: FigureStyle(scale: 0.5)).render()
        #expect(two.height < 500 && two.width == 800)
    }
}
