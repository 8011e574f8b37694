// The Slurm batch scripts of a sweep, as text: an array job whose task I runs shard I of the
// sweep (`tinylab run --shard auto`), and a report job, submitted after the array with afterany,
// that merges the shards. A halving sweep has an array job per rung (`--rung K`) instead, each
// followed by a promotion job that checks the rung and submits the next. No coordinator: the
// shared folder is the only state. Leaves out submitting them (the command line) and choosing
// the shards (SweepShards.swift).

import Foundation

/// The batch scripts of a sweep, as text.
public struct SlurmScripts: Sendable {
    /// Absolute paths: the tinylab binary, the spec, the sweep folder.
    public var binary: String
    public var spec: String
    public var output: String
    public var name: String
    public var tasks: Int
    public var maxRunning: Int?
    public var time: String?
    public var partition: String?
    public var jobs: Int
    public var stopMargin: Int
    public var extra: [String]

    public var arrayScript: URL { script("array") }
    public var reportScript: URL { script("report") }
    /// slurm/rung-K.sbatch and slurm/promote-K.sbatch, K counted from 1.
    public func rungScript(_ rung: Int) -> URL { script("rung-\(rung)") }
    public func promotionScript(_ rung: Int) -> URL { script("promote-\(rung)") }

    /// The job names of a halving sweep's chain, for squeue --name.
    public func chainJobNames(rungs: Int) -> [String] {
        (1 ... max(rungs, 1)).flatMap { ["tinylab-\(name)-rung-\($0)", "tinylab-\(name)-promote-\($0)"] } + ["tinylab-\(name)-report"]
    }

    /// Task I runs shard I; TERM (before the time limit, or scancel) is passed on to tinylab, which
    /// checkpoints and stops, and the script waits for it to finish writing.
    public var array: String {
        arrayJob(header: [
            "# Array job of the TinyLab sweep \"\(name)\", written by `tinylab slurm`: task I of \(tasks) trains",
            "# shard I of the sweep's runs into the folder below. Submitting it again finishes only what is left.",
            "#SBATCH --job-name=tinylab-\(name)",
        ], tasks: tasks, log: "array", run: [])
    }

    /// Rung K's array job (K from 1) of a halving sweep of `rungs` rungs, at `step`, in `tasks`
    /// tasks: task I trains shard I of the rung's work, the same split in every task.
    public func rungArray(_ rung: Int, of rungs: Int, step: Int, tasks: Int) -> String {
        arrayJob(header: [
            "# Rung \(rung) of \(rungs) of the TinyLab sweep \"\(name)\" (successive halving), written by `tinylab slurm`:",
            "# task I of \(tasks) trains shard I of the rung's work into the folder below: the runs that reach the",
            "# rung, to step \(step)" + (rung > 1 ? ", and the runs rung \(rung - 1) did not promote, to stop. " : ". ")
                + "promote-\(rung).sbatch runs after it.",
            "#SBATCH --job-name=tinylab-\(name)-rung-\(rung)",
        ], tasks: tasks, log: "rung-\(rung)", run: ["--rung", "\(rung)"])
    }

    /// The promotion job after rung K's array (K from 1) of a halving sweep of `rungs` rungs;
    /// submitted with --dependency=afterany:<rung K's array>. It calls `tinylab slurm` again with
    /// `options` (the original flags) and --after-rung K, which checks the rung and submits what
    /// comes next.
    public func promotion(after rung: Int, of rungs: Int, options: [String]) -> String {
        let next = rung < rungs ? "submits rung \(rung + 1)'s array and the promotion job after it"
            : "submits the report job (report.sbatch)"
        var lines = [
            "#!/bin/bash",
            "# Promotion job after rung \(rung) of \(rungs) of the TinyLab sweep \"\(name)\", written by `tinylab slurm`: once",
            "# rung \(rung)'s array has ended (sbatch --dependency=afterany:<its job id>), checks that every run of the rung",
            "# reached it or is out, writes halving.json, then \(next).",
            "# If a task failed or was cancelled, it promotes nothing and stops the chain (see its log);",
            "# `tinylab slurm` run again resumes at the first rung not complete.",
            "#SBATCH --job-name=tinylab-\(name)-promote-\(rung)",
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=1",
            "#SBATCH --output=\(output)/logs/promote-\(rung)-%j.log",
        ]
        lines += common
        let words = ["slurm", spec, "--out", output] + options + ["--after-rung", "\(rung)", "--submit"]
        lines += ["", "exec \(shellQuoted(binary)) " + words.map(shellQuoted).joined(separator: " ")]
        return lines.joined(separator: "\n") + "\n"
    }

