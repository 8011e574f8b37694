// `tinylab slurm`: hands a sweep to Slurm as two readable batch scripts in the sweep folder: an
// array job whose task I runs shard I of the sweep (`tinylab run --shard auto`), and a report job,
// submitted after the array with afterany, that merges the shards. No coordinator: the shared
// folder is the only state. Leaves out: running a shard (RunCommand) and merging (ReportCommand).

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
            help: ArgumentHelp("An extra #SBATCH line for both scripts, e.g. --sbatch-arg=--account=lab (repeatable).", valueName: "arg"))
    var sbatchArg: [String] = []

    @Flag(help: "Submit both jobs with sbatch instead of printing the commands.")
    var submit = false

    func validate() throws {
        if let tasks, tasks < 1 { throw ValidationError("--tasks must be at least 1, got \(tasks)") }
        if let maxRunning, maxRunning < 1 { throw ValidationError("--max-running must be at least 1, got \(maxRunning)") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if stopMargin < 0 { throw ValidationError("--stop-margin must be zero or positive, got \(stopMargin)") }
    }

    func run() throws {
        let sweep = try reportingErrors { try SweepSpec.load(contentsOf: URL(fileURLWithPath: spec)) }
        let output = URL(fileURLWithPath: out ?? "Reports/\(sweep.name)").standardizedFileURL
        let layout = SweepLayout(root: output)
        let scripts = SlurmScripts(
            binary: currentExecutable(), spec: sweep.file.standardizedFileURL.path, output: output.path, name: sweep.name,
            tasks: min(tasks ?? min(sweep.runs.count, 1000), sweep.runs.count), maxRunning: maxRunning, time: time,
            partition: partition, jobs: jobs, stopMargin: stopMargin, extra: sbatchArg)
        try reportingErrors {
            try writeAtomically(Data(readFile(at: sweep.file, limit: FileLimit.spec)), to: layout.spec)
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
