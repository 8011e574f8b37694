// The sweep's summary.csv and metrics.csv (Docs/FORMATS.md), kept at a cost per run that does not
// grow with the runs done: each finished run appends its summary row and its evaluation rows,
// written by one serial queue so that no worker waits on file I/O. Each invocation starts by
// rewriting both files once from the run directories, which repairs whatever a killed invocation
// left (a missing row, a cut-off last line), and ends by rewriting them once in plan order.
// Leaves out the run directories themselves (TrainingRun.swift) and merging shards (SweepPlan.swift).

import Dispatch
import Files
import Foundation

extension SweepLayout {
    /// The header of the sweep's metrics.csv: a run's metrics.csv columns after a `run` column.
    public static let metricsHeader = ["run"] + MetricsRow.header

    /// Rewrites summary.csv and metrics.csv in `folder` (the root unless given) for these runs,
    /// in this order, streaming: each run's evaluation rows are read from its metrics.csv and
    /// written out before the next run's are read. Each file is replaced atomically.
    public func writeResults(_ entries: [(id: String, record: RunRecord)], in folder: URL? = nil) throws {
        let folder = folder ?? root
        let summary = try StreamedCSV(url: folder.appendingPathComponent("summary.csv"), header: SweepSummary.header)
        let metrics = try StreamedCSV(url: folder.appendingPathComponent("metrics.csv"), header: Self.metricsHeader)
        for (id, record) in entries {
            try summary.append([SweepSummary.row(id: id, record: record)])
            try metrics.append(evaluationRows(of: id).map { [id] + $0.fields })
        }
        try summary.finish()
        try metrics.finish()
    }

    /// The `train` and `val` rows of a run's metrics.csv, those before any line cut short;
    /// empty when it is missing or unreadable (`readRuns` says which).
    func evaluationRows(of id: String) -> [MetricsRow] {
        StoredRun.readMetrics(run(id)).rows.filter { $0.split != .batch }
    }
}

/// Appends each finished run's rows to summary.csv and metrics.csv on a serial queue of its own.
final class ResultsLog: @unchecked Sendable {
    private let queue = DispatchQueue(label: "tinylab.results-log")
    private let layout: SweepLayout
    private let folder: URL
    // Touched only on `queue`.
    private var summary: AppendingFile?
    private var metrics: AppendingFile?
    private var failure: (any Error)?

    /// Rewrites both files in `folder` from `entries` (the runs that already have a record), then
    /// keeps them open for appending.
    init(layout: SweepLayout, folder: URL, entries: [(id: String, record: RunRecord)]) throws {
        self.layout = layout
        self.folder = folder
        try layout.writeResults(entries, in: folder)
        summary = try AppendingFile(folder.appendingPathComponent("summary.csv"))
        metrics = try AppendingFile(folder.appendingPathComponent("metrics.csv"))
    }

    /// Queues the rows of a run that just ended; returns at once.
    func append(id: String, record: RunRecord) {
        queue.async { [self] in
            guard failure == nil else { return }
            do {
                // One write per file, so a killed process leaves whole rows (and the next
                // invocation rewrites both files anyway).
                try summary?.append(Data(csvText(header: nil, rows: [SweepSummary.row(id: id, record: record)]).utf8))
                let rows = layout.evaluationRows(of: id).map { [id] + $0.fields }
                try metrics?.append(Data(csvText(header: nil, rows: rows).utf8))
            } catch {
                failure = error
            }
        }
    }

    /// Runs `work` on the log's queue, after the rows queued before it.
    func perform(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }

    /// Waits for the queued rows, closes the files and rewrites both in plan order, from `entries`.
    func finish(entries: [(id: String, record: RunRecord)]) throws {
        try queue.sync {
            summary?.close()
            metrics?.close()
            summary = nil
            metrics = nil
            if let failure { throw failure }
        }
        try layout.writeResults(entries, in: folder)
    }
}

/// A CSV file written row by row into a temporary file beside it and renamed over it at the end,
/// so readers see the old file or the whole new one.
final class StreamedCSV {
    private let file: TemporaryFile
    private var buffer = Data()

    init(url: URL, header: [String]) throws {
        file = try TemporaryFile(replacing: url)
        buffer.append(contentsOf: csvText(header: header, rows: []).utf8)
    }

    func append(_ rows: [[String]]) throws {
        buffer.append(contentsOf: csvText(header: nil, rows: rows).utf8)
        if buffer.count > 1 << 16 { try flush() }
    }

    func finish() throws {
        try flush()
        try file.commit()
    }

    private func flush() throws {
        try file.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
