// A sweep folder read back from its files alone: every run directory under runs/ that has a
// run.json, with its metrics. This is what reports and figures are built from, so they can be
// rebuilt for a finished, interrupted or partly copied sweep without the spec or the corpus.

import Foundation

/// One run directory as found on disk.
public struct StoredRun: Sendable {
    public var id: String
    public var directory: URL
    public var record: RunRecord
    /// Empty when metrics.csv is missing or unreadable.
    public var metrics: [MetricsRow]

    /// Loads the run in `directory`; nil if it has no readable run.json.
    public init?(directory: URL) {
        guard let record = try? decodeJSON(RunRecord.self, from: directory.appendingPathComponent(RunFile.record)) else {
            return nil
        }
        id = directory.lastPathComponent
        self.directory = directory
        self.record = record
        let text = try? String(contentsOf: directory.appendingPathComponent(RunFile.metrics), encoding: .utf8)
        metrics = text.flatMap(parseMetrics) ?? []
    }
}

extension SweepLayout {
    /// Every run under runs/ with a run.json, sorted by id.
    public func storedRuns() -> [StoredRun] {
        let runs = root.appendingPathComponent("runs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        return names.sorted().compactMap { StoredRun(directory: runs.appendingPathComponent($0)) }
    }
}

/// The config keys whose values differ between runs (seed apart), in RunConfig's key order:
/// the sweep's axes as far as the results show them.
public func sweptKeys(of records: [RunRecord]) -> [String] {
    let values = records.map(\.config.textValues)
    return RunConfig.keys.filter { key in key != "seed" && Set(values.map { $0[key] ?? "" }).count > 1 }
}

extension RunConfig {
    /// The value of a config key as text (numbers in shortest form), or nil for an unknown key.
    public func value(of key: String) -> String? {
        textValues[key] ?? (RunConfig.keys.contains(key) ? "" : nil)
    }
}
