// Marks: markers with white edges, error bars and bands land on the pixels they should.
import Foundation
import Testing
@testable import Plot

@Test("a circle marker is its colour at the centre with a white ring just outside")
func markerWithEdge() throws {
    let canvas = try Canvas(width: 40, height: 40, background: Color(hex: 0x808080))
    canvas.drawMarker(.circle, at: Point(20.5, 20.5), radius: 6, color: Color(hex: 0xD55E00), edgeWidth: 2)
    expectColor(canvas.pixel(x: 20, y: 20), near: Color(hex: 0xD55E00), tolerance: 0)
    // 7 px right of the centre lies in the ring from radius 6 to 8.
    expectColor(canvas.pixel(x: 27, y: 20), near: .white, tolerance: 2)
    expectColor(canvas.pixel(x: 32, y: 20), near: Color(hex: 0x808080), tolerance: 0)
}

@Test("every marker shape draws ink around its centre", arguments: [MarkerShape.circle, .square, .diamond, .triangle, .cross])
func shapesDraw(shape: MarkerShape) throws {
    let canvas = try Canvas(width: 30, height: 30)
    canvas.drawMarker(shape, at: Point(15, 15), radius: 6, color: .black, edge: nil)
    #expect(inkCount(canvas, x: 5..<25, y: 5..<25) > 30)
    #expect(inkCount(canvas, x: 0..<30, y: 0..<3) == 0)
}

@Test("an error bar covers the span between its ends and has caps")
func errorBar() throws {
    let canvas = try Canvas(width: 40, height: 40)
    canvas.drawErrorBar(x: 20.5, low: 30, high: 10, capWidth: 10, width: 2, color: .black)
    #expect(canvas.pixel(x: 20, y: 20).red < 0.1)
    #expect(canvas.pixel(x: 17, y: 10).red < 0.5)  // cap
    #expect(canvas.pixel(x: 17, y: 20).red > 0.99)  // beside the bar
}

@Test("a band fills between its curves with the band colour and splits at gaps")
func band() throws {
    let canvas = try Canvas(width: 40, height: 40)
    let upper = [Point(0, 10), Point(15, 10), Point(.nan, 10), Point(25, 10), Point(40, 10)]
    let lower = [Point(0, 30), Point(15, 30), Point(20, 30), Point(25, 30), Point(40, 30)]
    canvas.fillBand(upper: upper, lower: lower, color: Color.black.withAlpha(0.5))
    expectColor(canvas.pixel(x: 5, y: 20), near: Color.black.over(.white, opacity: 0.5), tolerance: 1)
    expectColor(canvas.pixel(x: 35, y: 20), near: Color.black.over(.white, opacity: 0.5), tolerance: 1)
    // The gap between x = 15 and 25 stays empty.
    expectColor(canvas.pixel(x: 20, y: 20), near: .white, tolerance: 0)
}
