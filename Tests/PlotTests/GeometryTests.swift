// Geometry: clipping segments, polylines and polygons to a rectangle, and cutting dashes.
import Foundation
import Testing
@testable import Plot

private let box = Rect(x: 0, y: 0, width: 10, height: 10)

@Test("a segment crossing the box is cut at its sides; one outside is dropped")
func segmentClipping() throws {
    // From (-5, 5) to (15, 5): enters at x = 0 and leaves at x = 10.
    let (a, b) = try #require(clipSegment(Point(-5, 5), Point(15, 5), to: box))
    #expect(a == Point(0, 5) && b == Point(10, 5))
    #expect(clipSegment(Point(-5, -1), Point(15, -1), to: box) == nil)
    // The diagonal from (-10, -10) to (20, 20) keeps its part from (0, 0) to (10, 10).
    let (c, d) = try #require(clipSegment(Point(-10, -10), Point(20, 20), to: box))
    #expect(abs(c.x) < 1e-12 && abs(d.y - 10) < 1e-12)
}

@Test("a polyline leaving and re-entering the box, or with a NaN, becomes separate runs")
func polylineClipping() {
    let runs = clipPolyline([Point(1, 1), Point(5, 5), Point(5, 20), Point(8, 5), Point(9, 5)], to: box)
    #expect(runs.count == 2)
    #expect(runs.first?.first == Point(1, 1))
    #expect(runs.last?.last == Point(9, 5))
    let gap = clipPolyline([Point(1, 1), Point(2, 2), Point(.nan, 3), Point(4, 4), Point(5, 5)], to: box)
    #expect(gap.count == 2)
    #expect(clipPolyline([Point(3, 3)], to: box) == [[Point(3, 3)]])
    #expect(clipPolyline([Point(1e300, 3), Point(-1e300, 4)], to: box).count == 1)
}

@Test("a polygon larger than the box is clipped to the box itself")
func polygonClipping() {
    let clipped = clipPolygon([Point(-5, -5), Point(15, -5), Point(15, 15), Point(-5, 15)], to: box)
    // Area 100 = the box; twice the signed area is 200.
    #expect(abs(abs(signedArea2(clipped)) - 200) < 1e-9)
    #expect(clipPolygon([Point(20, 20), Point(30, 20), Point(30, 30)], to: box).isEmpty)
}

@Test("dashes follow the pattern along the path, across corners")
func dashing() {
    // 20 px to the right, then 20 px down; pattern 6 on, 4 off: dashes start at 0, 10, 20, 30.
    let dashes = dashed([Point(0, 0), Point(20, 0), Point(20, 20)], pattern: [6, 4])
    #expect(dashes.count == 4)
    func length(_ line: [Point]) -> Double { zip(line, line.dropFirst()).reduce(0) { $0 + ($1.1 - $1.0).length } }
    for dash in dashes { #expect(abs(length(dash) - 6) < 1e-9) }
    #expect(dashes[2].first == Point(20, 0))
    // An odd or non-positive pattern leaves the line solid.
    #expect(dashed([Point(0, 0), Point(5, 0)], pattern: [3]).count == 1)
}

@Test("circle polygons use more segments for bigger radii and stay on the circle")
func circles() {
    let small = circlePolygon(center: Point(0, 0), radius: 1)
    let big = circlePolygon(center: Point(0, 0), radius: 50)
    #expect(small.count == 8)
    // 2 pi 50 / 1.5 = 209 segments wanted, capped at 96.
    #expect(big.count == 96)
    #expect(big.allSatisfy { abs($0.length - 50) < 1e-9 })
}

@Test("a dense line is thinned to at most four points per sixteenth of a pixel, keeping its ends and extremes in order")
func thinningKeepsExtremes() {
    // 1,000 points over 10 px: 160 columns of 6 or 7 points, zig-zagging between y = 0 and y = 10.
    let dense = (0..<1000).map { i -> Point in
        let y: Double = i % 2 == 0 ? 0 : 10 - Double(i % 7) * 0.1
        return Point(Double(i) / 100, y)
    }
    let thin = thinned(dense)
    #expect(thin.count <= 4 * 161 && thin.count < 1000)
    #expect(thin.first == dense.first && thin.last == dense.last)
    let ys = thin.map { $0.y }
    #expect(ys.max() == 10 && ys.min() == 0)
    #expect(zip(thin, thin.dropFirst()).allSatisfy { $0.x <= $1.x })
}

@Test("lines with up to 16 points per pixel, lines that turn back in x and lines with gaps are left as they are")
func thinningLeavesOthers() {
    let sparse = (0..<150).map { Point(Double($0) / 10, Double($0 % 5)) }
    #expect(thinned(sparse) == sparse)
    let back = (0..<400).map { Point(Double($0 % 7) * 0.01, Double($0)) }
    #expect(thinned(back) == back)
    var gap = (0..<400).map { Point(Double($0) * 0.01, Double($0 % 3)) }
    gap[200] = Point(.nan, 0)
    #expect(thinned(gap).count == 400)
}

@Test("a thinned noisy band keeps its ink: within 3% in total and half a pixel in every column")
func thinnedStrokeLooksTheSame() throws {
    // 6,000 steps over 20 px (300 per pixel) of a falling loss with noise 4 px high.
    var random = BenchmarkRandom(seed: 5)
    let dense = (0..<6000).map { i -> Point in
        let x = 3 + Double(i) / 300
        return Point(x, 8 + 12 * exp(-(x - 3) / 8) + (random.uniform() - 0.5) * 4)
    }
    let thin = try Canvas(width: 30, height: 30)
    thin.stroke(dense, width: 1.5, color: .black)
    let full = try Canvas(width: 30, height: 30)
    full.fill(strokePolygons(dense, width: 1.5), color: .black)
    var worst = 0.0
    var inkThin = 0.0
    var inkFull = 0.0
    for x in 0..<30 {
        var a = 0.0
        var b = 0.0
        for y in 0..<30 {
            a += 1 - thin.pixel(x: x, y: y).red
            b += 1 - full.pixel(x: x, y: y).red
        }
        worst = max(worst, abs(a - b))
        inkThin += a
        inkFull += b
    }
    #expect(worst <= 0.5, "a column's ink differs by \(worst) px")
    #expect(abs(inkThin - inkFull) <= 0.03 * inkFull, "ink \(inkThin) against \(inkFull)")
}
