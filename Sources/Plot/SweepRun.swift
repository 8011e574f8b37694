// What the sweep figures take as input: one value per run with its swept settings, seed,
// validation curve and final loss, plus the grouping they share (seeds of one configuration,
// ordering of axis values, mean and spread). Leaves out reading CSVs; callers build these.
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

    var number: Double? {
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
