// What the sweep figures take as input: one value per run with its swept settings, seed,
// validation curve and final loss, plus what they share: the grouping (seeds of one
// configuration, ordering of axis values, mean and spread), ranking configurations, and the
// bins of settings drawn from a range. Leaves out reading CSVs; callers build these.
import Foundation

/// The value of a swept hyperparameter: a number (learning rate, sizes) or text (a corpus).
public enum AxisValue: Hashable, Comparable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)

    /// Numbers sort before text; numbers by value, text by its characters.
    public static func < (a: AxisValue, b: AxisValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.number, .text): return true
        case (.text, .number): return false
        case (.text(let x), .text(let y)): return x < y
        }
    }

    /// Whole numbers without a decimal point ("64"), others in their shortest form ("0.03").
    public var description: String {
        switch self {
        case .number(let v):
            if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
            return "\(v)"
        case .text(let s): return s
        }
    }

    /// The value when it is a number.
    public var number: Double? {
        if case .number(let v) = self { return v }
        return nil
    }
}

/// One run of a sweep, as the sweep figures need it.
public struct SweepRun: Sendable {
    /// The run's id, for reference only.
    public var id: String
    /// Swept axis name to this run's value, e.g. ["learning_rate": .number(0.1)]. Runs with
    /// equal values are seeds of one configuration and are averaged together.
    public var values: [String: AxisValue]
    /// The run's seed; seeds of one configuration are averaged.
    public var seed: Int
    /// Validation loss over training: (x: step, y: loss).
    public var validation: [(x: Double, y: Double)]
    /// Validation loss at the end; nil when the run has none (failed, still running).
    public var finalValidationLoss: Double?
    /// Whether the run diverged; its losses are kept off the axis range and marked instead.
    public var diverged: Bool

    /// The final loss of a run that trained: finite, and not diverged; nil otherwise.
    public var trainedFinalLoss: Double? {
        guard !diverged, let loss = finalValidationLoss, loss.isFinite else { return nil }
        return loss
    }

    /// A run from its values; see the properties for what each means.
    public init(
        id: String, values: [String: AxisValue], seed: Int, validation: [(x: Double, y: Double)],
        finalValidationLoss: Double?, diverged: Bool = false
    ) {
        self.id = id
        self.values = values
        self.seed = seed
        self.validation = validation
        self.finalValidationLoss = finalValidationLoss
        self.diverged = diverged
    }
}

// MARK: - Grouping

/// Runs sharing all swept values: the seeds of one configuration.
struct ConfigGroup {
    var values: [String: AxisValue]
    var runs: [SweepRun]
}

/// Axis names that any run has, sorted.
func axisNames(of runs: [SweepRun]) -> [String] {
    Array(Set(runs.flatMap { $0.values.keys })).sorted()
}

/// Axis names whose value differs between runs, sorted.
func sweptAxes(of runs: [SweepRun]) -> [String] {
    axisNames(of: runs).filter { name in Set(runs.map { $0.values[name] }).count > 1 }
}

/// `names` in the order of `order` (those it lists first), the rest after them in their own order.
func ordered(_ names: [String], by order: [String]?) -> [String] {
    guard let order else { return names }
    return order.filter(names.contains) + names.filter { !order.contains($0) }
}

/// The distinct values of `axis` among `runs`, sorted (runs without it are skipped).
func distinctValues(of axis: String, in runs: [SweepRun]) -> [AxisValue] {
    Array(Set(runs.compactMap { $0.values[axis] })).sorted()
}

/// Groups runs by their values on `axes`, ordered by those values (axis by axis).
func groupRuns(_ runs: [SweepRun], by axes: [String]) -> [ConfigGroup] {
    var groups: [[AxisValue?]: ConfigGroup] = [:]
    for run in runs {
        let key = axes.map { run.values[$0] }
        var values: [String: AxisValue] = [:]
        for axis in axes { values[axis] = run.values[axis] }
        groups[key, default: ConfigGroup(values: values, runs: [])].runs.append(run)
    }
    return groups.sorted { a, b in
        for (x, y) in zip(a.key, b.key) where x != y {
            switch (x, y) {
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x < y
            }
        }
        return false
    }.map { group in
        ConfigGroup(values: group.value.values, runs: group.value.runs.sorted { ($0.seed, $0.id) < ($1.seed, $1.id) })
    }
}