    /// An array job of `tasks` tasks: `header` (comment and job name), then task I running
    /// `tinylab run --shard auto` with `run` added, logging to logs/<log>-<job>_<task>.log.
    private func arrayJob(header: [String], tasks: Int, log: String, run: [String]) -> String {
        var lines = ["#!/bin/bash"] + header + [
            "#SBATCH --array=0-\(tasks - 1)" + (maxRunning.map { "%\($0)" } ?? ""),
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=\(jobs)",
            "#SBATCH --signal=B:TERM@\(stopMargin)",
            "#SBATCH --output=\(output)/logs/\(log)-%A_%a.log",
        ]
        lines += common
        let words = ["run", spec, "--out", output, "--shard", "auto"] + run + ["--jobs", "\(jobs)"]
        lines += [
            "",
            "# Slurm sends TERM to this shell \(stopMargin) s before the time limit (and to every process on scancel).",
            "# Passed on, it makes tinylab save checkpoints and stop; the next submission resumes from them.",
            "trap 'kill -TERM \"$pid\" 2>/dev/null' TERM",
            "\(shellQuoted(binary)) " + words.map(shellQuoted).joined(separator: " ") + " &",
            "pid=$!",
            "# wait returns early when the trap runs: wait again until tinylab has exited.",
            "while wait \"$pid\"; status=$?; kill -0 \"$pid\" 2>/dev/null; do :; done",
            "exit \"$status\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Merges what the array finished; submitted with --dependency=afterany:<array job>, or under
    /// halving by the last promotion job.
    public var report: String {
        var lines = [
            "#!/bin/bash",
            "# Report job of the TinyLab sweep \"\(name)\", written by `tinylab slurm`: after the array job",
            "# (sbatch --dependency=afterany:<array job id>; under halving, submitted by the last promotion job),",
            "# merges what the tasks finished and lists what is missing.",
            "#SBATCH --job-name=tinylab-\(name)-report",
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=1",
            "#SBATCH --output=\(output)/logs/report-%j.log",
        ]
        lines += common
        lines += ["", "exec \(shellQuoted(binary)) report \(shellQuoted(output))"]
        return lines.joined(separator: "\n") + "\n"
    }

    public init(binary: String, spec: String, output: String, name: String, tasks: Int, maxRunning: Int?, time: String?,
                partition: String?, jobs: Int, stopMargin: Int, extra: [String]) {
        self.binary = binary
        self.spec = spec
        self.output = output
        self.name = name
        self.tasks = tasks
        self.maxRunning = maxRunning
        self.time = time
        self.partition = partition
        self.jobs = jobs
        self.stopMargin = stopMargin
        self.extra = extra
    }

    private func script(_ name: String) -> URL {
        URL(fileURLWithPath: output).appendingPathComponent("slurm/\(name).sbatch")
    }

    private var common: [String] {
        (time.map { ["#SBATCH --time=\($0)"] } ?? []) + (partition.map { ["#SBATCH --partition=\($0)"] } ?? [])
            + extra.map { "#SBATCH \($0)" }
    }
}

/// `s` as one shell word: single-quoted unless it is plainly safe.
public func shellQuoted(_ s: String) -> String {
    let safe = !s.isEmpty && s.unicodeScalars.allSatisfy {
        CharacterSet.alphanumerics.contains($0) && $0.isASCII || "/._-+=:,@%".unicodeScalars.contains($0)
    }
    return safe ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

