// Data marks built from the canvas' anti-aliased shapes: markers, error bars and shaded bands.
// Markers get a thin white edge so overlapping ones stay distinguishable, as in careful
// matplotlib figures. Leaves out lines themselves, which are Canvas.stroke.
import Foundation

/// The shape of a point marker.
enum MarkerShape: Sendable {
    case circle, square, diamond, triangle, cross
}

extension Canvas {
    /// A marker of `radius` pixels centred on `p`, with a white edge unless `edge` is nil.
    func drawMarker(
        _ shape: MarkerShape, at p: Point, radius r: Double, color: Color, edge: Color? = .white,
        edgeWidth: Double = 1.5, clip: Rect? = nil
    ) {
        guard p.isFinite else { return }
        if shape == .cross {
            let d = r * 0.85
            if let edge {
                stroke([p + Point(-d, -d), p + Point(d, d)], width: r * 0.5 + 2 * edgeWidth, color: edge, clip: clip)
                stroke([p + Point(-d, d), p + Point(d, -d)], width: r * 0.5 + 2 * edgeWidth, color: edge, clip: clip)
            }
            stroke(lines: [[p + Point(-d, -d), p + Point(d, d)], [p + Point(-d, d), p + Point(d, -d)]], width: r * 0.5,
                   color: color, clip: clip)
            return
        }
        if shape == .circle {
            if let edge { fillCircle(center: p, radius: r + edgeWidth, color: edge, clip: clip) }
            fillCircle(center: p, radius: r, color: color, clip: clip)
            return
        }
        if let edge { fill([markerPolygon(shape, at: p, radius: r + edgeWidth)], color: edge, clip: clip) }
        fill([markerPolygon(shape, at: p, radius: r)], color: color, clip: clip)
    }

    /// A vertical error bar from `low` to `high` (pixels) at `x`, with caps `capWidth` wide.
    func drawErrorBar(x: Double, low: Double, high: Double, capWidth: Double, width: Double, color: Color, clip: Rect? = nil) {
        guard x.isFinite, low.isFinite, high.isFinite else { return }
        stroke([Point(x, low), Point(x, high)], width: width, color: color, clip: clip)
        stroke([Point(x - capWidth / 2, low), Point(x + capWidth / 2, low)], width: width, color: color, clip: clip)
        stroke([Point(x - capWidth / 2, high), Point(x + capWidth / 2, high)], width: width, color: color, clip: clip)
    }

    /// The area between two curves sampled at the same x positions (pixels); points where
    /// either is not finite split the band.
    func fillBand(upper: [Point], lower: [Point], color: Color, clip: Rect? = nil) {
        var polygons: [[Point]] = []
        var top: [Point] = []
        var bottom: [Point] = []
        func finish() {
            if top.count >= 2 { polygons.append(top + bottom.reversed()) }
            top = []
            bottom = []
        }
        for (u, l) in zip(upper, lower) {
            if u.isFinite && l.isFinite {
                top.append(u)
                bottom.append(l)
            } else {
                finish()
            }
        }
        finish()
        // Each piece is filled on its own: a band folding over itself must not cancel out.
        for polygon in polygons { fill([polygon], color: color, clip: clip) }
    }
}

/// The outline of a filled marker; shapes have about the same visual weight at one radius.
func markerPolygon(_ shape: MarkerShape, at p: Point, radius r: Double) -> [Point] {
    switch shape {
    case .circle, .cross:
        return circlePolygon(center: p, radius: r)
    case .square:
        let d = r * 0.88
        return [p + Point(-d, -d), p + Point(d, -d), p + Point(d, d), p + Point(-d, d)]
    case .diamond:
        let d = r * 1.25
        return [p + Point(0, -d), p + Point(d, 0), p + Point(0, d), p + Point(-d, 0)]
    case .triangle:
        let d = r * 1.3
        return [p + Point(0, -d), p + Point(d * 0.866, d * 0.5), p + Point(-d * 0.866, d * 0.5)]
    }
}