/// "name = value, name = value" for the given axes of a group.
func describe(_ values: [String: AxisValue], axes: [String]) -> String {
    axes.compactMap { axis in values[axis].map { "\(axis) = \($0)" } }.joined(separator: ", ")
}

/// Mean, minimum and maximum of the finite values; nil when there are none.
func spread(_ values: [Double]) -> (mean: Double, min: Double, max: Double, count: Int)? {
    let finite = values.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max() else { return nil }
    return (finite.reduce(0, +) / Double(finite.count), lo, hi, finite.count)
}

/// Seeds' curves combined per step: mean, min and max of the seeds that have a finite value
/// there (seeds that stopped early simply stop contributing).
func combineCurves(_ curves: [[(x: Double, y: Double)]]) -> [(x: Double, mean: Double, min: Double, max: Double)] {
    var byStep: [Double: [Double]] = [:]
    for curve in curves {
        for p in curve where p.x.isFinite && p.y.isFinite { byStep[p.x, default: []].append(p.y) }
    }
    return byStep.keys.sorted().compactMap { x in
        spread(byStep[x] ?? []).map { (x: x, mean: $0.mean, min: $0.min, max: $0.max) }
    }
}

/// Whether a numeric axis reads best on a log scale: all values positive and either spanning
/// two decades or more, named like a learning rate, or in a geometric progression (4, 8, 16).
func prefersLogScale(axis: String, values: [Double]) -> Bool {
    let positive = values.filter { $0.isFinite }
    guard positive.count >= 2, positive.allSatisfy({ $0 > 0 }), let lo = positive.min(), let hi = positive.max(), hi > lo else {
        return false
    }
    if hi / lo >= 100 || axis.lowercased().contains("learning_rate") || axis.lowercased() == "lr" { return true }
    let sorted = positive.sorted()
    guard sorted.count >= 3 else { return false }
    let ratios = zip(sorted.dropFirst(), sorted).map { $0 / $1 }
    guard let first = ratios.first, first >= 1.5 else { return false }
    return ratios.allSatisfy { abs($0 / first - 1) < 0.01 }
}

// MARK: - Settings that are ranges

/// How a swept setting's values are read.
public enum SettingScale: Hashable, Sendable {
    /// A few values, each its own category: a grid's values, a random search's `choice`.
    case discrete
    /// Values drawn from a range (a random search's `uniform`, `log_uniform`, a wide
    /// `int_uniform`): scatter plots against it, and bins in heatmaps; `log` spaces both
    /// logarithmically.
    case continuous(log: Bool)

    /// Whether the values come from a range.
    public var isContinuous: Bool {
        if case .continuous = self { return true }
        return false
    }

    /// Whether the range is read logarithmically.
    public var isLog: Bool {
        if case .continuous(let log) = self { return log }
        return false
    }
}

extension SettingScale {
    /// A guess for a setting known only from its values: a range when more than 12 distinct
    /// numbers (a random search), logarithmic when a learning rate or spanning two decades.
    public static func inferred(axis: String, values: [AxisValue]) -> SettingScale {
        let numbers = Set(values.compactMap(\.number).filter(\.isFinite))
        guard numbers.count > 12, values.allSatisfy({ $0.number != nil }) else { return .discrete }
        return .continuous(log: prefersLogScale(axis: axis, values: Array(numbers)))
    }
}

/// Bins of a continuous setting: `count` intervals of equal width (of equal ratio on a log
/// scale) from the lowest value to the highest, the last one closed.
public struct SettingBins: Sendable, Equatable {
    /// The count + 1 edges, increasing.
    public let edges: [Double]
    /// Whether the bins are of equal ratio rather than equal width.
    public let log: Bool

