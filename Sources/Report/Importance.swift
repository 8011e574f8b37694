// Which settings mattered: for each swept setting, the share of the variance of final validation
// loss that its main effect explains (the correlation ratio, eta squared, of a one-way analysis
// of variance), over the runs that finished; settings drawn from a range are binned first. The
// method, and what the shares do and do not say, is in Docs/REPORTS.md ("What mattered").
// Leaves out interactions between settings (they are in the residual) and drawing (Plot).

import Foundation
import Plot

/// The share of the spread in final validation loss each swept setting explains on its own.
public struct Importance: Sendable, Equatable {
    /// One setting's share.
    public struct Share: Sendable, Equatable {
        public var setting: String
        /// Between-group sum of squares over the total sum of squares, 0...1.
        public var share: Double
        /// How many groups (values, or bins of a range) the runs fell into.
        public var groups: Int
    }

    /// Every swept setting, largest share first (ties in the order given).
    public var shares: [Share]
    /// Runs the shares are computed from: those with a finite final loss that did not diverge.
    public var runs: Int
    /// Runs left out: diverged, failed, or without a final loss yet.
    public var excluded: Int
    /// Runs left out because they diverged (counted in `excluded` too).
    public var diverged: Int

    /// What no single setting explains: interactions between settings and seed noise; zero
    /// when the shares add up to 1 or more (settings correlated in a random sample).
    public var residual: Double { max(0, 1 - shares.reduce(0) { $0 + $1.share }) }

    /// The sum of the shares; above 1 only when settings vary together among the runs.
    public var total: Double { shares.reduce(0) { $0 + $1.share } }

    /// The share a setting with no effect at all gets on average by chance, for the setting
    /// with the most groups: (groups - 1) / (runs - 1), the expected eta squared under no effect.
    public var chanceLevel: Double {
        let groups = shares.map(\.groups).max() ?? 1
        return runs > 1 ? Double(groups - 1) / Double(runs - 1) : 0
    }

    /// The shares of `axes` among `runs` (their `finalValidationLoss` in the measure they are
    /// compared by). Settings in `scales` drawn from a range are cut into
    /// `SettingBins.count(forRuns:)` bins, of equal ratio when logarithmic. Nil with fewer than
    /// three usable runs, no axes, or no spread in the loss.
    public init?(runs all: [SweepRun], axes: [String], scales: [String: SettingScale] = [:]) {
        let usable = all.compactMap { run -> (values: [String: AxisValue], loss: Double)? in
            guard let loss = run.trainedFinalLoss else { return nil }
            return (run.values, loss)
        }
        guard usable.count >= 3, !axes.isEmpty else { return nil }
        let mean = usable.reduce(0) { $0 + $1.loss } / Double(usable.count)
        let total = usable.reduce(0) { $0 + ($1.loss - mean) * ($1.loss - mean) }
        // subtle: losses equal to rounding error have nothing to explain.
        guard total > 1e-12 * max(1, mean * mean) * Double(usable.count) else { return nil }
        var shares: [Share] = []
        for axis in axes {
            let keys = Importance.groupKeys(axis: axis, values: usable.map { $0.values[axis] }, scale: scales[axis] ?? .discrete)
            var sums: [String: (sum: Double, count: Int)] = [:]
            for (key, run) in zip(keys, usable) {
                let entry = sums[key, default: (0, 0)]
                sums[key] = (entry.sum + run.loss, entry.count + 1)
            }
            let between = sums.values.reduce(0.0) { sum, group in
                let groupMean = group.sum / Double(group.count)
                return sum + Double(group.count) * (groupMean - mean) * (groupMean - mean)
            }
            shares.append(Share(setting: axis, share: min(1, between / total), groups: sums.count))
        }
        self.shares = shares.enumerated().sorted { a, b in
            a.element.share != b.element.share ? a.element.share > b.element.share : a.offset < b.offset
        }.map(\.element)
        runs = usable.count
        excluded = all.count - usable.count
        diverged = all.filter(\.diverged).count
    }

    /// The group of each run for one setting: its value, or its bin when the setting was drawn
    /// from a range (a missing value is a group of its own).
    static func groupKeys(axis: String, values: [AxisValue?], scale: SettingScale) -> [String] {
        let numbers = values.compactMap { $0?.number }
        if scale.isContinuous, numbers.count == values.count,
           let bins = SettingBins(values: numbers, log: scale.isLog, count: SettingBins.count(forRuns: values.count)) {
            return numbers.map { bins.index(of: $0).map { "bin \($0)" } ?? "outside" }
        }
        return values.map { $0?.description ?? "(none)" }
    }

    // MARK: - Files and words

    /// importance.csv: `setting,share` sorted by share, then `residual`, shares to 4 decimals.
    /// Settings are run setting keys (letters and underscores), so no field needs quoting.
    public var csv: String {
        var lines = ["setting,share"]
        for share in shares { lines.append("\(share.setting),\(String(format: "%.4f", share.share))") }
        lines.append("residual,\(String(format: "%.4f", residual))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The file name in the sweep folder.
    public static let file = "importance.csv"

    /// "learning_rate explains 71% of the spread in final validation loss (nats per token);
    /// embedding_dim 12%; context_length 3%." and what is left, what was left out, and chance.
    public func sentences(unit: String) -> [String] {
        guard let first = shares.first else { return [] }
        var text = "\(first.setting) explains \(ImportanceFigure.percent(first.share)) of the spread in final validation loss (\(unit))"
        let rest = shares.dropFirst().map { "\($0.setting) \(ImportanceFigure.percent($0.share))" }
        text += rest.isEmpty ? "." : "; " + rest.joined(separator: "; ") + "."
        var out = [text]
        if total > 1.005 {
            out.append("The shares add up to more than 100% because the settings vary together among these runs; each is what that setting explains alone.")
        } else if residual >= 0.005 {
            out.append("The other \(ImportanceFigure.percent(residual)) is explained by no single setting: interactions between settings and differences between seeds.")
        }
        var counted = "Computed from \(runs) runs"
        if excluded > 0 {
            let other = excluded - diverged
            var left: [String] = []
            if diverged > 0 { left.append("\(diverged) diverged") }
            if other > 0 { left.append("\(other) without a final loss") }
            counted += " (left out: " + left.joined(separator: ", ") + ")"
        }
        let chance = chanceLevel
        if chance >= 0.005 {
            counted += "; with this many, a setting that does not matter still gets about \(ImportanceFigure.percent(chance)) by chance"
        }
        out.append(counted + ".")
        return out
    }
}
