// The `tinylab` command: one subcommand per file, each a thin translation of flags into a call
// of the BPE, MLP, Plot, Sweep (and later Report) libraries. No training logic lives here.
import ArgumentParser

@main
struct TinyLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tinylab",
        abstract: "Train, sample and compare tiny MLP language models.",
        subcommands: [
            Run.self, Validate.self, Train.self, Eval.self, Generate.self, ReportCommand.self, CompareCommand.self,
        ]
    )
}
