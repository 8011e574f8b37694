// The coverage rasterizer: exact areas on a small grid, worked out by hand.
import Foundation
import Testing
@testable import Plot

/// Coverage of each pixel of a w x h grid after adding `polygons`.
private func coverage(_ polygons: [[Point]], width: Int = 8, height: Int = 8) -> [[Float]] {
    var mask = CoverageMask(bounds: Rect(x: 0, y: 0, width: Double(width), height: Double(height)), clip: Rect(x: 0, y: 0, width: Double(width), height: Double(height)))
    for p in polygons { mask.addPolygon(p) }
    var grid = [[Float]](repeating: [Float](repeating: 0, count: width), count: height)
    mask.forEachCovered { x, y, c in grid[y][x] = c }
    return grid
}

private func square(_ x: Double, _ y: Double, _ side: Double) -> [Point] {
    [Point(x, y), Point(x + side, y), Point(x + side, y + side), Point(x, y + side)]
}

@Test("a unit square offset by a quarter pixel covers 3/4 of one pixel and 1/4 of the next")
func quarterOffset() {
    let grid = coverage([square(2.25, 3, 1)])
    #expect(abs(grid[3][2] - 0.75) < 1e-6)
    #expect(abs(grid[3][3] - 0.25) < 1e-6)
    #expect(grid[2][2] == 0 && grid[4][2] == 0)
}

@Test("the coverage of a triangle adds up to its area, in either orientation")
func triangleArea() {
    // Legs 6 and 4: area 12.
    let triangle = [Point(1, 1), Point(7, 1), Point(1, 5)]
    for polygon in [triangle, Array(triangle.reversed())] {
        let total = coverage([polygon]).joined().reduce(0, +)
        #expect(abs(total - 12) < 1e-4)
    }
}

@Test("overlapping pieces of one shape saturate at full coverage: the union's area")
func unionSaturates() {
    // Two 4 x 4 squares overlapping in a 2 x 4 strip: union area 16 + 16 - 8 = 24.
    let grid = coverage([square(1, 1, 4), square(3, 1, 4)])
    #expect(grid.joined().max() == 1)
    #expect(abs(grid.joined().reduce(0, +) - 24) < 1e-4)
}

@Test("a shape reaching beyond the clip keeps exactly the part inside")
func clipKeepsInside() {
    // A 6 x 6 square from (-3, -3): the clip keeps the 3 x 3 corner.
    var mask = CoverageMask(bounds: Rect(x: -3, y: -3, width: 6, height: 6), clip: Rect(x: 0, y: 0, width: 8, height: 8))
    mask.addPolygon(square(-3, -3, 6))
    var total: Float = 0
    mask.forEachCovered { _, _, c in total += c }
    #expect(abs(total - 9) < 1e-4)
}

@Test("a stroke is made of a quad per segment and discs for round joins and caps")
func strokePieces() {
    let pieces = strokePolygons([Point(0, 0), Point(10, 0), Point(10, 10)], width: 2)
    // 2 quads + 3 discs.
    #expect(pieces.count == 5)
    #expect(strokePolygons([Point(3, 3)], width: 4).count == 1)
}

@Test("drainRows gives every pixel the coverage forEachCovered gives, shapes past the edges included, and leaves the cells zero")
func drainRowsMatchesPlainScan() {
    // A triangle, a disc, a band leaving the mask on the right and one entering from the left.
    let shapes: [[Point]] = [
        [Point(1.3, 1.2), Point(9.7, 2.9), Point(4.1, 8.6)],
        circlePolygon(center: Point(12.4, 6.3), radius: 3.3),
        [Point(10.5, 10.25), Point(30, 10.25), Point(30, 12.75), Point(10.5, 12.75)],
        [Point(-5, 1.5), Point(2.5, 1.5), Point(2.5, 3), Point(-5, 3)],
    ]
    var mask = CoverageMask(bounds: Rect(x: 0, y: 0, width: 16, height: 14), clip: Rect(x: 0, y: 0, width: 16, height: 14))
    for shape in shapes { mask.addPolygon(shape) }
    var expected = [[Float]](repeating: [Float](repeating: 0, count: 16), count: 14)
    mask.forEachCovered { x, y, c in expected[y][x] = c }
    var drained = [[Float]](repeating: [Float](repeating: 0, count: 16), count: 14)
    let storage = mask.drainRows { y, x0, coverages, tail in
        for (i, c) in coverages.enumerated() { drained[y][x0 + i] = c }
        for x in (x0 + coverages.count)..<16 { drained[y][x] = tail }
    }
    var worst: Float = 0
    for y in 0..<14 {
        // forEachCovered leaves out coverage below 0.002; so does painting.
        for x in 0..<16 { worst = max(worst, abs((drained[y][x] > 0.002 ? drained[y][x] : 0) - expected[y][x])) }
    }
    #expect(worst == 0)
    // The band reaches past the right edge: its rows keep full coverage to the last pixel.
    #expect(drained[11][15] == 1)
    #expect(storage.allSatisfy { $0 == 0 })
    #expect(mask.cells.allSatisfy { $0 == 0 })
}
