// What a sweep's report says, gathered from the sweep folder's files alone: the spec in words
// (spec.json when present, else the runs' configs), when and how long it ran (run.json times and
// file dates), which settings mattered, the figures present, and every run ranked by final
// validation loss (per character when the runs' tokenizers differ). Both pages
// render this one value, so report.md and index.html always agree.
// Leaves out rendering (MarkdownReport.swift, HTMLReport.swift) and drawing (Plot).

import Files
import Foundation
import Sweep

/// A sweep folder read for its report.
public struct SweepReport: Sendable {
    /// A run setting shared by every run.
    public struct SharedSetting: Sendable, Equatable {
        public var key: String
        public var value: String
        /// True when the spec leaves the key out, so the value is RunConfig's default.
        public var isDefault: Bool
    }

    /// When the sweep ran, estimated from its runs (Docs/REPORTS.md says how).
    public struct Timing: Sendable, Equatable {
        /// The earliest run start: its run.json's modification time minus its `seconds`.
        public var firstStart: Date
        /// The latest run.json modification time.
        public var lastEnd: Date
        /// `seconds` summed over runs: the compute time, more than the wall time when runs overlap.
        public var runSeconds: Double

        public var wallSeconds: Double { max(0, lastEnd.timeIntervalSince(firstStart)) }
    }

    /// One row of the runs table.
    public struct Row: Sendable {
        /// 1 for the lowest final validation loss; nil for runs without one.
        public var rank: Int?
        public var id: String
        public var record: RunRecord
        /// This run's value of each of `SweepReport.columns`, in the same order.
        public var values: [String]
        /// Why the run has no final loss: "diverged at step 120 (smoothed loss 17.3)", the error
        /// of a failed run, "stopped at step 400 of 5000"; empty for a completed run.
        public var note: String
        /// The run's figures present on disk, relative to the sweep folder.
        public var figures: [(name: String, path: String)]
        /// samples.json, when present.
        public var sample: SampleRecord?
        /// The run directory relative to the sweep folder.
        public var path: String

        public var status: RunStatus { record.status }
    }

    public var folder: URL
    public var name: String
    public var description: String?
    /// spec.json as written, when present.
    public var spec: SpecSummary?
    /// Corpora, as the spec names them (else the runs' corpus file names).
    public var corpora: [String]
    public var documents: String
    /// Swept keys: the spec's axes in its order, then any other key the runs' configs vary.
    public var axes: [String]
    /// Each axis's values or distribution in words, in `axes` order.
    public var axisValues: [String]
    /// The columns of the runs table that tell runs apart: the axes, and `seed` when seeds vary.
    public var columns: [String]
    /// Distinct seeds of the runs.
    public var seeds: [String]
    public var shared: [SharedSetting]
    /// Sample settings as written ("prompt": "The "), or from a run's record.
    public var sample: [(key: String, value: String)]
    public var timing: Timing?
    /// A sweep figure present in figures/.
    public struct Figure: Sendable {
        public var kind: SweepFigures.Planned.Kind
        public var caption: String
        /// The PNG, relative to the folder.
        public var path: String
        /// The SVG twin relative to the folder, when present.
        public var svgPath: String?
        /// The SVG twin's text, when it holds only what Plot writes (InlineSVG), for index.html.
        public var inlineSVG: String?
    }

    /// The sweep figures present, in reading order (the importance figure among them).
    public var figures: [Figure]
    /// Which settings mattered; nil with too few finished runs or nothing swept.
    public var importance: Importance?
    /// Every run with a run.json, ranked: completed by final validation loss, then diverged,
    /// interrupted, running and failed runs.
    public var rows: [Row]
    /// Runs the spec plans (nil without spec.json).
    public var plannedRuns: Int?
    /// A sweep still running: how far it is and when it should end. Set by `tinylab run` when it
    /// rewrites the pages during the night; nil in a report built from the files alone.
    public var live: LiveStatus?
    /// A sentence about how the last invocation ended, e.g. that a deadline came before some runs.
    public var notice: String?

    /// How far a running sweep is.
    public struct LiveStatus: Sendable, Equatable {
        public var done: Int
        public var total: Int
        /// Estimated seconds left; nil before there is an estimate.
        public var secondsLeft: Double?
        public var updated: Date

        public init(done: Int, total: Int, secondsLeft: Double?, updated: Date = Date()) {
            self.done = done
            self.total = total
            self.secondsLeft = secondsLeft
            self.updated = updated
        }
    }

    /// The loss the runs are ranked by: bits per character when their tokenizers differ.
    public var measure: LossMeasure
    /// Why they are ranked by bits per character; nil when by nats per token.
    public var measureNote: String?
    /// The successive-halving section, for a halving sweep.
    public var halving: HalvingSection?

