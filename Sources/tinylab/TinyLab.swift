// The `tinylab` command: one subcommand per file, each a thin translation of flags into a call
// of the BPE, MLP, Plot, Sweep and Report libraries. No training logic lives here.
import ArgumentParser

@main
struct TinyLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tinylab",
        abstract: "Train, sample and compare tiny MLP language models.",
        subcommands: [
            Run.self, Validate.self, ReportCommand.self, Train.self, Eval.self, Generate.self,
            TokenizeCommand.self, BenchCommand.self, Slurm.self,
        ]
    )
}
