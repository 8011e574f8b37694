// Anti-aliased filling of polygons with exact area coverage, the way font rasterizers do it.
// Each edge adds the signed area it sweeps to a cell buffer; a running sum along a row then
// gives, for every pixel, the fraction of it that the shape covers. libgd's own thick lines
// have no anti-aliasing, so every line, marker and band in Plot goes through here.
// Leaves out even-odd filling: shapes are unions of same-orientation polygons, clamped at 1.
import Foundation

/// The coverage (0...1 per pixel) of a union of polygons inside an integer clip rectangle.
struct CoverageMask {
    /// Pixel column and row of cell (0, 0).
    let originX: Int
    let originY: Int
    let width: Int
    let height: Int
    /// [height, width + 1]: signed area deltas; the running sum of a row up to column x is the
    /// coverage of pixel x. The extra column takes the area right of the last pixel. Cells no
    /// edge touched are zero.
    private(set) var cells: [Float]
    /// [height]: the first and last cell of each row an edge touched; first > last for none.
    private var touchedLow: [Int32]
    private var touchedHigh: [Int32]

    /// A mask covering `bounds` (the shapes' extent) cut to `clip`, both in pixels. `storage`
    /// is an all-zero array to reuse (from ``drainRows(_:)``); it grows when too small.
    init(bounds: Rect, clip: Rect, storage: [Float] = []) {
        let x0 = max(Int(clip.minX.rounded(.down)), Int(max(-1e9, bounds.minX).rounded(.down)))
        let y0 = max(Int(clip.minY.rounded(.down)), Int(max(-1e9, bounds.minY).rounded(.down)))
        let x1 = min(Int(clip.maxX.rounded(.up)), Int(min(1e9, bounds.maxX).rounded(.up)))
        let y1 = min(Int(clip.maxY.rounded(.up)), Int(min(1e9, bounds.maxY).rounded(.up)))
        originX = x0
        originY = y0
        width = max(0, x1 - x0)
        height = max(0, y1 - y0)
        let count = width > 0 && height > 0 ? height * (width + 1) : 0
        cells = storage
        if cells.count < count { cells.append(contentsOf: repeatElement(0, count: count - cells.count)) }
        touchedLow = [Int32](repeating: Int32.max, count: width > 0 ? height : 0)
        touchedHigh = [Int32](repeating: -1, count: width > 0 ? height : 0)
    }

    var isEmpty: Bool { width == 0 || height == 0 }

    /// Adds a closed polygon. Polygons are normalised to one orientation, so overlapping
    /// pieces of one shape (segments and joins of a stroke) add up and saturate at full coverage.
    mutating func addPolygon(_ polygon: [Point]) {
        guard polygon.count >= 3, !isEmpty else { return }
        let clockwise = signedArea2(polygon) >= 0
        for i in polygon.indices {
            let a = polygon[i]
            let b = polygon[(i + 1) % polygon.count]
            if clockwise { addEdge(a, b) } else { addEdge(b, a) }
        }
    }

