// Points, rectangles and the clipping that keeps pixel coordinates small before rasterizing.
// Data can map to pixels far outside the canvas (huge ranges, log of tiny values); clipping in
// Double first means the rasterizer only ever sees coordinates near the canvas.
// Leaves out curves: every shape here is a polygon or a polyline.
import Foundation

/// A position in pixels, x to the right and y downwards, pixel centres at half-integers.
struct Point: Hashable, Sendable {
    var x: Double
    var y: Double

    init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    var isFinite: Bool { x.isFinite && y.isFinite }

    static func + (a: Point, b: Point) -> Point { Point(a.x + b.x, a.y + b.y) }
    static func - (a: Point, b: Point) -> Point { Point(a.x - b.x, a.y - b.y) }
    static func * (a: Point, k: Double) -> Point { Point(a.x * k, a.y * k) }

    var length: Double { (x * x + y * y).squareRoot() }
}

/// An axis-aligned rectangle in pixels.
struct Rect: Hashable, Sendable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.init(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
    }

    var minX: Double { x }
    var minY: Double { y }
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    func insetBy(_ d: Double) -> Rect {
        Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d)
    }

    func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    func contains(_ p: Point) -> Bool {
        p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY
    }

    func contains(_ r: Rect) -> Bool {
        r.minX >= minX && r.maxX <= maxX && r.minY >= minY && r.maxY <= maxY
    }
}

// MARK: - Clipping

/// Clips the segment a-b to `rect` (Liang-Barsky); nil when nothing of it is inside.
func clipSegment(_ a: Point, _ b: Point, to rect: Rect) -> (Point, Point)? {
    let d = b - a
    var t0 = 0.0
    var t1 = 1.0
    // Each pair is (p, q) for one side: the segment is inside that side where p * t <= q.
    let sides = [(-d.x, a.x - rect.minX), (d.x, rect.maxX - a.x), (-d.y, a.y - rect.minY), (d.y, rect.maxY - a.y)]
    for (p, q) in sides {
        if p == 0 {
            if q < 0 { return nil }
            continue
        }
        let t = q / p
        if p < 0 {
            if t > t1 { return nil }
            t0 = max(t0, t)
        } else {
            if t < t0 { return nil }
            t1 = min(t1, t)
        }
    }
    return (a + d * t0, a + d * t1)
}

/// Splits a polyline into the runs that lie inside `rect`, cutting segments at its border.
/// Non-finite points break the line, as a gap in the data would.
func clipPolyline(_ points: [Point], to rect: Rect) -> [[Point]] {
    var runs: [[Point]] = []
    var current: [Point] = []
    func finish() {
        if !current.isEmpty { runs.append(current) }
        current = []
    }
    if points.count == 1, let p = points.first, p.isFinite, rect.contains(p) {
        return [[p]]
    }
    for i in 0..<max(0, points.count - 1) {
        let a = points[i]
        let b = points[i + 1]
        guard a.isFinite, b.isFinite, let (ca, cb) = clipSegment(a, b, to: rect) else {
            finish()
            continue
        }
        if let last = current.last, last == ca {
            current.append(cb)
        } else {
            finish()
            current = [ca, cb]
        }
        // subtle: a segment that leaves the rectangle ends the run even if the next one re-enters.
        if cb != b { finish() }
    }
    finish()
    return runs
}

/// Clips a polygon to `rect` (Sutherland-Hodgman); the result may be empty.
func clipPolygon(_ polygon: [Point], to rect: Rect) -> [Point] {
    var output = polygon.filter(\.isFinite)
    // One pass per side: keep what is inside, add the crossing points.
    let sides: [(Point) -> Double] = [
        { $0.x - rect.minX }, { rect.maxX - $0.x }, { $0.y - rect.minY }, { rect.maxY - $0.y },
    ]
    for inside in sides {
        let input = output
        output = []
        guard let last = input.last else { break }
        var previous = last
        for current in input {
            let dc = inside(current)
            let dp = inside(previous)
            if dc >= 0 {
                if dp < 0 { output.append(previous + (current - previous) * (dp / (dp - dc))) }
                output.append(current)
            } else if dp >= 0 {
                output.append(previous + (current - previous) * (dp / (dp - dc)))
            }
            previous = current
        }
    }
    return output
}

