// `tinylab run`: a sweep from its spec. Checks the whole spec first (nothing is trained or
// written if any run is impossible), then trains the runs in parallel, resuming what an earlier
// invocation left, and draws each run's figures as it ends and the sweep's figures and report
// pages at the end (also when interrupted). With --shard it runs one shard of the sweep (an array
// task of a batch system; see Docs/CLUSTER.md), of one --rung under successive halving, and leaves
// the sweep's own files, figures and pages to `tinylab report`.

import ArgumentParser
import Files
import Foundation
import Report
import Sweep

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run (or resume) a sweep described by a JSON spec.",
        discussion: """
            Writes Reports/<name>/ (or --out): spec.json, summary.csv, metrics.csv, figures/, \
            report.md, index.html and a run directory per run under runs/. Running the same spec \
            again skips completed runs and continues the others from their last checkpoint; \
            --fresh starts over. Ctrl-C stops within a step or two, saving checkpoints. Exit \
            status: 0 done (diverged runs are results), 1 a run failed, 2 the spec is invalid \
            (nothing was run), 130 interrupted.

            Example:
              tinylab run Experiments/demo.json --jobs 2
            """)

    @Argument(help: "Experiment spec (JSON); see Docs/SPEC.md.")
    var spec: String

    @Option(help: "Runs trained at the same time, one core each.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Output folder. (default: Reports/<name>)")
    var out: String?

    @Flag(help: "Discard earlier results and checkpoints of this sweep and start over.")
    var fresh = false

    @Option(help: ArgumentHelp("Run only shard I of N (0-based) of the sweep, e.g. 0/4; auto reads it from a Slurm array task or a Kubernetes Indexed Job. `tinylab report` merges the shards.", valueName: "I/N|auto"))
    var shard: String?

    @Option(help: "Number of shards with --shard auto under a Kubernetes Indexed Job (its completions).")
    var shardCount: Int?

    @Option(help: ArgumentHelp("With --shard, for a halving spec: the rung (1 for the first) whose work the shard shares. Rung K starts once every rung before it is complete; `tinylab slurm` chains them.", valueName: "K"))
    var rung: Int?

    @Option(help: ArgumentHelp("Finish by this time: a local clock time (the next one to come, e.g. 07:00) or a date and time (2026-12-01T07:00). Runs that cannot finish in time are not started, runs in flight checkpoint, and the report is written before it; run the command again to resume.", valueName: "time"))
    var until: String?

    @Option(help: "Seconds between rewrites of report.md and index.html while the sweep runs.")
    var reportEvery: Double = 180

    @Flag(help: "Log every evaluation of every run, not only runs starting and ending (when stderr is not a terminal).")
    var verbose = false

    @OptionGroup var figures: FigureOptions

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let out, ![.missing, .directory].contains(fileKind(out)) {
            throw ValidationError("--out names a file, \(out); give a folder for the sweep (it is made if missing)")
        }
        if !(reportEvery >= 1) { throw ValidationError("--report-every must be at least 1 second, got \(reportEvery)") }
        if let rung {
            if rung < 1 { throw ValidationError("--rung counts from 1 (the first rung), got \(rung)") }
            if shard == nil { throw ValidationError("--rung goes with --shard: without --shard, `tinylab run` trains every rung in turn") }
            if fresh { throw ValidationError("--fresh with --rung would discard runs that the decisions of earlier rungs rest on; start the sweep over without --shard, or give a new --out") }
        }
        if let until, deadline(until) == nil {
            throw ValidationError("--until expects a clock time (07:00) or a date and time (2026-12-01T07:00), got \(until)")
        }
    }

    func deadline(_ text: String) -> Date? { Deadline.parse(text) }

    func run() throws {
        try run(environment: ProcessInfo.processInfo.environment)
    }

    /// Runs the sweep; `environment` is where `--shard auto` finds the batch system's variables.
    func run(environment: [String: String]) throws {
        let shard = try reportingErrors { try resolvedShard(environment: environment) }
        let cache = TokenizerCache()
        let sweep = try reportingErrors { try SweepSpec.load(contentsOf: URL(fileURLWithPath: spec), tokenizers: cache) }
        let output = out.map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: "Reports").appendingPathComponent(sweep.name)
        let runner = SweepRunner(runs: sweep.runs, output: output, jobs: jobs, fresh: fresh, shard: shard, halving: sweep.halving,
                                 rung: rung.map { $0 - 1 })
        // A rung out of place, or one that cannot start yet, is refused before anything is written.
        let share = try reportingErrors { try runner.rungShare() }
        // One invocation per sweep folder (per shard folder, for shards) at a time.
        let lock = try reportingErrors { try FolderLock(folder: runner.resultsFolder) }
        let style = figures.style(spec: sweep.figures)
        let selected = runner.selection(share: share)
        let finished = runner.finishedRecords(of: selected)
        let left = selected.filter { finished[$0] == nil }.map { sweep.runs[$0] }
        let estimate = try reportingErrors {
            try SweepEstimate.measure(runs: left, total: selected.count, axes: sweep.sweptKeys, jobs: jobs,
                                      tokenizers: cache, style: style, halving: sweep.halving, plan: sweep.runs)
        }
        let stop = StopSignal()
        let signals = SignalStopper(stop: stop)
        let progress = SweepProgress(runs: selected.map { sweep.runs[$0] }, estimate: estimate, verbose: verbose)
        let deadline = until.flatMap(deadline)
        // Stop early enough that the report is written before the deadline: its estimate, half
        // again for safety, and a second for the runs in flight to save their checkpoints.
        let stopAt = deadline.map { $0.addingTimeInterval(-(estimate.end * 1.5 + 1)) }
        let timer = stopAt.map { StopTimer(at: $0, stop: stop) }
        let refresher = shard == nil
            ? ReportRefresher(folder: runner.layout.root, every: reportEvery, jobs: jobs, style: style, progress: progress) : nil
        let outcome = try reportingErrors {
            try runner.run(specText: sweep.text, tokenizers: cache, stop: stop, onEvent: { event in
                progress.handle(event)
                if case .runFinished(let id, let record) = event {
                    // A run paused at a rung is drawn when it ends, not at every rung.
                    if record.status != .paused, let stored = StoredRun(directory: runner.layout.run(id)) { drawFigures(of: stored, style: style) }
                    refresher?.runFinished()
                }
            }, admit: { run in
                // A run starts only when the estimate says it ends before the runs must stop.
                guard let stopAt else { return true }
                return Date().addingTimeInterval(estimate.perRun[run.id] ?? 0) <= stopAt
            })
        }
        refresher?.cancel()
        timer?.cancel()
        withExtendedLifetime(signals) {}
        defer { lock.release() }
        let notice = deadlineNotice(outcome, runs: sweep.runs, deadline: deadline, stopped: timer?.fired ?? false)
        if let notice { Terminal.status(notice) }
        if let shard {
            let part = rung.map { "rung \($0) of " } ?? ""
            Terminal.write(summary(outcome, runs: sweep.runs, layout: runner.layout)
                + "shard \(shard) of \(part)the sweep: \(selected.count) runs; `tinylab report \(output.path)` merges the shards\n")
            if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
            return
        }
        // Each run's figures were drawn as it ended; the sweep figures and pages come now.
        do {
            // Figures missing from a run that a killed invocation finished are drawn now.
            let finished = try ReportPages.finish(folder: runner.layout.root, runFigures: .missing, jobs: jobs, notice: notice, style: style)
            for problem in finished.problems { Terminal.status("warning: \(problem)") }
        } catch {
            Terminal.status("warning: report pages not written: \(error)")
        }
        Terminal.write(summary(outcome, runs: sweep.runs, layout: runner.layout))
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }

    /// What a deadline left undone, for the terminal and the report; nil without one, or when
    /// it left nothing.
    func deadlineNotice(_ outcome: SweepOutcome, runs: [PlannedRun], deadline: Date?, stopped: Bool) -> String? {
        guard let deadline, outcome.interrupted else { return nil }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        var parts: [String] = []
        let interrupted = outcome.records.filter { $0?.status == .interrupted }.count
        if stopped, interrupted > 0 { parts.append("\(interrupted) run\(interrupted == 1 ? " was" : "s were") stopped with a checkpoint") }
        if !outcome.notStarted.isEmpty {
            let n = outcome.notStarted.count
            parts.append("\(n) run\(n == 1 ? " was" : "s were") not started, because the estimate said \(n == 1 ? "it" : "they") could not finish in time")
        }
        guard !parts.isEmpty else { return nil }
        return "Stopped for the deadline \(formatter.string(from: deadline)): " + parts.joined(separator: "; ")
            + ". Run the same command again to finish them."
    }

    /// The shard from --shard and --shard-count, nil without --shard.
    func resolvedShard(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Shard? {
        guard let shard else {
            if shardCount != nil { throw SweepError.badShard("--shard-count goes with --shard auto") }
            return nil
        }
        return try Shard.parse(shard, count: shardCount, environment: environment)
    }

    func summary(_ outcome: SweepOutcome, runs: [PlannedRun], layout: SweepLayout) -> String {
        let counts = RunStatus.counts(of: outcome.records.compactMap { $0?.status }).map { "\($0.count) \($0.status.rawValue)" }
        var lines = ["sweep: \(layout.root.path)", "runs: " + (counts.isEmpty ? "none has run" : counts.joined(separator: ", "))]
        let measure = LossMeasure.comparing(outcome.records.compactMap { $0 })
        let finished = zip(runs, outcome.records).compactMap { run, record in measure.finalValidation(record?.results).map { (run.id, $0) } }
        if let best = finished.min(by: { $0.1 < $1.1 }) {
            let name = measure == .natsPerToken ? "best val loss" : "best val bpc"
            lines.append(String(format: "\(name): %.4f", best.1) + "  " + layout.run(best.0).path)
        }
        if shard == nil { lines.append("report: " + layout.root.appendingPathComponent(ReportPages.html).path) }
        if outcome.interrupted { lines.append("interrupted: run the same command again to resume") }
        return lines.joined(separator: "\n") + "\n"
    }
}
