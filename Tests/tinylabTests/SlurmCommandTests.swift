// `tinylab slurm` as users see it: flags parse, the scripts say what the design promises (array
// size and cap, signal margin, logs, --shard auto, the afterany report; under halving a rung array
// and a promotion job per rung) and are valid bash, and the command writes its files only for a
// valid spec.

import ArgumentParser
import Foundation
import TestFolders
import Testing
import Sweep
@testable import tinylab

@Suite struct SlurmCommandTests {
    /// A folder with a small corpus and a spec of three runs over it (two seeds each, halving
    /// them at steps 2 and 6 of 10, with `halving`).
    private func specFolder(valid: Bool = true, halving: Bool = false) throws -> URL {
        let url = try temporaryDirectory()
        let text = (0 ..< 200).map { ["one", "two", "three"][$0 % 3] }.joined(separator: " ")
        try Data(text.utf8).write(to: url.appendingPathComponent("c.txt"))
        let more = halving ? #", "seeds": [1, 2], "halving": {"min_steps": 2, "reduction": 3}"# : ""
        try Data("""
            {"name": "s", "corpus": "c.txt", "base": {"vocab_size": \(valid ? 20 : 0), "steps": 10},
             "grid": {"learning_rate": [0.1, 0.2, 0.3]}\(more)}
            """.utf8).write(to: url.appendingPathComponent("spec.json"))
        return url
    }

    private func scripts() -> SlurmScripts {
        SlurmScripts(binary: "/opt/tiny lab/tinylab", spec: "/data/spec.json", output: "/shared/sweep", name: "demo", tasks: 3,
                     maxRunning: 2, time: "00:10:00", partition: "debug", jobs: 2, stopMargin: 90, extra: ["--mem=1G"])
    }