    /// Adds the area swept by one directed edge, row by row.
    private mutating func addEdge(_ a: Point, _ b: Point) {
        var x0 = a.x - Double(originX)
        var y0 = a.y - Double(originY)
        var x1 = b.x - Double(originX)
        var y1 = b.y - Double(originY)
        guard y0 != y1, x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return }
        var direction: Float = 1
        if y0 > y1 {
            swap(&x0, &x1)
            swap(&y0, &y1)
            direction = -1
        }
        let h = Double(height)
        guard y1 > 0, y0 < h else { return }
        let dxdy = (x1 - x0) / (y1 - y0)
        if y0 < 0 {
            x0 -= y0 * dxdy
            y0 = 0
        }
        if y1 > h {
            x1 -= (y1 - h) * dxdy
            y1 = h
        }
        var row = Int(y0.rounded(.down))
        var top = y0
        while top < y1, row < height {
            let bottom = min(Double(row + 1), y1)
            let xa = x0 + (top - y0) * dxdy
            let xb = x0 + (bottom - y0) * dxdy
            addSpan(row: row, from: xa, to: xb, dy: Float(bottom - top) * direction)
            top = bottom
            row += 1
        }
    }

    /// Adds an edge piece that stays within one row: from x = xa to xb while descending `dy`.
    /// Within a pixel column the area right of the piece is dy * (1 - f), f being the mean
    /// fractional x of the piece there; every pixel further right gets the whole dy.
    private mutating func addSpan(row: Int, from xa: Double, to xb: Double, dy: Float) {
        let lo = min(xa, xb)
        let hi = max(xa, xb)
        let w = Double(width)
        let stride = width + 1
        // The cells this piece can write: from column 0 (area left of the mask) or lo, to hi + 1.
        let first = lo < 0 ? 0 : min(width, Int(lo))
        let last = hi < 0 ? 0 : min(width, Int(hi) + 1)
        touchedLow[row] = min(touchedLow[row], Int32(first))
        touchedHigh[row] = max(touchedHigh[row], Int32(last))
        cells.withUnsafeMutableBufferPointer { cells in
            let base = row * stride
            let span = hi - lo
            if span < 1e-9 {
                // subtle: area left of the mask still counts, it covers the whole row from column 0.
                if lo < 0 {
                    cells[base] += dy
                } else if lo < w {
                    let c = Int(lo)
                    let f = Float(lo - Double(c))
                    cells[base + c] += dy * (1 - f)
                    cells[base + c + 1] += dy * f
                }
                return
            }
            if lo < 0 {
                cells[base] += dy * Float((min(hi, 0) - lo) / span)
            }
            let start = max(lo, 0)
            let end = min(hi, w)
            guard start < end else { return }
            var c = Int(start)
            while Double(c) < end {
                let s = max(start, Double(c))
                let e = min(end, Double(c + 1))
                if e > s {
                    let piece = dy * Float((e - s) / span)
                    let f = Float((s + e) / 2 - Double(c))
                    cells[base + c] += piece * (1 - f)
                    cells[base + c + 1] += piece * f
                }
                c += 1
            }
        }
    }

    /// Row by row, the coverage of the pixels shapes reach, running sums clamped to 1:
    /// `body(y, x, coverages, tail)` says pixels x, x + 1, ... have `coverages`, and every pixel
    /// after those up to the mask's right edge has `tail` (non-zero where a shape reaches past
    /// that edge). Rows no shape touches are skipped and no cell is read twice, so the cost
    /// follows the shapes' outlines, not their bounding box. Clears the cells it reads; the
    /// returned array is all zero, to pass as `storage` to the next mask.
    mutating func drainRows(_ body: (_ y: Int, _ x: Int, _ coverages: UnsafeBufferPointer<Float>, _ tail: Float) -> Void) -> [Float] {
        let stride = width + 1
        var row = [Float](repeating: 0, count: stride)
        row.withUnsafeMutableBufferPointer { row in
            cells.withUnsafeMutableBufferPointer { cells in
                for r in 0..<height {
                    let low = Int(touchedLow[r])
                    let high = Int(touchedHigh[r])
                    guard low <= high else { continue }
                    let base = r * stride
                    var sum: Float = 0
                    let end = min(high, width - 1)
                    if low <= end {
                        for column in low...end {
                            sum += cells[base + column]
                            cells[base + column] = 0
                            row[column - low] = min(1, abs(sum))
                        }
                    }
                    // subtle: the extra column only ever holds area right of the last pixel.
                    cells[base + width] = 0
                    let count = max(0, end - low + 1)
                    body(originY + r, originX + low, UnsafeBufferPointer(rebasing: row[0..<count]), min(1, abs(sum)))
                }
            }
        }
        return cells
    }

    /// Calls `body` for every pixel with visible coverage, row by row: the plain form of
    /// ``drainRows(_:)``, which reads only where shapes are and is tested against this.
    func forEachCovered(_ body: (_ x: Int, _ y: Int, _ coverage: Float) -> Void) {
        let stride = width + 1
        cells.withUnsafeBufferPointer { cells in
            for row in 0..<height {
                var sum: Float = 0
                let base = row * stride
                for column in 0..<width {
                    sum += cells[base + column]
                    let coverage = min(1, abs(sum))
                    // Below 1/512 nothing changes an 8-bit channel.
                    if coverage > 0.002 { body(originX + column, originY + row, coverage) }
                }
            }
        }
    }
}

// MARK: - Shapes built from polygons

/// The polygons that make up a stroke of `width` along a polyline: one quad per segment and a
/// disc at every vertex, which gives round joins and round caps.
func strokePolygons(_ points: [Point], width: Double) -> [[Point]] {
    let r = width / 2
    var polygons: [[Point]] = []
    if points.count == 1, let p = points.first {
        return [circlePolygon(center: p, radius: r)]
    }
    for i in 0..<max(0, points.count - 1) {
        let a = points[i]
        let b = points[i + 1]
        let d = b - a
        let length = d.length
        guard length > 1e-9 else { continue }
        let n = Point(-d.y / length * r, d.x / length * r)
        polygons.append([a + n, b + n, b - n, a - n])
    }
    // Discs at every vertex; for dense curves (several points per pixel) a disc adds nothing
    // the neighbouring quads don't already cover, except at the ends.
    var lastDisc: Point?
    for (i, p) in points.enumerated() {
        let isEnd = i == 0 || i == points.count - 1
        if !isEnd, let q = lastDisc, (p - q).length < r / 2 { continue }
        polygons.append(circlePolygon(center: p, radius: r))
        lastDisc = p
    }
    return polygons
}

/// The bounding box of a set of polygons, grown by `margin` pixels.
func boundingBox(_ polygons: [[Point]], margin: Double = 1) -> Rect? {
    var minX = Double.infinity
    var minY = Double.infinity
    var maxX = -Double.infinity
    var maxY = -Double.infinity
    for polygon in polygons {
        for p in polygon where p.isFinite {
            minX = min(minX, p.x)
            minY = min(minY, p.y)
            maxX = max(maxX, p.x)
            maxY = max(maxY, p.y)
        }
    }
    guard minX <= maxX else { return nil }
    return Rect(minX: minX - margin, minY: minY - margin, maxX: maxX + margin, maxY: maxY + margin)
}
