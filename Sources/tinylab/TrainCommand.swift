// `tinylab train`: one run on one corpus, written as a run directory (the same layout as each
// run of a sweep), with progress on stderr and a summary on stdout.

import ArgumentParser
import Files
import Foundation
import Plot
import Report
import Sweep

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train one model on a corpus and write its run directory.",
        discussion: """
            Writes run.json, metrics.csv, model.safetensors, tokenizer.json and samples.json \
            into the output directory. Every setting has a flag; absent flags keep the defaults \
            shown below.

            Example:
              tinylab train Experiments/corpora/stories.txt -o Reports/story --steps 3000
            """)

    @Argument(help: "UTF-8 text corpus to train on.")
    var corpus: String

    @Option(name: [.short, .customLong("output")], help: "Run directory to write.")
    var output: String

    @OptionGroup var options: RunOptions

    @OptionGroup var figures: FigureOptions

    func validate() throws {
        if ![.missing, .directory].contains(fileKind(output)) {
            throw ValidationError("--output names a file, \(output); give a folder for the run (it is made if missing)")
        }
    }

    func run() throws {
        let run = TrainingRun(config: options.config(corpus: corpus), sample: options.sample,
                              directory: URL(fileURLWithPath: output))
        let prepared = try reportingErrors { try run.prepare() }
        let lock = try reportingErrors { try FolderLock(folder: run.directory) }
        defer { lock.release() }
        // Ctrl-C or a batch system's TERM: the run saves a checkpoint and ends interrupted; the
        // same command again resumes it.
        let stop = StopSignal()
        let signals = SignalStopper(stop: stop)
        let progress = ProgressPrinter(steps: run.config.training.steps)
        let record = run.execute(prepared, control: RunControl(resume: true, shouldStop: { stop.isRequested }), onEvent: progress.handle)
        withExtendedLifetime(signals) {}
        if let stored = StoredRun(directory: run.directory) { drawFigures(of: stored, style: figures.style) }
        Terminal.write(summary(of: record))
        if record.status == .failed { throw ExitCode(1) }
        if record.status == .interrupted { throw ExitCode(130) }
    }

    func summary(of record: RunRecord) -> String {
        var lines = ["run: \(output)", "status: \(record.status.rawValue)"]
        if let r = record.results {
            if let v = r.valLoss, let t = r.trainLoss {
                lines.append(String(format: "train loss: %.4f   val loss: %.4f   val perplexity: %.2f", t, v, r.valPerplexity ?? .nan))
            }
            if let step = record.divergedAtStep { lines.append("diverged at step \(step)") }
            lines.append("parameters: \(r.parameters)   vocab: \(r.vocabSizeActual)   "
                         + String(format: "%.0f examples/s   ", r.examplesPerSecond) + formatDuration(r.seconds))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Shows one run's progress on stderr: a live line on a terminal, a line per evaluation otherwise.
final class ProgressPrinter {
    let steps: Int
    let start = Date()

    init(steps: Int) { self.steps = steps }

    func handle(_ event: RunEvent) {
        switch event {
        case .prepared(let V, let train, let validation, let parameters):
            Terminal.status("vocab \(V), \(train) training and \(validation) validation examples, \(parameters) parameters")
        case .progress(let step, let steps, let loss, let speed):
            guard Terminal.stderrIsTerminal else { return }
            let eta = Double(steps - step) * Date().timeIntervalSince(start) / Double(max(step, 1))
            Terminal.status(String(format: "step %d/%d  loss %.4f  %.0f ex/s  ETA ", step, steps, loss, speed)
                            + formatDuration(eta), live: true)
        case .evaluated(let step, let trainLoss, let valLoss):
            Terminal.status(String(format: "step %d/%d  train %.4f  val %.4f", step, steps, trainLoss, valLoss))
        case .warning(let message):
            Terminal.status("warning: " + message)
        case .finished(let record):
            // The reason first, on stderr, where errors go.
            if let error = record.error { Terminal.status("error: \(error)") }
            Terminal.status("finished: \(record.status.rawValue) after \(formatDuration(Date().timeIntervalSince(start)))")
        }
    }
}

/// Options for the figures a command draws.
struct FigureOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Size of every figure: screen (1600 x 1000 px), column (3.5 in wide at 300 dpi, 8 pt tick labels) or page (7 in wide at 300 dpi). (default: the spec's figures.size, else screen)",
        valueName: "screen|column|page"))
    var size: FigureSize?

    @Option(help: "Scale of every figure: 1 gives 1600 x 1000 pixels, 2 gives 3200 x 2000 (on paper: twice the dots per inch).")
    var scale: Double = 1

    @Flag(help: "Also write each run's figures as SVG (loss.svg, embeddings.svg, sample.svg); sweep figures always have an SVG twin. (default: the spec's figures.svg)")
    var svg = false

    /// The style these flags ask for, over what the spec's `figures` setting asks for.
    func style(spec: FigureSettings = FigureSettings()) -> FigureStyle {
        let size = self.size ?? spec.size.flatMap(FigureSize.init(rawValue:)) ?? .screen
        return FigureStyle(size: size, scale: scale, recordsSVG: svg || spec.svg == true)
    }

    var style: FigureStyle { style() }

    func validate() throws {
        if !(scale >= 0.5 && scale <= 8) { throw ValidationError("--scale must be between 0.5 and 8, got \(scale)") }
    }
}

extension FigureSize: ExpressibleByArgument {}

/// Draws a run's figures; a figure that cannot be drawn is reported, never fatal to the run.
func drawFigures(of run: StoredRun, style: FigureStyle) {
    do {
        try RunFigures.draw(run, style: style)
    } catch {
        Terminal.status("warning: figures of \(run.id) not drawn: \(error)")
    }
}
