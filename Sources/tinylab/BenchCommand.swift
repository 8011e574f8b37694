// `tinylab bench`: throughput of the parts of TinyLab that take time, on one thread, release build
// assumed. Each part is a case of `BenchPart` with its own section; the measuring itself lives in
// the libraries (BPE's TokenizerBenchmark, Plot's FigureBenchmark), this file only picks the corpus
// and prints.
import ArgumentParser
import BPE
import Foundation

/// A part of TinyLab that `bench` can measure. A new part is a new case plus its section in
/// `BenchCommand.run()`.
enum BenchPart: String, CaseIterable, ExpressibleByArgument {
    case all
    case tokenizer
    case model
    case figures

    /// The parts this choice runs, in order.
    var parts: [BenchPart] { self == .all ? Self.allCases.filter { $0 != .all } : [self] }
}

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how fast TinyLab trains tokenizers, tokenizes text, trains models and draws figures.")

    static let defaultCorpus = "Experiments/corpora/stories.txt"

    @Option(help: "Corpus to measure on (default: \(defaultCorpus) under the current directory).")
    var corpus: String?

    @Option(help: "Tokenizer vocabulary size, counting <|endoftext|> and every distinct character.")
    var vocabSize = 1024

    @Option(help: "Runs per measurement; the median is reported.")
    var repeats = 3

    @Option(help: "Which part to measure.")
    var only: BenchPart = .all

    @Option(help: ArgumentHelp("Also write the benchmark's figures into this directory, to look at them.", valueName: "directory"))
    var writeFigures: String?

    @OptionGroup var figures: FigureOptions

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1.") }
    }

    func run() throws {
        for part in only.parts {
            switch part {
            case .tokenizer: try benchTokenizer(corpusURL())
            case .model: print(try ModelBench.report(repeats: repeats))
            case .figures: try reportingErrors { print(try FigureBench.report(repeats: repeats, directory: writeFigures, style: figures.style)) }
            case .all: break
            }
        }
    }

    /// The corpus to tokenize: --corpus, or the bundled stories when run from the project folder.
    private func corpusURL() throws -> URL {
        let path = corpus ?? Self.defaultCorpus
        guard FileManager.default.fileExists(atPath: path) else {
            let hint = corpus == nil
                ? "no --corpus given and \(Self.defaultCorpus) is not under the current directory; "
                    + "run from the project folder or pass --corpus FILE"
                : "pass an existing text file to --corpus"
            Terminal.status("error: cannot read \(path): \(hint).")
            throw ExitCode(1)
        }
        return URL(fileURLWithPath: path)
    }

    private func benchTokenizer(_ url: URL) throws {
        try reportingErrors {
            let r = try TokenizerBenchmark(vocabularySize: vocabSize, repeats: repeats).run(on: url)
            func trainingLine(_ mode: String, _ s: TrainingSummary) -> String {
                let documents = s.documentCount == 1 ? "1 document" : "\(s.documentCount) documents"
                return "  train, \(mode) (\(documents)):".padding(toLength: 42, withPad: " ", startingAt: 0)
                    + String(format: "%8.3f s", s.seconds) + "   vocabulary \(s.vocabularySize), \(s.mergeCount) merges"
                    + (s.stopReason == .noRepeatedPair ? " (stopped early: no pair occurs twice)" : "")
            }
            print("tokenizer on \(url.path): \(r.corpusBytes) bytes, \(r.fileMode.characterCount) characters, "
                + "\(r.fileMode.alphabetSize) distinct (median of \(repeats), one thread)")
            print(trainingLine("file mode", r.fileMode))
            print(trainingLine("lines mode", r.linesMode))
            print("  encode, whole file in one call:".padding(toLength: 42, withPad: " ", startingAt: 0)
                + String(format: "%8.1f MB/s", r.encodingBytesPerSecond / 1e6)
                + String(format: "   (%.3f s, %d tokens)", r.encodingSeconds, r.encodedTokenCount))
        }
    }
}
