// `tinylab generate`: text from a saved run. On a terminal each token is drawn by confidence
// (tokens the model found unlikely are faint); piped, the text is plain.

import ArgumentParser
import Foundation
import MLP
import Plot
import Sweep

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate text from a trained run.",
        discussion: """
            Continues the prompt token by token until <|endoftext|> or the token limit. On a \
            terminal, tokens the model gave a probability below 0.5 are shown faint, so \
            confident and uncertain stretches stand apart; --probabilities lists every token.

            Example:
              tinylab generate Reports/story --prompt "The cat " --temperature 0.7
            """)

    @Argument(help: "Run directory (written by train or run).")
    var runDirectory: String

    @Option(help: sampleHelp("prompt", "Text to continue (must use only characters the corpus has)."))
    var prompt: String?

    @Option(parsing: .unconditional, help: sampleHelp("tokens"))
    var tokens: Int?

    @Option(parsing: .unconditional, help: sampleHelp("temperature"))
    var temperature: Double?

    @Option(parsing: .unconditional, help: sampleHelp("top_k"))
    var topK: Int?

    @Option(help: "Random seed of the sampling.")
    var seed: UInt64 = 1

    @Flag(help: "After the text, list each token with its probability.")
    var probabilities = false

    @Option(help: "Also draw the sample as a PNG, each token's opacity its probability.")
    var png: String?

    @OptionGroup var figures: FigureOptions

    /// Every sample flag by its sample key, with its value when given.
    var sampleFlags: [(key: String, flag: String, value: SettingValue?)] {
        [
            ("prompt", "--prompt", prompt.map(SettingValue.text)),
            ("tokens", "--tokens", tokens.map(SettingValue.integer)),
            ("temperature", "--temperature", temperature.map(SettingValue.number)),
            ("top_k", "--top-k", topK.map(SettingValue.integer)),
        ]
    }

    /// The defaults overridden by the flags given.
    var sample: SampleConfig {
        var s = SampleConfig()
        for (key, _, value) in sampleFlags {
            if let value { _ = SampleConfig.setting(key)?.set(&s, value) }
        }
        return s
    }

    func validate() throws {
        try checkFlags(sampleFlags, against: sample)
    }

    func run() throws {
        let sample = self.sample
        let (saved, sampled) = try reportingErrors {
            let saved = try SavedRun(directory: URL(fileURLWithPath: runDirectory))
            var rng = Xoshiro256(seed: seed, stream: .sampling)
            let sampled = try Sampler(model: saved.model).generate(
                prompt: try saved.tokenizer.encode(sample.prompt), options: sample.options, using: &rng)
            return (saved, sampled)
        }
        let texts = sampled.map { saved.tokenizer.tokenText($0.id) }
        var out = sample.prompt
        for (token, text) in zip(sampled, texts) {
            out += Terminal.stdoutIsTerminal && token.probability < 0.5 ? "\u{1B}[2m\(text)\u{1B}[22m" : text
        }
        Terminal.write(out + "\n")
        if let png {
            let figure = SampleFigure(
                title: URL(fileURLWithPath: runDirectory).lastPathComponent + " · sample",
                subtitle: "prompt \"\(sample.prompt)\" · temperature \(sample.temperature) · seed \(seed) · \(sampled.count) tokens",
                prompt: sample.prompt, tokens: zip(texts, sampled).map { ($0, $1.probability) }, style: figures.style)
            try reportingErrors {
                let canvas = try figure.render()
                try canvas.writePNG(to: URL(fileURLWithPath: png))
                if canvas.svgText() != nil { try canvas.writeSVG(to: URL(fileURLWithPath: png).deletingPathExtension().appendingPathExtension("svg")) }
            }
        }
        if probabilities {
            for token in sampled {
                Terminal.write(String(format: "%.4f\t", token.probability) + saved.tokenizer.displayText(token.id) + "\n")
            }
        }
    }
}