    /// One loss column of the runs table.
    public struct LossColumn: Sendable {
        public var title: String
        /// The ranking loss: shown first and strong.
        public var isPrimary: Bool
        public var value: @Sendable (RunResults) -> Double?
        /// The step of the value, shown beside it (the best periodic evaluation's).
        public var step: (@Sendable (RunResults) -> Int?)?
    }

    /// The loss columns of the runs table: the ranking loss first, the other unit beside it.
    public var lossColumns: [LossColumn] {
        let nats = [
            LossColumn(title: "val loss", isPrimary: measure == .natsPerToken, value: { $0.valLoss }),
            LossColumn(title: "train loss", isPrimary: false, value: { $0.trainLoss }),
            LossColumn(title: "best val, subset (step)", isPrimary: false, value: { $0.bestValLoss }, step: { $0.bestStep }),
        ]
        let bpc = [
            LossColumn(title: "val bpc", isPrimary: measure == .bitsPerCharacter, value: { $0.valBpc }),
            LossColumn(title: "train bpc", isPrimary: false, value: { $0.trainBpc }),
            LossColumn(title: "best val bpc, subset (step)", isPrimary: false, value: { $0.bestValBpc }, step: { $0.bestStep }),
        ]
        return measure == .natsPerToken ? [nats[0], bpc[0], nats[1], nats[2]] : [bpc[0], nats[0], bpc[1], bpc[2]]
    }

    /// "validation loss (nats per token)" or "validation bits per character", for headings.
    public var rankingTitle: String {
        measure == .natsPerToken ? "final validation loss (nats per token)" : "final validation bits per character"
    }

    /// The best runs, shown with their figures and samples.
    public var highlighted: [Row] { Array(rows.filter { $0.rank != nil }.prefix(Self.highlightCount)) }

    /// How many of the best runs get their figures and samples shown.
    public static let highlightCount = 3

    /// Counts of runs by status, in RunStatus order, leaving out absent ones.
    public var statusCounts: [(status: RunStatus, count: Int)] {
        RunStatus.counts(of: rows.map(\.status))
    }

    /// Reads the sweep in `folder` (spec.json, runs/*/run.json and their files, figures/).
    public init(folder: URL) {
        self.init(folder: folder, runs: SweepLayout(root: folder).storedRuns())
    }

    /// Builds the report from runs already read.
    public init(folder: URL, runs: [StoredRun]) {
        self.folder = folder
        let layout = SweepLayout(root: folder)
        let spec = SpecSummary(contentsOf: layout.spec)
        self.spec = spec
        name = spec?.name ?? folder.standardizedFileURL.lastPathComponent
        description = spec?.description
        plannedRuns = spec?.plannedRuns
        let records = runs.map(\.record)

        // Axes: the spec's first, in its order (seed comes from `seeds`), then what the runs vary.
        var axes = (spec?.axes.map(\.key) ?? []).filter { $0 != "seed" }
        for key in sweptKeys(of: records) where !axes.contains(key) { axes.append(key) }
        self.axes = axes
        axisValues = axes.map { key in
            if let axis = spec?.axes.first(where: { $0.key == key }) {
                return axis.distribution.map { "\($0) (drawn: \(Self.drawn(Self.distinctValues(of: key, in: records))))" }
                    ?? axis.values.joined(separator: ", ")
            }
            return Self.distinctValues(of: key, in: records).joined(separator: ", ")
        }
        seeds = spec?.seeds ?? []
        if seeds.isEmpty { seeds = Self.distinctValues(of: "seed", in: records) }

        corpora = spec?.corpus.map { [$0] } ?? spec?.axes.first { $0.key == "corpus" }?.values
            ?? Array(Set(records.map { URL(fileURLWithPath: $0.config.corpus).lastPathComponent })).sorted()
        documents = spec?.documents ?? records.first?.config.documents.rawValue ?? RunConfig().documents.rawValue

        let fromSpec = Set(spec?.base.map(\.key) ?? [])
        shared = RunConfig.keys.compactMap { key in
            guard !["corpus", "documents", "seed"].contains(key), !axes.contains(key), let first = records.first,
                  let value = first.config.value(of: key) else { return nil }
            // An optional setting left out says what that means (min_learning_rate: learning_rate / 10).
            let shown = value.isEmpty ? RunConfig.setting(key)?.unset ?? "unset" : value
            return SharedSetting(key: key, value: shown, isDefault: spec != nil && !fromSpec.contains(key))
        }
        if let written = spec?.sample, !written.isEmpty {
            sample = written
        } else if let s = records.first?.sample {
            sample = [("prompt", "\"\(s.prompt)\""), ("tokens", String(s.tokens)), ("temperature", ReportText.number(s.temperature))]
                + (s.topK.map { [("top_k", String($0))] } ?? [])
        } else {
            sample = []
        }
        let columns = axes + (Self.distinctValues(of: "seed", in: records).count > 1 ? ["seed"] : [])
        self.columns = columns
        timing = Self.timing(of: runs)
        let data = SweepFigures.Data(runs, layout: layout)
        let figureFolder = folder.appendingPathComponent("figures")
        figures = SweepFigures.plan(axes: data.axes, halving: fileKind(layout.halving.path) == .regular)
            .filter { FileManager.default.fileExists(atPath: figureFolder.appendingPathComponent($0.file).path) }
            .map { planned in
                let svg = figureFolder.appendingPathComponent(planned.svgFile)
                let text = (try? readFile(at: svg, limit: FileLimit.data)).map { String(decoding: $0, as: UTF8.self) }
                return Figure(kind: planned.kind, caption: planned.caption, path: ReportText.link(["figures", planned.file]),
                              svgPath: text == nil ? nil : ReportText.link(["figures", planned.svgFile]),
                              inlineSVG: text.flatMap(InlineSVG.checked))
            }
        importance = data.importance
        measure = data.measure
        measureNote = LossMeasure.explanation(records)
        rows = Self.rank(runs.map { Self.row(for: $0, columns: columns) }, by: measure)
        halving = HalvingSection(folder: folder, runs: runs, plannedRuns: plannedRuns, measure: measure)
    }

