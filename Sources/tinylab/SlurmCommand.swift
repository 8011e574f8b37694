// `tinylab slurm`: hands a sweep to Slurm as readable batch scripts in the sweep folder: an array
// job whose task I runs shard I of the sweep (`tinylab run --shard auto`), and a report job,
// submitted after the array with afterany, that merges the shards. A halving sweep is a chain: an
// array job per rung, each followed by a promotion job that runs this command again to check the
// rung and submit the next. No coordinator: the shared folder is the only state.
// Leaves out: running a shard (RunCommand) and merging (ReportCommand).

import ArgumentParser
import Files
import Foundation
import Sweep

struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write (and with --submit, submit) Slurm batch scripts that run a sweep as a job array.",
        discussion: """
            Checks the spec like `tinylab run` (nothing is written if it is invalid), then writes \
            <out>/slurm/array.sbatch and <out>/slurm/report.sbatch, plus spec.json and plan.json. \
            Each array task runs one shard of the runs, balanced by their cost, into the same \
            folder; the report job, queued after every task has ended, writes summary.csv, \
            metrics.csv and the figures and lists the runs still missing. Running the same command \
            again after cancelled, failed or timed-out tasks finishes only what is left. The folder \
            must be on a filesystem every node shares; see Docs/CLUSTER.md.

            A halving spec runs rung by rung: <out>/slurm/rung-K.sbatch is rung K's array \
            (`tinylab run --shard auto --rung K`), with --tasks tasks but no more than the runs \
            that reach the rung, and promote-K.sbatch, queued after it, checks that every run of \
            rung K reached it (or is out), writes halving.json and submits rung K+1 with its \
            promotion job, or after the last rung the report job. A rung with failed or cancelled \
            tasks stops the chain; running the same command again starts at the first rung not \
            complete.

            Example:
              tinylab slurm Experiments/demo.json --tasks 4 --time 00:30:00 --submit
            """)

    @Argument(help: "Experiment spec (JSON); see Docs/SPEC.md.")
    var spec: String

    @Option(help: "Output folder, on a filesystem all nodes share. (default: Reports/<name>)")
    var out: String?

    @Option(help: "Array tasks, each running a share of the runs. (default: one per run, at most 1000)")
    var tasks: Int?

    @Option(help: "Most array tasks running at once (the array's %K). (default: no limit)")
    var maxRunning: Int?

    @Option(help: "Time limit of each task, in Slurm's format (e.g. 02:00:00). (default: the partition's)")
    var time: String?

    @Option(help: "Slurm partition. (default: the cluster's default)")
    var partition: String?

    @Option(help: "Runs trained at the same time in each task, one core each (--cpus-per-task).")
    var jobs = 1

    @Option(help: "Seconds before the time limit at which a task checkpoints and stops.")
    var stopMargin = 120

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("An extra #SBATCH line for every script, e.g. --sbatch-arg=--account=lab (repeatable).", valueName: "arg"))
    var sbatchArg: [String] = []

    @Flag(help: "Submit the jobs with sbatch instead of printing the commands.")
    var submit = false

    // The promotion job's own flag: go on only if every rung up to this one is complete.
    @Option(help: ArgumentHelp("Check that rungs 1 to K of a halving sweep are complete before submitting what follows (the promotion job after rung K).",
                               valueName: "K", visibility: .hidden))
    var afterRung: Int?

    func validate() throws {
        if let tasks, tasks < 1 { throw ValidationError("--tasks must be at least 1, got \(tasks)") }
        if let maxRunning, maxRunning < 1 { throw ValidationError("--max-running must be at least 1, got \(maxRunning)") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if stopMargin < 0 { throw ValidationError("--stop-margin must be zero or positive, got \(stopMargin)") }
        if let afterRung, afterRung < 1 { throw ValidationError("--after-rung counts from 1 (the first rung), got \(afterRung)") }
    }

    func run() throws {
        let sweep = try reportingErrors { try SweepSpec.load(contentsOf: URL(fileURLWithPath: spec)) }
        let output = URL(fileURLWithPath: out ?? "Reports/\(sweep.name)").standardizedFileURL
        let layout = SweepLayout(root: output)
        let scripts = SlurmScripts(
            binary: currentExecutable(), spec: sweep.file.standardizedFileURL.path, output: output.path, name: sweep.name,
            tasks: min(tasks ?? min(sweep.runs.count, 1000), sweep.runs.count), maxRunning: maxRunning, time: time,
            partition: partition, jobs: jobs, stopMargin: stopMargin, extra: sbatchArg)
        if let halving = sweep.halving {
            try runChain(sweep, halving: halving, scripts: scripts)
            return
        }
        if let afterRung {
            Terminal.status("error: --after-rung \(afterRung) is for a halving spec, and \(spec) has no `halving`")
            throw ExitCode(2)
        }
        try reportingErrors {
            try writeAtomically(sweep.text, to: layout.spec)
            try writeAtomically(encodeJSON(SweepPlan(runs: sweep.runs)), to: layout.plan)
            try writeAtomically(Data(scripts.array.utf8), to: scripts.arrayScript)
            try writeAtomically(Data(scripts.report.utf8), to: scripts.reportScript)
            // Slurm opens the log files itself and does not create their folder.
            try createFolder(output.appendingPathComponent("logs"))
        }
        let shares = "\(sweep.runs.count) runs in \(scripts.tasks) task\(scripts.tasks == 1 ? "" : "s")"
            + (maxRunning.map { ", at most \($0) at a time" } ?? "")
        guard submit else {
            Terminal.write("""
                wrote \(scripts.arrayScript.path) (\(shares)) and \(scripts.reportScript.path)
                submit with:
                  array=$(sbatch --parsable \(shellQuoted(scripts.arrayScript.path)))
                  sbatch --dependency=afterany:$array \(shellQuoted(scripts.reportScript.path))

                """)
            return
        }
        let arrayID = try sbatch(["--parsable", scripts.arrayScript.path])
        let reportID = try sbatch(["--parsable", "--dependency=afterany:\(arrayID)", scripts.reportScript.path])
        Terminal.write("""
            submitted array job \(arrayID) (\(shares)) and report job \(reportID) (runs when every task has ended)
            watch:  squeue -j \(arrayID),\(reportID)
            logs:   tail -f \(shellQuoted(output.path))/logs/*.log
            results: \(output.path)/summary.csv once job \(reportID) is done; `tinylab report \(shellQuoted(output.path))` merges any time.
            Tasks cancelled, failed or out of time? Run the same command again: it finishes only what is left.

            """)
    }

    /// A halving sweep: writes every rung's array and promotion scripts and the report script, then
    /// submits the first rung not complete and its promotion job (or, when every rung is, the
    /// report job). With --after-rung K, the promotion job's check comes first: a rung up to K
    /// that is not complete stops the chain, with exit status 1.
    func runChain(_ sweep: SweepSpec, halving: Halving, scripts: SlurmScripts) throws {
        let layout = SweepLayout(root: URL(fileURLWithPath: scripts.output))
        let runner = SweepRunner(runs: sweep.runs, output: layout.root, jobs: 1, halving: halving)
        let schedule = halving.schedule(sweep.runs.map(\.config))
        let works = runner.rungWorks()
        let first = works.first { !$0.isComplete }
        // Runs that reach each rung: counted once the rungs before it are decided, planned after that.
        let runs = schedule.indices.map { k in
            works.indices.contains(k) ? works[k].items.count { if case .advance = $0 { true } else { false } } : schedule[k].runs
        }
        // subtle: a rung whose configurations are all out has no run to train, but may have runs to stop.
        let tasks = runs.map { n in max(1, min(self.tasks ?? min(n, 1000), n)) }
        try reportingErrors {
            try writeAtomically(sweep.text, to: layout.spec)
            try writeAtomically(encodeJSON(SweepPlan(runs: sweep.runs)), to: layout.plan)
            try runner.writeHalvingRecord()
            for (k, rung) in schedule.enumerated() {
                try writeAtomically(Data(scripts.rungArray(k + 1, of: schedule.count, step: rung.step, tasks: tasks[k]).utf8),
                                    to: scripts.rungScript(k + 1))
                try writeAtomically(Data(scripts.promotion(after: k + 1, of: schedule.count, options: options).utf8),
                                    to: scripts.promotionScript(k + 1))
            }
            try writeAtomically(Data(scripts.report.utf8), to: scripts.reportScript)
            // Slurm opens the log files itself and does not create their folder.
            try createFolder(layout.root.appendingPathComponent("logs"))
        }
        if let afterRung, let first, first.rung < afterRung {
            let k = first.rung + 1
            let left = first.left.map { sweep.runs[$0.run].id }
            Terminal.status("""
                error: rung \(k) (step \(first.step)) is not complete: \(left.count) of its \(first.items.count) runs \
                \(left.count == 1 ? "is" : "are") not done (\(left.prefix(5).joined(separator: ", "))\(left.count > 5 ? ", ..." : "")); \
                some of its tasks failed, were cancelled or ran out of time (see \(layout.root.path)/logs/rung-\(k)-*.log).
                Nothing was promoted and nothing more is submitted. To resume at rung \(k), run again:
                  \(resubmitCommand)
                """)
            throw ExitCode(1)
        }
        guard let first else {
            guard submit else {
                Terminal.write("every rung of the sweep is complete; wrote \(scripts.reportScript.path)\nsubmit with:\n"
                               + "  sbatch \(shellQuoted(scripts.reportScript.path))\n")
                return
            }
            let reportID = try sbatch(["--parsable", scripts.reportScript.path])
            Terminal.write("every rung of the sweep is complete; submitted report job \(reportID)\n"
                           + "results: \(layout.root.path)/summary.csv once job \(reportID) is done\n")
            return
        }
        let k = first.rung + 1
        let plan = schedule.indices.dropFirst(first.rung).map { i in
            "  rung \(i + 1) (step \(schedule[i].step)): \(works.indices.contains(i) ? "" : "at most ")\(runs[i]) runs in "
                + "\(tasks[i]) task\(tasks[i] == 1 ? "" : "s")"
        }.joined(separator: "\n")
        guard submit else {
            Terminal.write("""
                wrote rung-K.sbatch and promote-K.sbatch for K = 1 to \(schedule.count), and report.sbatch, in \(scripts.reportScript.deletingLastPathComponent().path)
                \(plan)
                submit with:
                  array=$(sbatch --parsable \(shellQuoted(scripts.rungScript(k).path)))
                  sbatch --dependency=afterany:$array \(shellQuoted(scripts.promotionScript(k).path))
                promote-\(k) then checks rung \(k) and submits the next rung with its promotion job, and so on; the last one submits report.sbatch.

                """)
            return
        }
        let arrayID = try sbatch(["--parsable", scripts.rungScript(k).path])
        let promotionID = try sbatch(["--parsable", "--dependency=afterany:\(arrayID)", scripts.promotionScript(k).path])
        Terminal.write("""
            submitted rung \(k) array job \(arrayID) and promotion job \(promotionID) (runs when every task has ended, then submits the next rung)
            \(plan)
            watch:  squeue --name=\(scripts.chainJobNames(rungs: schedule.count).joined(separator: ","))
            logs:   tail -f \(shellQuoted(layout.root.path))/logs/*.log
            results: \(layout.root.path)/summary.csv once the report job, submitted after the last rung, is done.
            A rung with failed, cancelled or timed-out tasks stops the chain; run the same command again to resume at the first rung not complete.

            """)
    }

    /// This command's flags that shape the jobs, as the promotion jobs pass them on.
    var options: [String] {
        var words: [String] = []
        if let tasks { words += ["--tasks", "\(tasks)"] }
        if let maxRunning { words += ["--max-running", "\(maxRunning)"] }
        if let time { words += ["--time", time] }
        if let partition { words += ["--partition", partition] }
        words += ["--jobs", "\(jobs)", "--stop-margin", "\(stopMargin)"]
        words += sbatchArg.map { "--sbatch-arg=\($0)" }
        return words
    }

    /// The command that resumes the sweep: this one, without --after-rung.
    var resubmitCommand: String {
        let out = self.out.map { ["--out", URL(fileURLWithPath: $0).standardizedFileURL.path] } ?? []
        let words = ["slurm", URL(fileURLWithPath: spec).standardizedFileURL.path] + out + options + ["--submit"]
        return ([currentExecutable()] + words).map(shellQuoted).joined(separator: " ")
    }

    /// Runs sbatch and returns the job id it prints with --parsable ("id" or "id;cluster").
    func sbatch(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sbatch"] + arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch {
            Terminal.status("error: cannot start sbatch (it is not installed here, or not on the PATH); submit from a Slurm login node, or leave out --submit and run the printed commands there")
            throw ExitCode(1)
        }
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let id = output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        guard process.terminationStatus == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            Terminal.status("error: sbatch \(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus)): "
                            + (errors + output).trimmingCharacters(in: .whitespacesAndNewlines))
            throw ExitCode(1)
        }
        return id
    }
}

/// The absolute path of the running tinylab binary, which every node must reach at that path.
func currentExecutable() -> String {
    #if os(Linux)
    if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
    #endif
    let first = CommandLine.arguments.first ?? "tinylab"
    if first.contains("/") { return URL(fileURLWithPath: first).standardizedFileURL.resolvingSymlinksInPath().path }
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    return paths.map { "\($0)/\(first)" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? first
}
