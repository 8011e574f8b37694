import Testing
@testable import Sweep

@Suite struct RunIDTests {
    @Test("numbers are written as short as they read back",
          arguments: zip([0.1, 3.0, 1e-05, 0.30000000000000004, -2.0, 1234.5], ["0.1", "3", "1e-05", "0.30000000000000004", "-2", "1234.5"]))
    func compact(x: Double, expected: String) {
        #expect(wholeNumberText(x) == expected)
        #expect(Double(wholeNumberText(x)) == x)
    }

    @Test("an id is the swept values, a dash and 8 hex digits of the hash")
    func shape() {
        let id = runID(swept: [("embedding_dim", "4"), ("context_length", "3"), ("seed", "1")], canonical: "x")
        #expect(id.hasPrefix("embedding_dim=4_context_length=3_seed=1-"))
        let hash = id.split(separator: "-").last.map(String.init) ?? ""
        #expect(hash.count == 8 && hash.allSatisfy(\.isHexDigit))
        #expect(runID(swept: [], canonical: "x").hasPrefix("run-"))
    }

    @Test("FNV-1a matches its published test vectors")
    func fnvVectors() {
        // From the FNV reference: "" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c.
        #expect(fnv1a64("".utf8) == 0xCBF2_9CE4_8422_2325)
        #expect(fnv1a64("a".utf8) == 0xAF63_DC4C_8601_EC8C)
    }

    @Test("ids use only filesystem-safe characters, show corpora by file name, and stay short")
    func safeAndCapped() {
        let id = runID(swept: [("corpus", "corpora/my stories.txt"), ("prompt", "a/b+c"), ("learning_rate", "1e+20")], canonical: "x")
        #expect(id.hasPrefix("corpus=my-stories_prompt=a-bc_learning_rate=1e20-"))
        let long = runID(swept: (0 ..< 20).map { ("key_number_\($0)", "\($0)") }, canonical: "x")
        #expect(long.count <= runIDReadableLimit + 9)
        #expect(long.allSatisfy { $0.isLetter || $0.isNumber || "._=-".contains($0) })
    }

    @Test("the canonical text of the defaults is format 1's, so runs planned before later settings existed keep their ids")
    func canonicalIsStable() {
        // Written out by hand from the first format: every setting of format 1, sorted by key;
        // `split`, added later, is left out at its default.
        let expected = """
            tinylab-run-1
            batch_size=64
            checkpoint_every=1000
            context_length=10
            corpus=fnv1a64:0000000000000001
            divergence_factor=3.0
            documents="file"
            embedding_dim=8
            eval_every=250
            eval_examples=4096
            hidden_size=64
            learning_rate=0.1
            lr_schedule="constant"
            min_learning_rate=null
            sample.prompt="The "
            sample.temperature=0.8
            sample.tokens=200
            sample.top_k=null
            seed=1
            steps=5000
            validation_fraction=0.1
            vocab_size=256

            """
        #expect(canonicalText(config: RunConfig(), corpusDigest: 1, sample: SampleConfig(prompt: "The ")) == expected)
        var shuffled = RunConfig()
        shuffled.validation.mode = .shuffled
        #expect(canonicalText(config: shuffled, corpusDigest: 1, sample: SampleConfig(prompt: "The "))
                == expected.replacingOccurrences(of: "seed=1\n", with: "seed=1\nsplit=\"shuffled\"\n"))
    }

    @Test("every setting, the corpus content and the sample change the canonical text")
    func canonicalCoversEverything() {
        let base = RunConfig(), sample = SampleConfig(prompt: "The ")
        let reference = canonicalText(config: base, corpusDigest: 1, sample: sample)
        var changed: [String] = []
        for setting in RunConfig.settings where setting.key != "corpus" {
            var c = base
            let value: SettingValue = switch setting.kind {
            case .integer, .seed, .optionalInteger: .integer(7)
            case .number, .optionalNumber: .number(0.5)
            case .choice(let options): .text(options.last ?? "")
            case .path, .string: .text("x")
            }
            #expect(setting.set(&c, value), "\(setting.key)")
            changed.append(canonicalText(config: c, corpusDigest: 1, sample: sample))
        }
        changed.append(canonicalText(config: base, corpusDigest: 2, sample: sample))
        changed.append(canonicalText(config: base, corpusDigest: 1, sample: SampleConfig(prompt: "The")))
        changed.append(canonicalText(config: base, corpusDigest: 1, sample: SampleConfig(prompt: "The ", topK: 5)))
        #expect(changed.allSatisfy { $0 != reference })
        #expect(Set(changed).count == changed.count)
        // The corpus path itself is not part of it: a moved corpus keeps its runs' ids.
        var moved = base
        moved.corpus = "/elsewhere/corpus.txt"
        #expect(canonicalText(config: moved, corpusDigest: 1, sample: sample) == reference)
    }

    @Test("a prompt cannot imitate another line of the canonical text")
    func quoting() {
        let a = canonicalText(config: RunConfig(), corpusDigest: 1, sample: SampleConfig(prompt: "x\"\nsample.tokens=5"))
        #expect(a.contains(#"sample.prompt="x\"\u000asample.tokens=5""#))
    }
}
