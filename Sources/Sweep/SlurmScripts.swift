// The Slurm batch scripts of a sweep, as text: an array job whose task I runs shard I of the
// sweep (`tinylab run --shard auto`), and a report job, submitted after the array with afterany,
// that merges the shards. No coordinator: the shared folder is the only state.
// Leaves out submitting them (the command line) and choosing the shards (SweepShards.swift).

import Foundation

/// The two batch scripts of a sweep, as text.
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

    public var arrayScript: URL { URL(fileURLWithPath: output).appendingPathComponent("slurm/array.sbatch") }
    public var reportScript: URL { URL(fileURLWithPath: output).appendingPathComponent("slurm/report.sbatch") }

    /// Task I runs shard I; TERM (before the time limit, or scancel) is passed on to tinylab, which
    /// checkpoints and stops, and the script waits for it to finish writing.
    public var array: String {
        var lines = [
            "#!/bin/bash",
            "# Array job of the TinyLab sweep \"\(name)\", written by `tinylab slurm`: task I of \(tasks) trains",
            "# shard I of the sweep's runs into the folder below. Submitting it again finishes only what is left.",
            "#SBATCH --job-name=tinylab-\(name)",
            "#SBATCH --array=0-\(tasks - 1)" + (maxRunning.map { "%\($0)" } ?? ""),
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=\(jobs)",
            "#SBATCH --signal=B:TERM@\(stopMargin)",
            "#SBATCH --output=\(output)/logs/array-%A_%a.log",
        ]
        lines += common
        lines += [
            "",
            "# Slurm sends TERM to this shell \(stopMargin) s before the time limit (and to every process on scancel).",
            "# Passed on, it makes tinylab save checkpoints and stop; the next submission resumes from them.",
            "trap 'kill -TERM \"$pid\" 2>/dev/null' TERM",
            "\(shellQuoted(binary)) run \(shellQuoted(spec)) --out \(shellQuoted(output)) --shard auto --jobs \(jobs) &",
            "pid=$!",
            "# wait returns early when the trap runs: wait again until tinylab has exited.",
            "while wait \"$pid\"; status=$?; kill -0 \"$pid\" 2>/dev/null; do :; done",
            "exit \"$status\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Merges what the array finished; submitted with --dependency=afterany:<array job>.
    public var report: String {
        var lines = [
            "#!/bin/bash",
            "# Report job of the TinyLab sweep \"\(name)\", written by `tinylab slurm`: after the array job",
            "# (sbatch --dependency=afterany:<array job id>), merges what its tasks finished and lists what is missing.",
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