    /// `count` bins over the finite `values` (positive ones on a log scale); nil when they have
    /// no spread.
    public init?(values: [Double], log: Bool, count: Int) {
        let usable = values.filter { $0.isFinite && (!log || $0 > 0) }
        guard count >= 1, let lo = usable.min(), let hi = usable.max(), hi > lo else { return nil }
        let (a, b) = log ? (Foundation.log10(lo), Foundation.log10(hi)) : (lo, hi)
        var edges = (0...count).map { i in a + (b - a) * Double(i) / Double(count) }
        if log { edges = edges.map { pow(10, $0) } }
        // subtle: the ends are the values themselves, not their round trip through log10.
        edges[0] = lo
        edges[count] = hi
        self.edges = edges
        self.log = log
    }

    /// How many bins a heatmap or an importance share uses for `runs` runs: about four runs
    /// per cell of a two-setting heatmap (runs / 4 = bins²), from 3 to 8 bins.
    public static func count(forRuns runs: Int) -> Int {
        max(3, min(8, Int((Double(runs) / 4).squareRoot().rounded())))
    }

    public var count: Int { edges.count - 1 }

    /// The bin of `value`: the last bin includes the highest value; nil outside or not finite.
    public func index(of value: Double) -> Int? {
        guard value.isFinite, value >= edges[0], value <= edges[count] else { return nil }
        var i = 0
        while i + 1 < count, value >= edges[i + 1] { i += 1 }
        return i
    }

    /// An edge written with two significant digits and no trailing zeros: 0.032, 0.1, 2, 6.4, 15, 240.
    public static func label(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return "0" }
        let digits = max(0, 1 - Int(Foundation.log10(abs(value)).rounded(.down)))
        var text = Ticks.fixed(value, decimals: digits)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// "0.032–0.1" for bin `i`.
    public func label(ofBin i: Int) -> String {
        "\(SettingBins.label(edges[i]))–\(SettingBins.label(edges[i + 1]))"
    }
}

// MARK: - Ranking configurations

/// Configurations (runs with equal values on `axes`) with the mean final loss of their seeds
/// that trained, lowest first (ties in grouping order); configurations without one come last.
func rankedGroups(_ runs: [SweepRun], by axes: [String]) -> [(group: ConfigGroup, mean: Double?)] {
    let groups = groupRuns(runs, by: axes).map { group in
        (group: group, mean: spread(group.runs.compactMap(\.trainedFinalLoss))?.mean)
    }
    return groups.enumerated().sorted { a, b in
        switch (a.element.mean, b.element.mean) {
        case (let x?, let y?) where x != y: return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a.offset < b.offset
        }
    }.map(\.element)
}

/// The highest loss an axis shows when a few runs ended far above the rest (unstable runs short
/// of diverging): the 90th percentile plus its distance from the lowest value. Nil when nothing
/// lies above that, so the axis shows every value.
func outlierCutoff(_ values: [Double]) -> Double? {
    let sorted = values.filter(\.isFinite).sorted()
    guard sorted.count >= 10, let lo = sorted.first, let hi = sorted.last else { return nil }
    let q90 = sorted[(sorted.count - 1) * 9 / 10]
    let cutoff = q90 + (q90 - lo)
    return hi > cutoff && cutoff > lo ? cutoff : nil
}

/// A loss as legends and titles write it: three decimals.
func lossText(_ value: Double) -> String {
    Ticks.fixed(value, decimals: 3)
}

/// What a configuration's curve or point is called on hover: its settings, its loss and its runs.
func hoverTitle(_ values: [String: AxisValue], axes: [String], runs: [SweepRun], loss: Double?, unit: String) -> String {
    var parts = [axes.isEmpty ? "the only configuration" : describe(values, axes: axes)]
    if let loss {
        let trained = runs.filter { $0.trainedFinalLoss != nil }.count
        parts.append("final validation loss \(Ticks.fixed(loss, decimals: 4)) \(unit)" + (trained > 1 ? ", mean of \(trained) seeds" : ""))
    }
    let diverged = runs.filter(\.diverged).count
    if diverged > 0 { parts.append("\(diverged) diverged") }
    let ids = runs.map(\.id)
    parts.append((ids.count == 1 ? "run " : "runs ") + (ids.count > 6 ? ids.prefix(6).joined(separator: ", ") + ", …" : ids.joined(separator: ", ")))
    return parts.joined(separator: " · ")
}
