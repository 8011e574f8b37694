// The chart frame: ranges, scales, tick layout, and where the legend goes.
import Foundation
import Testing
@testable import Plot

@Test("axis ranges pad the data, widen a single value, and ignore what cannot be drawn")
func domains() {
    // 0..10 with 4% padding each side.
    let padded = ChartFrame.domain(of: AxisSpec(title: "", values: [0, 10]))
    #expect(abs(padded.lo + 0.4) < 1e-12 && abs(padded.hi - 10.4) < 1e-12)
    // All 3: half of 10^0 on each side.
    #expect(ChartFrame.domain(of: AxisSpec(title: "", values: [3, 3, 3])) == (2.5, 3.5))
    #expect(ChartFrame.domain(of: AxisSpec(title: "", values: [0])) == (-1, 1))
    #expect(ChartFrame.domain(of: AxisSpec(title: "", values: [])) == (0, 1))
    #expect(ChartFrame.domain(of: AxisSpec(title: "", values: [.nan, .infinity])) == (0, 1))
    #expect(ChartFrame.domain(of: AxisSpec(title: "", kind: .log, values: [-1, 0])) == (1, 10))
    // Log: 1..100 is 2 decades; 4% of that (0.08 decades) each side.
    let log = ChartFrame.domain(of: AxisSpec(title: "", kind: .log, values: [1, 100, -5]))
    #expect(abs(log10(log.lo) + 0.08) < 1e-9 && abs(log10(log.hi) - 2.08) < 1e-9)
}

@Test("scales map values to pixels linearly or by decades; unplottable values give NaN")
func scales() {
    let linear = Scale(kind: .linear, lo: 0, hi: 10, start: 100, end: 200)
    #expect(linear.pixel(5) == 150)
    #expect(linear.pixel(.nan).isNaN)
    // A y axis runs upwards: start is the bottom pixel.
    let log = Scale(kind: .log, lo: 1, hi: 100, start: 300, end: 100)
    #expect(abs(log.pixel(10) - 200) < 1e-9)
    #expect(log.pixel(0).isNaN && log.pixel(-3).isNaN)
}

@Test("the plot area leaves room for labels and ticks fall inside it")
func layout() throws {
    let canvas = try Canvas(width: 480, height: 300)
    let spec = ChartSpec(title: "t", x: AxisSpec(title: "step", values: [0, 5000]), y: AxisSpec(title: "loss", values: [1.5, 5.5]))
    let frame = try ChartFrame.make(canvas: canvas, metrics: Metrics(scale: 0.6), spec: spec)
    #expect(frame.plot.minX > 30 && frame.plot.maxX < 480 && frame.plot.minY > 20 && frame.plot.maxY < 300)
    #expect(frame.xTicks.count >= 2 && frame.yTicks.count >= 2)
    for tick in frame.xTicks { #expect(frame.x.pixel(tick.value) >= frame.plot.minX - 0.5 && frame.x.pixel(tick.value) <= frame.plot.maxX + 0.5) }
    // Every point maps inside the plot area.
    let p = frame.point(2500, 3.5)
    #expect(frame.plot.contains(p))
}

@Test("the legend goes to a corner without data, and outside when every corner has some")
func legendPlacement() throws {
    let canvas = try Canvas(width: 800, height: 500)
    let legend = LegendSpec(entries: [LegendEntry(label: "validation", swatch: .line(.black, dash: nil))])
    // Data only in the upper right: the legend avoids it (upper left is next in preference).
    var spec = ChartSpec(
        x: AxisSpec(title: "x", values: [0, 10]), y: AxisSpec(title: "y", values: [0, 10]), legend: legend,
        occupied: [[(x: 8, y: 8), (x: 10, y: 10)], [(x: 0, y: 0)]])
    let frame = try ChartFrame.make(canvas: canvas, metrics: Metrics(scale: 0.6), spec: spec)
    let rect = try #require(frame.legendRect)
    #expect(frame.plot.contains(rect.insetBy(1)))
    #expect(rect.midX < frame.plot.midX && rect.midY < frame.plot.midY)
    // A diagonal line through everything plus points in the other corners: outside, on the right.
    spec.occupied = [[(x: 0, y: 0), (x: 10, y: 10)], [(x: 0, y: 10)], [(x: 10, y: 0)], [(x: 5, y: 10)], [(x: 5, y: 0)]]
    let crowded = try ChartFrame.make(canvas: canvas, metrics: Metrics(scale: 0.6), spec: spec)
    let outside = try #require(crowded.legendRect)
    #expect(outside.minX > crowded.plot.maxX)
}

@Test("wide top-axis labels are thinned until they do not touch")
func topAxisLabelsDoNotOverlap() throws {
    let canvas = try Canvas(width: 480, height: 300)
    let spec = ChartSpec(x: AxisSpec(title: "step", values: [0, 5000]), y: AxisSpec(title: "loss", values: [1, 2]),
                         top: SecondaryAxis(title: "tokens seen", factor: 1_234_567))
    let frame = try ChartFrame.make(canvas: canvas, metrics: Metrics(scale: 0.6), spec: spec)
    #expect(frame.topTicks.count >= 2)
    var previousRight = -Double.infinity
    for tick in frame.topTicks {
        let w = try canvas.textWidth(tick.label, size: Metrics(scale: 0.6).tickLabelSize)
        let center = frame.x.pixel(tick.value)
        #expect(center - w / 2 > previousRight)
        previousRight = center + w / 2
    }
}
