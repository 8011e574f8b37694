// The `tinylab` command: one subcommand per file, each a thin translation of flags into a call
// of the BPE, MLP, Plot, Sweep and Report libraries. No training logic lives here.
import ArgumentParser
import Foundation

@main
struct TinyLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tinylab",
        abstract: "Train, sample and compare tiny MLP language models.",
        subcommands: [
            RunCommand.self, ValidateCommand.self, ReportCommand.self, CompareCommand.self, SlurmCommand.self, TrainCommand.self,
            EvalCommand.self, GenerateCommand.self, TokenizeCommand.self, BenchCommand.self, SchemaCommand.self,
        ]
    )

    /// Runs the command; usage errors exit with status 2 (nothing was done), as documented,
    /// instead of ArgumentParser's 64.
    static func main() {
        // subtle: the documented status of an interruption is 130, whatever the signal; every
        // file is written through a rename, so quitting at once leaves nothing torn. `run` and
        // `train` replace this with a stop that saves checkpoints.
        for sig in [SIGINT, SIGTERM] { signal(sig) { _ in _exit(130) } }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
