// Label placement: placed labels never overlap each other, points or the bounds, and labels
// that do not fit are dropped.
import Foundation
import Testing
@testable import Plot

@Test("in a crowded cluster placed labels never overlap, stay inside and cover no other point")
func crowdedCluster() {
    // 60 points on a jittered grid in a 300 x 200 box; labels 40 x 14 cannot all fit.
    var points: [Point] = []
    for i in 0..<60 {
        let jitter = Double((i * 37) % 11) - 5
        points.append(Point(60 + Double(i % 10) * 20 + jitter, 60 + Double(i / 10) * 16 + jitter))
    }
    let bounds = Rect(x: 0, y: 0, width: 300, height: 200)
    let placer = LabelPlacer(bounds: bounds, points: points, pointRadius: 4, gap: 2)
    let placed = placer.place(points.map { LabelRequest(anchor: $0, width: 40, height: 14) })
    #expect(placed.count > 5 && placed.count < 60, "placed \(placed.count)")
    for (i, a) in placed.enumerated() {
        #expect(bounds.contains(a.rect))
        for b in placed[(i + 1)...] { #expect(!a.rect.intersects(b.rect), "labels \(a.index) and \(b.index) overlap") }
        for (j, p) in points.enumerated() where j != a.index {
            #expect(distanceSquared(from: p, to: a.rect) >= 16, "label \(a.index) covers point \(j)")
        }
    }
}

@Test("a lone point's label goes right of it, level with it, without a leader line")
func lonePoint() throws {
    let placer = LabelPlacer(bounds: Rect(x: 0, y: 0, width: 200, height: 100), points: [Point(50, 50)], pointRadius: 4, gap: 3)
    let label = try #require(placer.place([LabelRequest(anchor: Point(50, 50), width: 30, height: 10)]).first)
    #expect(label.rect == Rect(x: 57, y: 45, width: 30, height: 10))
    #expect(!label.needsLeader)
}

@Test("a label bigger than the bounds, or on a blocked area only, is dropped")
func dropped() {
    let placer = LabelPlacer(bounds: Rect(x: 0, y: 0, width: 100, height: 100), points: [Point(50, 50)], pointRadius: 4, gap: 2)
    #expect(placer.place([LabelRequest(anchor: Point(50, 50), width: 150, height: 10)]).isEmpty)
    var blocked = placer
    blocked.blocked = [Rect(x: 0, y: 0, width: 100, height: 100)]
    #expect(blocked.place([LabelRequest(anchor: Point(50, 50), width: 10, height: 10)]).isEmpty)
}

@Test("the spatial grid finds what was inserted near a query and nothing far away")
func spatialGrid() {
    var grid = SpatialGrid(cell: 10)
    grid.insert(Rect(x: 5, y: 5, width: 2, height: 2), id: 1)
    grid.insert(Rect(x: 95, y: 95, width: 2, height: 2), id: 2)
    func found(_ r: Rect) -> Set<Int> {
        var ids = Set<Int>()
        _ = grid.contains(near: r) { ids.insert($0); return false }
        return ids
    }
    #expect(found(Rect(x: 0, y: 0, width: 12, height: 12)) == [1])
    #expect(found(Rect(x: -50, y: -50, width: 10, height: 10)).isEmpty)
    #expect(grid.contains(near: Rect(x: 0, y: 0, width: 12, height: 12)) { $0 == 1 })
}