    @Test("flags parse, sbatch arguments may start with dashes, and impossible counts are rejected as users see it")
    func parsing() throws {
        let command = try #require(try TinyLab.parseAsRoot(
            ["slurm", "s.json", "--tasks", "3", "--max-running", "2", "--sbatch-arg", "--mem=1G", "--sbatch-arg=--account=lab", "--submit"]) as? SlurmCommand)
        #expect(command.tasks == 3 && command.maxRunning == 2 && command.submit)
        #expect(command.sbatchArg == ["--mem=1G", "--account=lab"])
        for (flags, message) in [(["--tasks", "0"], "--tasks must be at least 1, got 0"),
                                 (["--max-running", "0"], "--max-running must be at least 1, got 0")] {
            do {
                _ = try TinyLab.parseAsRoot(["slurm", "s.json"] + flags)
                Issue.record("\(flags) accepted")
            } catch {
                #expect(TinyLab.message(for: error) == message)
            }
        }
    }

    @Test("the array script runs shard auto per task, capped, with the signal margin and logs in the folder")
    func arrayScript() throws {
        let text = scripts().array
        for line in ["#SBATCH --array=0-2%2", "#SBATCH --cpus-per-task=2", "#SBATCH --signal=B:TERM@90",
                     "#SBATCH --output=/shared/sweep/logs/array-%A_%a.log", "#SBATCH --time=00:10:00",
                     "#SBATCH --partition=debug", "#SBATCH --mem=1G",
                     "'/opt/tiny lab/tinylab' run /data/spec.json --out /shared/sweep --shard auto --jobs 2 &"] {
            #expect(text.split(separator: "\n").contains(Substring(line)), "missing: \(line)")
        }
        #expect(text.contains("trap 'kill -TERM \"$pid\" 2>/dev/null' TERM"))
        #expect(try bashAccepts(text))
    }

    @Test("the report script merges the folder and logs beside the array's")
    func reportScript() throws {
        let text = scripts().report
        #expect(text.contains("#SBATCH --output=/shared/sweep/logs/report-%j.log"))
        #expect(text.hasSuffix("exec '/opt/tiny lab/tinylab' report /shared/sweep\n"))
        #expect(!text.contains("--array"))
        #expect(try bashAccepts(text))
    }

    @Test("a rung's array runs its shard of that rung, and its promotion job calls slurm again with the same flags")
    func halvingScripts() throws {
        let rung = scripts().rungArray(2, of: 3, step: 300, tasks: 2)
        for line in ["#SBATCH --job-name=tinylab-demo-rung-2", "#SBATCH --array=0-1%2", "#SBATCH --signal=B:TERM@90",
                     "#SBATCH --output=/shared/sweep/logs/rung-2-%A_%a.log",
                     "'/opt/tiny lab/tinylab' run /data/spec.json --out /shared/sweep --shard auto --rung 2 --jobs 2 &"] {
            #expect(rung.split(separator: "\n").contains(Substring(line)), "missing: \(line)")
        }
        #expect(try bashAccepts(rung))
        let promotion = scripts().promotion(after: 2, of: 3, options: ["--tasks", "3", "--sbatch-arg=--mem=1G"])
        #expect(promotion.contains("#SBATCH --output=/shared/sweep/logs/promote-2-%j.log"))
        #expect(promotion.contains("submits rung 3's array and the promotion job after it"))
        #expect(promotion.hasSuffix("exec '/opt/tiny lab/tinylab' slurm /data/spec.json --out /shared/sweep --tasks 3 "
                                    + "--sbatch-arg=--mem=1G --after-rung 2 --submit\n"))
        #expect(!promotion.contains("--array"))
        #expect(scripts().promotion(after: 3, of: 3, options: []).contains("submits the report job"))
        #expect(try bashAccepts(promotion))
    }

    @Test("on a halving spec it writes each rung's array, sized to the rung's runs, and its promotion job")
    func writesHalvingChain() throws {
        let folder = try specFolder(halving: true)
        let out = folder.appendingPathComponent("out")
        let command = try #require(try TinyLab.parseAsRoot(
            ["slurm", folder.appendingPathComponent("spec.json").path, "--out", out.path, "--tasks", "4"]) as? SlurmCommand)
        try command.run()
        // Three configurations of two seeds: 6 runs reach step 2, then ceil(3/3) = 1 configuration, 2 runs, each rung after.
        for (rung, array) in [(1, "0-3"), (2, "0-1"), (3, "0-1")] {
            let text = try String(contentsOf: out.appendingPathComponent("slurm/rung-\(rung).sbatch"), encoding: .utf8)
            #expect(text.contains("#SBATCH --array=\(array)\n"), "rung \(rung)")
            let promotion = try String(contentsOf: out.appendingPathComponent("slurm/promote-\(rung).sbatch"), encoding: .utf8)
            #expect(promotion.contains("--tasks 4 --jobs 1 --stop-margin 120 --after-rung \(rung) --submit"))
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("slurm/report.sbatch").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("slurm/array.sbatch").path))
        let record = try decodeJSON(HalvingRecord.self, from: SweepLayout(root: out).halving)
        #expect(record.rungs == [2, 6, 10] && record.decisions.isEmpty)
    }

    @Test("the promotion job after a rung that is not complete exits 1 and submits nothing")
    func promotionStopsTheChain() throws {
        let folder = try specFolder(halving: true)
        let out = folder.appendingPathComponent("out")
        // Nothing has trained: rung 1 is not complete. No sbatch is called (this machine may have none).
        let command = try #require(try TinyLab.parseAsRoot(
            ["slurm", folder.appendingPathComponent("spec.json").path, "--out", out.path, "--after-rung", "1", "--submit"]) as? SlurmCommand)
        #expect(throws: ExitCode(1)) { try command.run() }
    }

    @Test("words are quoted for the shell only when they need it", arguments: zip(
        ["/a/b-c_d.json", "a b", "it's", ""], ["/a/b-c_d.json", "'a b'", "'it'\\''s'", "''"]))
    func quoting(word: String, quoted: String) {
        #expect(shellQuoted(word) == quoted)
    }

    @Test("without --submit it writes the scripts, spec.json, plan.json and logs/, one task per run at most")
    func writesFiles() throws {
        let folder = try specFolder()
        let out = folder.appendingPathComponent("out")
        let command = try #require(try TinyLab.parseAsRoot(
            ["slurm", folder.appendingPathComponent("spec.json").path, "--out", out.path, "--tasks", "5"]) as? SlurmCommand)
        try command.run()
        let array = try String(contentsOf: out.appendingPathComponent("slurm/array.sbatch"), encoding: .utf8)
        #expect(array.contains("#SBATCH --array=0-2\n"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("slurm/report.sbatch").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("logs").path))
        let plan = try #require(try SweepLayout(root: out).readPlan())
        #expect(plan.runs.count == 3 && plan.sweptKeys == ["learning_rate"])
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("spec.json").path))
    }

    @Test("an invalid spec exits 2 and writes nothing")
    func invalidSpec() throws {
        let folder = try specFolder(valid: false)
        let out = folder.appendingPathComponent("out")
        let command = try #require(try TinyLab.parseAsRoot(
            ["slurm", folder.appendingPathComponent("spec.json").path, "--out", out.path]) as? SlurmCommand)
        #expect(throws: ExitCode(2)) { try command.run() }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Whether `bash -n` (syntax check, runs nothing) accepts the script.
    private func bashAccepts(_ script: String) throws -> Bool {
        let url = try temporaryDirectory().appendingPathComponent("script.sh")
        try Data(script.utf8).write(to: url)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-n", url.path]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
