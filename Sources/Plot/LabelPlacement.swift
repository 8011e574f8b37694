// Greedy placement of point labels without collisions, most important label first. Each label
// tries a ring of positions around its point, near ones first, then farther ones that get a
// leader line; the first position that overlaps no placed label, covers no other point and
// stays inside the bounds wins. Labels with no such position are dropped, not squeezed in.
// Leaves out optimisation (simulated annealing): greedy is predictable and good enough.
import Foundation

/// A label that found a place.
struct PlacedLabel: Equatable {
    /// Which label (index into the request).
    var index: Int
    /// Its box in pixels.
    var rect: Rect
    /// Whether it sits far enough from its point to need a leader line.
    var needsLeader: Bool
}

/// One label to place: the point it belongs to and its text box size.
struct LabelRequest {
    var anchor: Point
    var width: Double
    var height: Double
}

struct LabelPlacer {
    /// Labels must lie inside this rectangle.
    var bounds: Rect
    /// Every data point, which labels must not cover (a label may touch its own point's ring).
    var points: [Point]
    /// Radius of a point marker in pixels.
    var pointRadius: Double
    /// Empty space kept between labels and around points.
    var gap: Double
    /// Areas already taken (a legend box).
    var blocked: [Rect] = []

    /// Places labels in the order given (put the important ones first); returns those placed.
    func place(_ labels: [LabelRequest]) -> [PlacedLabel] {
        var grid = SpatialGrid(cell: max(16, 4 * pointRadius))
        for (i, p) in points.enumerated() where p.isFinite { grid.insert(Rect(x: p.x, y: p.y, width: 0, height: 0), id: i) }
        var labelGrid = SpatialGrid(cell: 64)
        var placed: [PlacedLabel] = []
        for (index, label) in labels.enumerated() where label.anchor.isFinite {
            for (rect, far) in candidates(for: label) {
                guard bounds.contains(rect) else { continue }
                let padded = rect.insetBy(-gap)
                if blocked.contains(where: { $0.intersects(padded) }) { continue }
                if labelGrid.contains(near: padded, where: { placed[$0].rect.insetBy(-gap / 2).intersects(padded) }) { continue }
                let reach = padded.insetBy(-pointRadius)
                let covers = grid.contains(near: reach) { i in
                    let p = points[i]
                    return p != label.anchor && distanceSquared(from: p, to: padded) < pointRadius * pointRadius
                }
                if covers { continue }
                labelGrid.insert(rect, id: placed.count)
                placed.append(PlacedLabel(index: index, rect: rect, needsLeader: far))
                break
            }
        }
        return placed
    }

    /// Candidate boxes around the point, nearest first: right, left, above, below, then the
    /// diagonals, then the same ring at two larger distances (those need a leader line).
    func candidates(for label: LabelRequest) -> [(Rect, Bool)] {
        let w = label.width
        let h = label.height
        let p = label.anchor
        var out: [(Rect, Bool)] = []
        for (ring, distance) in [pointRadius + gap, 3 * pointRadius + 3 * gap, 6 * pointRadius + 5 * gap].enumerated() {
            let d = distance
            let diagonal = d * 0.75
            let boxes = [
                Rect(x: p.x + d, y: p.y - h / 2, width: w, height: h),
                Rect(x: p.x - d - w, y: p.y - h / 2, width: w, height: h),
                Rect(x: p.x - w / 2, y: p.y - d - h, width: w, height: h),
                Rect(x: p.x - w / 2, y: p.y + d, width: w, height: h),
                Rect(x: p.x + diagonal, y: p.y - diagonal - h, width: w, height: h),
                Rect(x: p.x - diagonal - w, y: p.y - diagonal - h, width: w, height: h),
                Rect(x: p.x + diagonal, y: p.y + diagonal, width: w, height: h),
                Rect(x: p.x - diagonal - w, y: p.y + diagonal, width: w, height: h),
            ]
            out += boxes.map { ($0, ring > 0) }
        }
        return out
    }
}

/// Squared distance from a point to the nearest point of a rectangle (0 inside it).
func distanceSquared(from p: Point, to r: Rect) -> Double {
    let dx = max(r.minX - p.x, 0, p.x - r.maxX)
    let dy = max(r.minY - p.y, 0, p.y - r.maxY)
    return dx * dx + dy * dy
}

/// The point of `r`'s border nearest to `p`, where a leader line from `p` should end.
func nearestBorderPoint(of r: Rect, to p: Point) -> Point {
    Point(max(r.minX, min(p.x, r.maxX)), max(r.minY, min(p.y, r.maxY)))
}

/// Buckets rectangles by grid cell so overlap queries look at neighbours only.
struct SpatialGrid {
    let cell: Double
    private var buckets: [Int64: [Int]] = [:]

    init(cell: Double) {
        self.cell = cell
    }

    /// The cell range `r` touches, or nil when it is empty.
    private func cellRange(_ r: Rect) -> (x: ClosedRange<Int64>, y: ClosedRange<Int64>)? {
        let x0 = Int64((max(-1e7, r.minX) / cell).rounded(.down))
        let x1 = Int64((min(1e7, r.maxX) / cell).rounded(.down))
        let y0 = Int64((max(-1e7, r.minY) / cell).rounded(.down))
        let y1 = Int64((min(1e7, r.maxY) / cell).rounded(.down))
        guard x0 <= x1, y0 <= y1 else { return nil }
        return (x0...x1, y0...y1)
    }

    private static func key(_ x: Int64, _ y: Int64) -> Int64 { x << 32 ^ (y & 0xFFFF_FFFF) }

    mutating func insert(_ r: Rect, id: Int) {
        guard let range = cellRange(r) else { return }
        for x in range.x {
            for y in range.y { buckets[SpatialGrid.key(x, y), default: []].append(id) }
        }
    }

    /// Whether `predicate` holds for something inserted in the cells `r` touches; stops at the
    /// first. An id in several of those cells may be tested more than once.
    func contains(near r: Rect, where predicate: (Int) -> Bool) -> Bool {
        guard let range = cellRange(r) else { return false }
        for x in range.x {
            for y in range.y {
                guard let ids = buckets[SpatialGrid.key(x, y)] else { continue }
                if ids.contains(where: predicate) { return true }
            }
        }
        return false
    }
}
