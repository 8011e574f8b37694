// `tinylab run --shard`: the flag reaches the runner as a shard, and bad values are errors that
// exit 2 before any spec is read; so is a --rung without a shard, below 1 or with --fresh.

import ArgumentParser
import Foundation
import Testing
import Sweep
@testable import tinylab

@Suite struct RunCommandTests {
    @Test("--shard I/N and --shard auto with a Slurm array task's variables give the shard")
    func shardFlag() throws {
        let given = try #require(try TinyLab.parseAsRoot(["run", "s.json", "--shard", "1/4"]) as? RunCommand)
        #expect(try given.resolvedShard(environment: [:]) == Shard(index: 1, count: 4))
        let auto = try #require(try TinyLab.parseAsRoot(["run", "s.json", "--shard", "auto"]) as? RunCommand)
        #expect(try auto.resolvedShard(environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3"]) == Shard(index: 2, count: 3))
        let none = try #require(try TinyLab.parseAsRoot(["run", "s.json"]) as? RunCommand)
        #expect(try none.resolvedShard(environment: ["SLURM_ARRAY_TASK_ID": "2"]) == nil)
    }

    @Test("a shard index past the count exits 2 before the spec is read", arguments: [["--shard", "4/4"], ["--shard", "auto"], ["--shard-count", "3"]])
    func badShard(flags: [String]) throws {
        let command = try #require(try TinyLab.parseAsRoot(["run", "/nonexistent/spec.json"] + flags) as? RunCommand)
        // An environment without an array task, whatever this process runs under (a Slurm job, say).
        #expect(throws: ExitCode(2)) { try command.run(environment: [:]) }
    }

    @Test("--rung counts from 1, goes with --shard, and not with --fresh, as users see it", arguments: zip(
        [["--rung", "0", "--shard", "0/2"], ["--rung", "2"], ["--rung", "1", "--shard", "0/2", "--fresh"]],
        ["--rung counts from 1 (the first rung), got 0",
         "--rung goes with --shard: without --shard, `tinylab run` trains every rung in turn",
         "--fresh with --rung would discard runs that the decisions of earlier rungs rest on; start the sweep over without --shard, or give a new --out"]))
    func rungFlag(flags: [String], message: String) {
        do {
            _ = try TinyLab.parseAsRoot(["run", "s.json"] + flags)
            Issue.record("\(flags) accepted")
        } catch {
            #expect(TinyLab.message(for: error) == message)
        }
    }
}
