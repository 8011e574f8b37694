// `tinylab generate`: text from a saved run. On a terminal each token is drawn by confidence
// (tokens the model found unlikely are faint); piped, the text is plain.

import ArgumentParser
import Foundation
import MLP
import Plot
import Sweep

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate text from a trained run.",
        discussion: """
            Continues the prompt token by token until <|endoftext|> or the token limit. On a
            terminal, tokens the model gave a probability below 0.5 are shown faint, so
            confident and uncertain stretches stand apart; --probabilities lists every token.

            Example:
              tinylab generate Reports/stories-run --prompt "The cat " --tokens 100 --temperature 0.7
            """)

    @Argument(help: "Run directory (written by train or run).")
    var runDirectory: String

    @Option(help: "Text to continue (must use only characters the corpus has).")
    var prompt = ""

    @Option(help: "Most tokens to generate.")
    var tokens = 200

    @Option(help: "Sampling temperature; 0 always takes the most likely token.")
    var temperature = 0.8

    @Option(help: "Sample only from the k most likely tokens.")
    var topK: Int?

    @Option(help: "Random seed of the sampling.")
    var seed: UInt64 = 1

    @Flag(help: "After the text, list each token with its probability.")
    var probabilities = false

    @Option(help: "Also draw the sample as a PNG, each token's opacity its probability.")
    var png: String?

    @OptionGroup var figures: FigureOptions

    func validate() throws {
        if !(temperature >= 0) { throw ValidationError("--temperature must be zero or positive, got \(temperature)") }
        if tokens < 0 { throw ValidationError("--tokens must be zero or positive, got \(tokens)") }
        if let k = topK, k < 1 { throw ValidationError("--top-k must be at least 1, got \(k)") }
    }

    func run() throws {
        let (saved, sampled) = try reportingErrors {
            let saved = try SavedRun(directory: URL(fileURLWithPath: runDirectory))
            var rng = Xoshiro256(seed: seed, stream: .sampling)
            let sampled = try Sampler(model: saved.model).generate(
                prompt: try saved.tokenizer.encode(prompt),
                options: SamplingOptions(temperature: temperature, topK: topK, maxTokens: tokens), using: &rng)
            return (saved, sampled)
        }
        let texts = sampled.map { saved.tokenizer.tokenText($0.id) }
        var out = prompt
        for (token, text) in zip(sampled, texts) {
            out += Terminal.stdoutIsTerminal && token.probability < 0.5 ? "\u{1B}[2m\(text)\u{1B}[22m" : text
        }
        Terminal.write(out + "\n")
        if let png {
            let figure = SampleFigure(
                title: URL(fileURLWithPath: runDirectory).lastPathComponent + " · sample",
                subtitle: "prompt \"\(prompt)\" · temperature \(temperature) · seed \(seed) · \(sampled.count) tokens",
                prompt: prompt, tokens: zip(texts, sampled).map { ($0, $1.probability) }, style: figures.style)
            try reportingErrors { try figure.render().writePNG(to: URL(fileURLWithPath: png)) }
        }
        if probabilities {
            for token in sampled {
                Terminal.write(String(format: "%.4f\t", token.probability) + saved.tokenizer.displayText(token.id) + "\n")
            }
        }
    }
}
