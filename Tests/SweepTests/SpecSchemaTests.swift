// Experiments/spec.schema.json against the spec decoder: the same keys at every level, the same
// defaults and choices, every shipped spec valid, and the same verdict on good and bad specs.

import BPE
import Foundation
import MLP
import JSON
import Testing
@testable import Sweep

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct SpecSchemaTests {
    let schema: JSONValue

    init() throws {
        let url = repositoryRoot.appendingPathComponent("Experiments/spec.schema.json")
        schema = try JSONValue.parse([UInt8](Data(contentsOf: url)), source: url.path)
    }

    /// The object at a path of keys in the schema.
    func node(_ path: String...) throws -> JSONValue {
        var node = schema
        for key in path {
            guard case .object(let members) = node.kind, let next = members.first(where: { $0.key == key })?.value else {
                throw SchemaTestError(message: "the schema has no \(path.joined(separator: "."))")
            }
            node = next
        }
        return node
    }

    func keys(_ value: JSONValue) -> [String] {
        if case .object(let members) = value.kind { return members.map(\.key) }
        return []
    }

    func validate(_ text: String) throws -> [String] {
        SchemaValidator(root: schema).problems(of: try JSONValue.parse(text, source: "spec"))
    }

    @Test("the committed schema is the one generated from the settings tables (regenerate: tinylab schema > Experiments/spec.schema.json)")
    func generated() throws {
        let url = repositoryRoot.appendingPathComponent("Experiments/spec.schema.json")
        #expect(try String(contentsOf: url, encoding: .utf8) == SpecSchema.text)
    }

    @Test("every bound in the schema is where the model's rule changes its verdict")
    func boundsAreTheRules() throws {
        for setting in RunConfig.settings {
            guard let requirement = setting.requirement else { continue }
            let definition = try node("$defs", setting.key)
            let low = requirement.lowerBound
            let stated = try #require(number(try node("$defs", setting.key, low.inclusive ? "minimum" : "exclusiveMinimum")), "\(setting.key)")
            #expect(stated == low.value)
            // The bound itself is allowed exactly when the schema says `minimum`; a step inside always is.
            var atBound = RunConfig(), inside = RunConfig()
            let step = setting.kind.isInteger ? 1.0 : 1e-6
            let value: (Double) -> SettingValue = { setting.kind.isInteger ? .integer(Int($0)) : .number($0) }
            #expect(setting.set(&atBound, value(stated)) && setting.set(&inside, value(stated + step)))
            #expect(atBound.ruleProblems().contains { $0.key == setting.key } == !low.inclusive, "\(setting.key) at \(stated)")
            #expect(!inside.ruleProblems().contains { $0.key == setting.key }, "\(setting.key) at \(stated + step)")
            _ = definition
        }
    }

    @Test("the schema declares draft 2020-12 and closes every object it describes")
    func declaration() throws {
        #expect(try node("$schema").kind == .string("https://json-schema.org/draft/2020-12/schema"))
        let objects = [("top level", schema)] + (try ["base", "grid", "random", "sample"].map { ($0, try node("$defs", $0)) })
        for (name, object) in objects {
            guard case .object(let members) = object.kind else {
                Issue.record("\(name) is not an object")
                continue
            }
            #expect(members.first { $0.key == "additionalProperties" }?.value.kind == .bool(false), "\(name)")
        }
    }

    @Test("each level has exactly the keys the decoder accepts")
    func keysAgree() throws {
        #expect(Set(keys(try node("properties"))) == Set(SpecKeys.top))
        #expect(keys(try node("$defs", "base", "properties")) == SpecKeys.base)
        #expect(SpecKeys.base == RunConfig.keys.filter { $0 != "corpus" && $0 != "documents" })
        #expect(keys(try node("$defs", "grid", "properties")) == RunConfig.keys)
        // In `random`, `seed` is the search's own seed; runs' seeds come from `seeds`.
        #expect(keys(try node("$defs", "random", "properties")) == SpecKeys.randomOptions + RunConfig.keys.filter { $0 != "seed" })
        #expect(keys(try node("$defs", "sample", "properties")) == SpecKeys.sample)
        #expect(keys(try node("$defs", "figures", "properties")) == FigureSettings.keys.map(\.key))
        guard case .array(let sizes) = try node("$defs", "figures", "properties", "size", "enum").kind else {
            Issue.record("figures.size has no enum")
            return
        }
        #expect(sizes.map { value -> String? in if case .string(let s) = value.kind { s } else { nil } } == FigureSettings.sizes)
    }

    @Test("defaults in the schema are RunConfig's and SampleConfig's defaults")
    func defaultsAgree() throws {
        let config = try JSONValue.parse([UInt8](encodeJSON(RunConfig())), source: "RunConfig()")
        guard case .object(let defaults) = config.kind else { throw SchemaTestError(message: "RunConfig() is not an object") }
        for key in SpecKeys.base + ["documents"] {
            // min_learning_rate is absent from RunConfig()'s JSON: its default is null.
            let expected = defaults.first { $0.key == key }?.value.kind ?? .null
            let stated = try node("$defs", key, "default")
            #expect(same(stated, expected), "\(key): schema \(stated.sourceSnippet), decoder \(expected)")
        }
        let sample = SampleConfig()
        #expect(try node("$defs", "sample", "properties", "prompt", "default").kind == .string(sample.prompt))
        #expect(try number(node("$defs", "sample", "properties", "tokens", "default")) == Double(sample.tokens))
        #expect(try number(node("$defs", "sample", "properties", "temperature", "default")) == sample.temperature)
        #expect(try node("$defs", "sample", "properties", "top_k", "default").kind == .null)
        #expect(try number(node("$defs", "random", "properties", "seed", "default")) == 0)
    }

    @Test("the choices of documents and lr_schedule are the enums' cases")
    func enumsAgree() throws {
        func strings(_ value: JSONValue) -> [String] {
            guard case .array(let items) = value.kind else { return [] }
            return items.compactMap { if case .string(let s) = $0.kind { s } else { nil } }
        }
        #expect(strings(try node("$defs", "documents", "enum")) == DocumentMode.allCases.map(\.rawValue))
        #expect(strings(try node("$defs", "lr_schedule", "enum")) == LearningRateSchedule.allCases.map(\.rawValue))
    }

    @Test("every key an editor completes has a description, its own or its definition's")
    func descriptions() throws {
        func described(_ value: JSONValue) throws -> Bool {
            if keys(value).contains("description") { return true }
            guard case .object(let members) = value.kind, let ref = members.first(where: { $0.key == "$ref" }),
                  case .string(let target) = ref.value.kind, target.hasPrefix("#/$defs/") else { return false }
            return keys(try node("$defs", String(target.dropFirst("#/$defs/".count)))).contains("description")
        }
        let levels = [("top level", try node("properties"))]
            + (try ["grid", "random", "sample", "base"].map { ($0, try node("$defs", $0, "properties")) })
        for (level, properties) in levels {
            guard case .object(let members) = properties.kind else { continue }
            for member in members { #expect(try described(member.value), "\(level).\(member.key)") }
        }
    }

    @Test("every spec in Experiments/ is valid against the schema")
    func shippedSpecs() throws {
        let folder = repositoryRoot.appendingPathComponent("Experiments")
        let specs = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") && $0 != "spec.schema.json" }.sorted()
        #expect(specs.count >= 3)
        for name in specs {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let problems = try validate(text)
            #expect(problems.isEmpty, "\(name): \(problems)")
        }
    }

    @Test("specs the decoder accepts, the schema accepts", arguments: [
        #"{"name": "a", "corpus": "corpus.txt"}"#,
        #"{"name": "b", "description": "d", "corpus": "corpus.txt", "documents": "lines", "base": {"vocab_size": 40, "learning_rate": 1e-1, "min_learning_rate": null, "steps": 1e3}, "grid": {"hidden_size": [8, 16], "lr_schedule": ["constant", "cosine"]}, "seeds": [1, 2], "sample": {"prompt": "cat ", "tokens": 5, "temperature": 0, "top_k": 3}}"#,
        #"{"name": "c.d_e-1", "grid": {"corpus": ["corpus.txt"]}}"#,
        #"{"name": "f", "corpus": "corpus.txt", "figures": {"size": "page", "svg": false}}"#,
        #"{"name": "r", "corpus": "corpus.txt", "random": {"count": 2, "seed": 3, "learning_rate": {"log_uniform": [0.01, 1]}, "hidden_size": {"int_uniform": [8, 32]}, "documents": {"choice": ["file", "lines"]}}}"#,
    ])
    func bothAccept(spec: String) throws {
        let problems = try validate(spec)
        #expect(problems.isEmpty, "\(problems)")
        let folder = try SpecFolder(spec: spec)
        #expect(throws: Never.self) { try folder.load() }
    }

    @Test("specs the decoder rejects, the schema rejects", arguments: [
        #"{"name": "a", "corpus": "corpus.txt", "gird": {}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "base": {"hiden_size": 32}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "base": {"batch_size": 0}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "base": {"embedding_dim": 0.5}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "base": {"validation_fraction": 1}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "base": {"divergence_factor": 1}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "base": {"corpus": "corpus.txt"}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "grid": {"learning_rate": [0.1, "x"]}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "grid": {"learning_rate": []}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "grid": {"learning_rate": [0.1, 0.1]}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "documents": "line"}"#,
        #"{"name": "a", "corpus": "corpus.txt", "base": {"lr_schedule": "linear"}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "seeds": [1, -2]}"#,
        #"{"name": "a", "corpus": "corpus.txt", "sample": {"tokens": -1}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "sample": {"top_k": 0}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "sample": {"steps": 3}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "figures": {"size": "poster"}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "figures": {"svg": 1}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "figures": {"dpi": 300}}"#,
        #"{"name": "../x", "corpus": "corpus.txt"}"#,
        #"{"name": "..", "corpus": "corpus.txt"}"#,
        #"{"corpus": "corpus.txt"}"#,
        #"{"name": "a"}"#,
        #"{"name": "a", "corpus": "corpus.txt", "grid": {"hidden_size": [8]}, "random": {"count": 1, "hidden_size": {"choice": [8]}}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "random": {"hidden_size": {"choice": [8]}}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "random": {"count": 2}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "random": {"count": 2, "learning_rate": {"log_uniform": [0, 1]}}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "random": {"count": 2, "hidden_size": {"uniform": [8.5, 16]}}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "random": {"count": 2, "lr_schedule": {"uniform": [1, 2]}}}"#,
        #"{"name": "a", "corpus": "corpus.txt", "random": {"count": 2, "hidden_size": {"gauss": [8, 16]}}}"#,
    ])
    func bothReject(spec: String) throws {
        #expect(try !validate(spec).isEmpty)
        let folder = try SpecFolder(spec: spec)
        #expect(throws: SweepError.self) { try folder.load() }
    }

    @Test("the validator itself rejects what each keyword forbids")
    func validatorRejects() throws {
        let tiny = try JSONValue.parse(#"""
            {"type": "object", "additionalProperties": false, "required": ["n"],
             "properties": {"n": {"type": "integer", "minimum": 1, "maximum": 3},
                            "s": {"type": "string", "pattern": "^a+$", "minLength": 2},
                            "l": {"type": "array", "items": {"enum": ["x", "y"]}, "uniqueItems": true, "maxItems": 2}}}
            """#, source: "tiny")
        let validator = SchemaValidator(root: tiny)
        func problems(_ text: String) throws -> Int { validator.problems(of: try JSONValue.parse(text, source: "i")).count }
        #expect(try problems(#"{"n": 2, "s": "aa", "l": ["x", "y"]}"#) == 0)
        #expect(try problems(#"{"n": 2.0}"#) == 0)  // 2.0 is an integer in draft 2020-12
        #expect(try problems(#"{"n": 2.5}"#) == 1)
        #expect(try problems(#"{"n": 4}"#) == 1)
        #expect(try problems(#"{"n": 1, "s": "ab"}"#) == 1)
        #expect(try problems(#"{"n": 1, "s": "a"}"#) == 1)
        #expect(try problems(#"{"n": 1, "l": ["x", "x", "z"]}"#) == 3)  // repeat, not in enum, too many
        #expect(try problems(#"{"s": "aa", "extra": 1}"#) == 2)  // missing n, unknown key
    }
}

struct SchemaTestError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Structural equality of a schema value and a decoded one: numbers by value.
private func same(_ a: JSONValue, _ b: JSONValue.Kind) -> Bool {
    switch (a.kind, b) {
    case (.number(let x), .number(let y)): x.value == y.value
    case (.string(let x), .string(let y)): x == y
    case (.null, .null): true
    default: false
    }
}

private func number(_ value: JSONValue) -> Double? {
    if case .number(let n) = value.kind { return n.value }
    return nil
}
