// `tinylab eval`: a saved run's loss and perplexity on a text file.

import ArgumentParser
import BPE
import Foundation
import Sweep

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Loss and perplexity of a trained run on a text file.",
        discussion: """
            The text is split into documents as the run's corpus was (file or lines) and every \
            token is scored from its context. --split validation scores only the held-out end, as \
            training did: on the run's own corpus it reproduces run.json's val_loss.

            Example:
              tinylab eval Reports/story Experiments/corpora/stories.txt --split validation
            """)

    @Argument(help: "Run directory (written by train or run).")
    var runDirectory: String

    @Argument(help: "UTF-8 text file to score.")
    var textFile: String

    @Option(help: "Which examples to score: all, train or validation.")
    var split: EvaluationSplit = .all

    func run() throws {
        let (saved, loss, examples) = try reportingErrors {
            let saved = try SavedRun(directory: URL(fileURLWithPath: runDirectory))
            let corpus = try Corpus.load(contentsOf: URL(fileURLWithPath: textFile), documents: saved.record.config.documents)
            let (loss, examples) = try saved.evaluate(corpus, split: split)
            return (saved, loss, examples)
        }
        Terminal.write("""
            run: \(runDirectory)
            text: \(textFile) (documents: \(saved.record.config.documents.rawValue), split: \(split.rawValue))
            examples: \(examples)
            loss: \(String(format: "%.6f", loss)) nats/token
            perplexity: \(String(format: "%.4f", Foundation.exp(loss)))

            """)
    }
}