    // MARK: - Pieces

    /// Distinct values of a config key among the records, numbers in numeric order.
    static func distinctValues(of key: String, in records: [RunRecord]) -> [String] {
        let values = Set(records.compactMap { record -> String? in
            guard let v = record.config.value(of: key) else { return nil }
            return key == "corpus" ? URL(fileURLWithPath: v).lastPathComponent : v
        })
        return values.sorted { a, b in
            switch (Double(a), Double(b)) {
            case (let x?, let y?): return x < y
            case (nil, nil): return a < b
            case (_?, nil): return true
            case (nil, _?): return false
            }
        }
    }

    /// The values a random search drew: listed when few, as their range when many numbers.
    static func drawn(_ values: [String]) -> String {
        let numbers = values.compactMap(Double.init)
        if values.count > 6, numbers.count == values.count, let first = values.first, let last = values.last {
            return "\(values.count) values from \(first) to \(last)"
        }
        return values.joined(separator: ", ")
    }

    static func row(for run: StoredRun, columns: [String]) -> Row {
        let record = run.record
        var note = ""
        switch record.status {
        case .completed:
            break
        case .diverged:
            note = "diverged" + (record.divergedAtStep.map { " at step \(ReportText.integer($0))" } ?? "")
                + (record.divergedLoss.map { " (smoothed loss \(String(format: "%.1f", $0)))" } ?? "")
        case .failed:
            note = record.error ?? "failed without a message"
        case .stopped:
            let step = record.stoppedAtStep ?? 0
            let atRung = run.metrics.contains { $0.split == .rung && $0.step == step }
            note = "stopped at step \(ReportText.integer(step)) of \(ReportText.integer(record.config.training.steps))"
                + (atRung ? ": not promoted at its rung"
                    : record.config.training.patience.map { ": no better validation loss in \($0) evaluations" } ?? "")
        case .interrupted, .running, .paused:
            let step = run.allMetrics().map(\.step).max() ?? 0
            let state = switch record.status {
            case .running: "running, at step "
            case .paused: "paused at a rung, at step "
            default: "interrupted at step "
            }
            note = state + "\(ReportText.integer(step)) of \(ReportText.integer(record.config.training.steps))"
        }
        let relative = ["runs", run.id]
        let figures = RunFigures.all
            .filter { FileManager.default.fileExists(atPath: run.directory.appendingPathComponent($0.file).path) }
            .map { (name: $0.caption, path: ReportText.link(relative + [$0.file])) }
        let sample = try? decodeJSON(SampleRecord.self, from: run.directory.appendingPathComponent(RunFile.samples))
        let values = columns.map { key in
            let v = record.config.value(of: key) ?? ""
            return key == "corpus" ? URL(fileURLWithPath: v).lastPathComponent : v
        }
        return Row(rank: nil, id: run.id, record: record, values: values, note: note, figures: figures, sample: sample,
                   path: ReportText.link(relative))
    }

    /// Completed runs by final validation loss in `measure` (ties by id), then the others by status and id.
    static func rank(_ rows: [Row], by measure: LossMeasure) -> [Row] {
        func loss(_ row: Row) -> Double? { measure.finalValidation(row.record.results) }
        func order(_ row: Row) -> Int {
            switch row.status {
            case .completed, .stopped: loss(row).map { $0.isFinite ? 0 : 1 } ?? 1
            case .diverged: 2
            case .interrupted, .paused: 3
            case .running: 4
            case .failed: 5
            }
        }
        var sorted = rows.sorted { a, b in
            let (oa, ob) = (order(a), order(b))
            if oa != ob { return oa < ob }
            if oa == 0, let x = loss(a), let y = loss(b), x != y { return x < y }
            return a.id < b.id
        }
        for i in sorted.indices where order(sorted[i]) == 0 { sorted[i].rank = i + 1 }
        return sorted
    }

