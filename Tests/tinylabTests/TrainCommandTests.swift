import ArgumentParser
import Testing
import Sweep
@testable import tinylab

@Suite struct TrainCommandTests {
    @Test("every run setting has a flag that reaches the run config")
    func flagsReachConfig() throws {
        let command = try TinyLab.parseAsRoot([
            "train", "c.txt", "-o", "out", "--documents", "lines", "--validation-fraction", "0.2",
            "--vocab-size", "300", "--embedding-dim", "4", "--context-length", "3", "--hidden-size", "32",
            "--learning-rate", "0.5", "--lr-schedule", "cosine", "--min-learning-rate", "0.01",
            "--batch-size", "16", "--steps", "100", "--seed", "7", "--eval-every", "10", "--eval-examples", "99",
            "--checkpoint-every", "50", "--divergence-factor", "4", "--prompt", "Hi", "--sample-tokens", "9",
            "--temperature", "0", "--top-k", "3",
        ])
        let train = try #require(command as? TrainCommand)
        let c = train.options.config(corpus: train.corpus)
        #expect(c.corpus == "c.txt" && c.documents == .lines && c.validation.fraction == 0.2)
        #expect(c.model.vocabularySize == 300 && c.model.embeddingDim == 4 && c.model.contextLength == 3 && c.model.hiddenSize == 32)
        #expect(c.training.learningRate == 0.5 && c.training.schedule == .cosine && c.training.minLearningRate == 0.01)
        #expect(c.training.batchSize == 16 && c.training.steps == 100 && c.training.seed == 7 && c.training.evalEvery == 10 && c.training.evalExamples == 99)
        #expect(c.checkpointEvery == 50 && c.training.divergenceFactor == 4)
        #expect(train.options.sample == .init(prompt: "Hi", tokens: 9, temperature: 0, topK: 3))
    }

    @Test("the flags are the settings tables, key for key, each reaching its own setting and nothing else")
    func flagsAreTheTables() throws {
        let parsed = try #require(try TinyLab.parseAsRoot(["train", "c.txt", "-o", "out"]) as? TrainCommand).options
        #expect(parsed.settingFlags.map(\.key) == RunConfig.keys.filter { $0 != "corpus" })
        #expect(parsed.sampleFlags.map(\.key) == SampleConfig.keys)
        for (key, flag, _) in parsed.settingFlags {
            let setting = try #require(RunConfig.setting(key))
            // A value other than the default that the setting's rule accepts.
            let text: String = switch setting.kind {
            case .choice(let options): try #require(options.last { $0 != setting.defaultText })
            case .integer, .seed, .optionalInteger: "7"
            default: wholeNumberText((setting.requirement?.lowerBound.value ?? 0) + 0.5)
            }
            let extra = key == "split" ? ["--documents", "lines"] : []
            let command = try #require(try TinyLab.parseAsRoot(["train", "c.txt", "-o", "out", flag, text] + extra) as? TrainCommand)
            let config = command.options.config(corpus: "c.txt")
            #expect(config.value(of: key) == text, "\(flag) \(text)")
            var expected = RunConfig()
            expected.corpus = "c.txt"
            let value: SettingValue
            if setting.kind.isChoice {
                value = .text(text)
            } else if setting.kind.isInteger {
                value = .integer(7)
            } else {
                value = .number(try #require(Double(text)))
            }
            #expect(setting.set(&expected, value))
            if key == "split" { expected.documents = .lines }
            #expect(config == expected, "\(flag) changed another setting")
        }
        // --help gives each setting's default as the table states it.
        let help = TrainCommand.helpMessage(columns: 1000)
        for setting in RunConfig.settings where setting.key != "corpus" {
            if let value = setting.defaultText { #expect(help.contains("(default: \(value))"), "\(setting.key)") }
        }
        let generate = try #require(try TinyLab.parseAsRoot(["generate", "run"]) as? GenerateCommand)
        #expect(generate.sampleFlags.map(\.key) == SampleConfig.keys)
        #expect(generate.sample == SampleConfig())
    }

    @Test("flags left out keep the documented defaults")
    func defaults() throws {
        let train = try #require(try TinyLab.parseAsRoot(["train", "c.txt", "-o", "out"]) as? TrainCommand)
        var expected = RunConfig()
        expected.corpus = "c.txt"
        #expect(train.options.config(corpus: "c.txt") == expected)
    }

    @Test("bad values are refused with the flag's name",
          arguments: zip([["--steps", "0"], ["--learning-rate=-1"], ["--validation-fraction", "1.5"], ["--top-k", "0"],
                          ["--documents", "pages"]],
                         ["--steps must be a positive integer, got 0", "--learning-rate must be a positive number",
                          "--validation-fraction must be between 0 and 1", "--top-k must be a positive integer, got 0",
                          "The value 'pages' is invalid for '--documents <documents>'"]))
    func badValues(flags: [String], message: String) {
        do {
            _ = try TinyLab.parseAsRoot(["train", "c.txt", "-o", "out"] + flags)
            Issue.record("\(flags) was accepted")
        } catch {
            #expect(TinyLab.message(for: error).contains(message), "\(TinyLab.message(for: error))")
        }
    }

    @Test("the output directory is required")
    func outputRequired() {
        do {
            _ = try TinyLab.parseAsRoot(["train", "c.txt"])
            Issue.record("train without --output was accepted")
        } catch {
            #expect(TinyLab.message(for: error) == "Missing expected argument '--output <output>'")
        }
    }
}