/// Cuts a polyline into dashes following `pattern` (on, off, on, off... lengths in pixels).
func dashed(_ points: [Point], pattern: [Double]) -> [[Point]] {
    guard pattern.count >= 2, pattern.count % 2 == 0, pattern.allSatisfy({ $0 > 0 }), points.count >= 2 else {
        return [points]
    }
    var dashes: [[Point]] = []
    var index = 0  // the pattern entry being walked; even entries are drawn
    var remaining = pattern[0]  // pixels left in that entry
    var current: [Point] = [points[0]]
    for i in 1..<points.count {
        var a = points[i - 1]
        let b = points[i]
        while true {
            let left = (b - a).length
            if left <= remaining {
                remaining -= left
                if index % 2 == 0 { current.append(b) }
                break
            }
            let cut = a + (b - a) * (remaining / left)
            if index % 2 == 0 {
                current.append(cut)
                dashes.append(current)
                current = []
            } else {
                current = [cut]
            }
            a = cut
            index = (index + 1) % pattern.count
            remaining = pattern[index]
        }
    }
    if index % 2 == 0, current.count >= 2 { dashes.append(current) }
    return dashes
}

/// A very dense polyline reduced to the points that show: where a line has more than 16 points
/// per pixel of x, each column of `column` pixels keeps only its first, lowest, highest and last
/// point, in their order (the M4 aggregation of Jugel et al., "M4: A Visualization-Oriented
/// Time Series Data Aggregation", PVLDB 2014). The line still reaches every column's extremes;
/// stroked, a noisy band of a million training steps keeps its shape and about 98% of its ink
/// (the edges lose a little where a dropped point stood next to a column's extreme) at a tenth
/// of the cost. Lines whose x ever decreases or that have a non-finite point are left as they are.
func thinned(_ points: [Point], column: Double = 1.0 / 16) -> [Point] {
    guard let first = points.first, let last = points.last, Double(points.count) > 16 * (last.x - first.x) + 16 else { return points }
    var previous = -Double.infinity
    for p in points {
        guard p.isFinite, p.x >= previous else { return points }
        previous = p.x
    }
    var kept: [Point] = []
    kept.reserveCapacity(min(points.count, 4 * Int((last.x - first.x) / column) + 8))
    var start = 0
    while start < points.count {
        // The points of one column: indices start..<end.
        let bucket = (points[start].x / column).rounded(.down)
        var end = start + 1
        var low = start
        var high = start
        while end < points.count, (points[end].x / column).rounded(.down) == bucket {
            if points[end].y < points[low].y { low = end }
            if points[end].y > points[high].y { high = end }
            end += 1
        }
        if end - start <= 4 {
            kept += points[start..<end]
        } else {
            for i in Set([start, low, high, end - 1]).sorted() { kept.append(points[i]) }
        }
        start = end
    }
    return kept
}

/// Twice the signed area of a polygon (shoelace); positive when it runs clockwise on screen.
func signedArea2(_ polygon: [Point]) -> Double {
    var sum = 0.0
    for i in polygon.indices {
        let a = polygon[i]
        let b = polygon[(i + 1) % polygon.count]
        sum += a.x * b.y - b.x * a.y
    }
    return sum
}

/// A regular polygon approximating a circle, fine enough that its edges are below a pixel.
func circlePolygon(center: Point, radius: Double) -> [Point] {
    let n = min(96, max(8, Int((2 * Double.pi * radius / 1.5).rounded(.up))))
    return unitCircles[n].map { Point(center.x + radius * $0.x, center.y + radius * $0.y) }
}

/// [n]: the n vertices of the regular n-gon on the unit circle, for n up to 96; computed once,
/// because every marker and every round join of a stroke is such a polygon.
private let unitCircles: [[Point]] = (0...96).map { n in
    (0..<n).map { i in
        let a = 2 * Double.pi * Double(i) / Double(n)
        return Point(cos(a), sin(a))
    }
}

/// A rectangle with rounded corners as a polygon.
func roundedRectPolygon(_ r: Rect, radius: Double) -> [Point] {
    let rad = max(0, min(radius, r.width / 2, r.height / 2))
    guard rad > 0.5 else {
        return [Point(r.minX, r.minY), Point(r.maxX, r.minY), Point(r.maxX, r.maxY), Point(r.minX, r.maxY)]
    }
    var points: [Point] = []
    let corners = [
        (Point(r.maxX - rad, r.minY + rad), -Double.pi / 2),
        (Point(r.maxX - rad, r.maxY - rad), 0.0),
        (Point(r.minX + rad, r.maxY - rad), Double.pi / 2),
        (Point(r.minX + rad, r.minY + rad), Double.pi),
    ]
    let steps = 8
    for (c, start) in corners {
        for s in 0...steps {
            let a = start + Double.pi / 2 * Double(s) / Double(steps)
            points.append(Point(c.x + rad * cos(a), c.y + rad * sin(a)))
        }
    }
    return points
}