    static func timing(of runs: [StoredRun]) -> Timing? {
        var spans: [(start: Date, end: Date, seconds: Double)] = []
        for run in runs {
            let url = run.directory.appendingPathComponent(RunFile.record)
            guard let end = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date else { continue }
            let seconds = run.record.results?.seconds ?? 0
            spans.append((end.addingTimeInterval(-seconds), end, seconds))
        }
        guard let start = spans.map(\.start).min(), let end = spans.map(\.end).max() else { return nil }
        return Timing(firstStart: start, lastEnd: end, runSeconds: spans.map(\.seconds).reduce(0, +))
    }
}

// MARK: - Sentences both pages use

extension SweepReport {
    /// "12 planned, 9 with results: 7 completed, 1 diverged, 1 failed; 3 not started".
    public var runsSentence: String {
        let counts = statusCounts.map { "\($0.count) \($0.status.rawValue)" }.joined(separator: ", ")
        var text = rows.isEmpty ? "no run has results yet" : "\(rows.count) with results: \(counts)"
        if let planned = plannedRuns {
            text = "\(planned) planned, " + text
            if planned > rows.count { text += "; \(planned - rows.count) not started" }
        }
        return text
    }

    /// "2025-11-25 22:04 +01:00 to 2025-11-25 23:10 +01:00 (1h 06m); 2h 01m of run time".
    public func timingSentence(timeZone: TimeZone = .current) -> String? {
        guard let timing else { return nil }
        return "\(ReportText.date(timing.firstStart, timeZone: timeZone)) to \(ReportText.date(timing.lastEnd, timeZone: timeZone))"
            + " (\(ReportText.duration(timing.wallSeconds))); \(ReportText.duration(timing.runSeconds)) of run time"
    }

    /// "running: 120 of 200 runs done, about 25m left (done at 02:41); updated 02:16".
    public func liveSentence(timeZone: TimeZone = .current) -> String? {
        guard let live else { return nil }
        var text = "running: \(ReportText.integer(live.done)) of \(ReportText.integer(live.total)) runs done"
        if let left = live.secondsLeft, left.isFinite {
            text += ", about \(ReportText.duration(left)) left (done at \(ReportText.clock(live.updated.addingTimeInterval(left), timeZone: timeZone)))"
        }
        return text + "; updated \(ReportText.clock(live.updated, timeZone: timeZone))"
    }

    /// "What mattered" in words: each setting's share of the spread in final validation loss,
    /// what no single setting explains, and what the shares rest on; or why there is nothing to say.
    public var mattered: [String] {
        if let importance { return importance.sentences(unit: measure.unit) }
        guard !axes.isEmpty else { return [] }
        return ["Too few runs have finished to say which settings mattered: it takes three with a final loss."]
    }

    /// Whether every planned run has finished (completed or diverged).
    public var isFinished: Bool {
        rows.allSatisfy(\.status.isResult) && rows.count >= (plannedRuns ?? rows.count)
    }

    /// "learning_rate 0.3 · embedding_dim 8" for a row.
    func sweptDescription(of row: Row) -> String {
        zip(columns, row.values).map { "\($0) \($1)" }.joined(separator: " · ")
    }

    /// "val loss 3.7121 · perplexity 40.9 · best 3.7050 at step 14,250 · 23,872 parameters · 1m 05s".
    func resultDescription(of row: Row) -> String {
        guard let r = row.record.results else { return row.note }
        var parts: [String] = []
        if let v = r.valLoss { parts.append("val loss \(ReportText.loss(v))") }
        if let v = r.valBpc { parts.append("val bpc \(ReportText.loss(v))") }
        if let t = r.trainLoss { parts.append("train loss \(ReportText.loss(t))") }
        if let p = r.valPerplexity { parts.append("perplexity \(ReportText.perplexity(p))") }
        if let b = r.bestValLoss, let s = r.bestStep { parts.append("best \(ReportText.loss(b)) at step \(ReportText.integer(s))") }
        parts.append("\(ReportText.integer(r.parameters)) parameters")
        parts.append(ReportText.duration(r.seconds))
        return parts.joined(separator: " · ")
    }

    /// Mean probability of a sample's tokens.
    static func meanProbability(_ sample: SampleRecord) -> Double? {
        sample.tokens.isEmpty ? nil : sample.tokens.map(\.probability).reduce(0, +) / Double(sample.tokens.count)
    }
}
