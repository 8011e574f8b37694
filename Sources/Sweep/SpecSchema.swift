// The JSON Schema of experiment specs (Experiments/spec.schema.json), generated from the settings
// tables and the model's rules, so an editor completes and checks exactly what the spec reader
// accepts. `tinylab schema` prints it; a test holds the committed file equal to it.
// Leaves out what a schema cannot say (corpus files, vocab_size against the alphabet), which
// `tinylab validate` checks.

import MLP

public enum SpecSchema {
    /// The schema as pretty-printed JSON text, two spaces per level, ending in a newline.
    public static var text: String {
        var out = ""
        write(document, indent: 0, into: &out)
        return out + "\n"
    }

    static var document: JSONNode {
        let settings = RunConfig.settings
        var properties: [(String, JSONNode)] = [
            ("$schema", .object([("type", "string"), ("description", "The JSON Schema that checks and completes this file in editors (e.g. \"spec.schema.json\"); TinyLab ignores it.")])),
            ("name", .object([
                ("type", "string"), ("pattern", "^[A-Za-z0-9._-]{1,100}$"), ("not", .object([("enum", .array([".", ".."]))])),
                ("description", "The sweep's name and its output folder (Reports/<name>/): 1-100 letters, digits, `-`, `_` or `.`, not `.` or `..`."),
                ("examples", .array(["context-vs-embedding"])),
            ])),
            ("description", .object([("type", "string"), ("description", "A sentence for people; shown by `tinylab validate` and in reports.")])),
        ]
        for setting in settings where setting.topLevel {
            var node: [(String, JSONNode)] = [("$ref", .string("#/$defs/\(setting.key)"))]
            if setting.key == "corpus" { node.append(("description", .string(setting.doc + " Required unless `grid` or `random` sweeps it."))) }
            properties.append((setting.key, .object(node)))
        }
        properties += [
            ("base", ref("base")), ("grid", ref("grid")), ("random", ref("random")),
            ("seeds", .object([
                ("type", "array"), ("minItems", 1), ("uniqueItems", true), ("items", .object([("type", "integer"), ("minimum", 0)])),
                ("description", "Repeats every configuration once per seed, setting the run's `seed`; seeds vary fastest."),
            ])),
            ("sample", ref("sample")),
            ("halving", .object([
                ("type", "object"), ("additionalProperties", false), ("required", .array(["min_steps"])),
                ("description", "Successive halving: every configuration trains to `min_steps`, the best 1/reduction of them (all their seeds) go on to `min_steps` x reduction, and so on to `steps`. Decided on the whole validation split at each rung, the same for any --jobs, interruption or shards. See Docs/SPEC.md."),
                ("properties", .object([
                    ("min_steps", .object([("type", "integer"), ("minimum", 1), ("description", "Steps of the first rung; below `steps`.")])),
                    ("reduction", .object([("type", "integer"), ("minimum", 2), ("default", 3),
                                           ("description", "Each rung is this many times longer than the one before and keeps 1/reduction of the configurations.")])),
                ])),
            ])),
            ("figures", ref("figures")),
        ]
        func corpusIn(_ key: String) -> JSONNode {
            .object([("required", .array([.string(key)])), ("properties", .object([(key, .object([("required", .array(["corpus"]))]))]))])
        }
        return .object([
            ("$schema", "https://json-schema.org/draft/2020-12/schema"),
            ("title", "TinyLab experiment spec"),
            ("description", "A sweep of tiny MLP language models: which corpus, the settings every run shares, and a grid or random search over them. `tinylab validate SPEC` checks everything this schema cannot (corpus files, vocabulary sizes against the alphabet). See Docs/SPEC.md."),
            ("type", "object"), ("additionalProperties", false), ("required", .array(["name"])),
            ("properties", .object(properties)),
            ("not", .object([("required", .array(["grid", "random"]))])),
            ("anyOf", .array([.object([("required", .array(["corpus"]))]), corpusIn("grid"), corpusIn("random")])),
            ("$defs", .object(settings.map { ($0.key, definition($0)) } + [
                ("base", .object([
                    ("type", "object"),
                    ("description", "Run settings shared by every run; anything left out takes its default. `corpus` and `documents` go at the top level."),
                    ("additionalProperties", false),
                    ("properties", .object(settings.filter { !$0.topLevel }.map { ($0.key, ref($0.key)) })),
                ])),
                ("grid", .object([
                    ("type", "object"),
                    ("description", "Settings to sweep: each key maps to a non-empty array of values; the runs are every combination, the first key varying slowest. An axis overrides the same key in `base`."),
                    ("additionalProperties", false),
                    ("properties", .object(settings.map { setting in
                        (setting.key, .object([
                            ("type", "array"), ("minItems", 1), ("uniqueItems", true), ("items", ref(setting.key)),
                            ("description", .string("Values of `\(setting.key)` to sweep, each once. \(setting.doc)")),
                        ]))
                    })),
                ])),
                ("choice", distribution(items: nil, "[v1, v2, ...]: one of the values, equally likely.")),
                ("uniform", distribution(items: 2, "[lo, hi]: a number evenly between lo and hi, rounded to 4 significant digits (to a whole number for integer settings).")),
                ("log_uniform", distribution(items: 2, "[lo, hi] with lo > 0: a number whose logarithm is even between log lo and log hi, rounded like `uniform`. Suits learning rates.")),
                ("int_uniform", distribution(items: 2, "[lo, hi]: an integer from lo to hi, both included.")),
                ("random", random(settings)),
                ("sample", .object([
                    ("type", "object"), ("description", "What each run generates when it ends; the same for every run."),
                    ("additionalProperties", false),
                    ("properties", .object(SampleConfig.settings.map { ($0.key, definition($0)) })),
                ])),
                ("figures", .object([
                    ("type", "object"), ("description", "How the figures are drawn; `tinylab run` and `report` flags (--size, --svg) override it."),
                    ("additionalProperties", false),
                    ("properties", .object(FigureSettings.keys.map { key, doc in
                        (key, .object(key == "size"
                            ? [("enum", .array(FigureSettings.sizes.map(JSONNode.string))), ("default", "screen"), ("description", .string(doc))]
                            : [("type", "boolean"), ("default", false), ("description", .string(doc))]))
                    })),
                ])),
            ])),
        ])
    }

    /// A setting's definition: its type, its bounds (from its rule), its default and its doc line.
    static func definition<Root: SettingsTable>(_ setting: Setting<Root>) -> JSONNode {
        var node: [(String, JSONNode)] = []
        switch setting.kind {
        case .integer: node.append(("type", "integer"))
        case .seed: node += [("type", "integer"), ("minimum", 0)]
        case .number: node.append(("type", "number"))
        case .optionalInteger: node.append(("type", .array(["integer", "null"])))
        case .optionalNumber: node.append(("type", .array(["number", "null"])))
        case .path: node += [("type", "string"), ("minLength", 1)]
        case .string: node.append(("type", "string"))
        case .choice(let options): node.append(("enum", .array(options.map(JSONNode.string))))
        }
        if let requirement = setting.requirement {
            let low = requirement.lowerBound
            node.append((low.inclusive ? "minimum" : "exclusiveMinimum", .number(low.value)))
            if let high = requirement.upperBound { node.append(("exclusiveMaximum", .number(high))) }
        }
        if setting.kind != .path {
            let text = setting.defaultText
            let value: JSONNode = switch setting.kind {
            case _ where text == nil: .null
            case .choice, .string, .path: .string(text ?? "")
            default: .number(Double(text ?? "") ?? 0)
            }
            node.append(("default", value))
        }
        node.append(("description", .string(setting.doc)))
        return .object(node)
    }

    static func distribution(items: Int?, _ description: String) -> JSONNode {
        var node: [(String, JSONNode)] = [("type", "array"), ("minItems", .number(Double(items ?? 1)))]
        if let items { node.append(("maxItems", .number(Double(items)))) } else { node.append(("uniqueItems", true)) }
        node.append(("description", .string(description)))
        return .object(node)
    }

    /// `random`: count, seed, and one distribution per setting (numeric ones may use any; others only `choice`).
    static func random(_ settings: [Setting<RunConfig>]) -> JSONNode {
        var properties: [(String, JSONNode)] = [
            ("count", .object([("type", "integer"), ("minimum", 1), ("maximum", .number(Double(SpecLimits.runs))),
                               ("description", "Number of configurations to draw (1-100,000).")])),
            ("seed", .object([("type", "integer"), ("minimum", 0), ("default", 0),
                              ("description", "Seed of the search itself: the same spec always draws the same runs. To vary the runs' own seeds, use `seeds`.")])),
        ]
        for setting in settings where setting.key != "seed" {
            let key = setting.key
            func items(_ extra: [(String, JSONNode)]) -> JSONNode { .object([("$ref", .string("#/$defs/\(key)"))] + extra) }
            // A distribution's ends of an optional setting are numbers, never null.
            let numberType: [(String, JSONNode)] = setting.kind.isOptional ? [("type", "number")] : []
            var choices: [(String, JSONNode)] = [("choice", .object([("$ref", "#/$defs/choice"), ("items", items([]))]))]
            if setting.kind.isNumeric {
                choices += [
                    ("uniform", .object([("$ref", "#/$defs/uniform"), ("items", items(numberType))])),
                    ("log_uniform", .object([("$ref", "#/$defs/log_uniform"), ("items", items(numberType + [("exclusiveMinimum", 0)]))])),
                    ("int_uniform", .object([("$ref", "#/$defs/int_uniform"), ("items", items([("type", "integer")]))])),
                ]
            }
            let names = choices.map { "`\($0.0)`" }
            let listed = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
            properties.append((key, .object([
                ("description", .string("How to draw `\(key)`: one distribution, \(listed). \(setting.doc)")),
                ("type", "object"), ("minProperties", 1), ("maxProperties", 1), ("additionalProperties", false),
                ("properties", .object(choices)),
            ])))
        }
        return .object([
            ("type", "object"),
            ("description", "A random search instead of a grid: `count` configurations drawn from one distribution per setting, the same ones every time for the same spec."),
            ("additionalProperties", false), ("required", .array(["count"])),
            ("not", .object([("propertyNames", .object([("enum", .array(["count", "seed"]))])),
                             ("description", "at least one setting to draw besides `count` and `seed`")])),
            ("properties", .object(properties)),
        ])
    }

    static func ref(_ name: String) -> JSONNode { .object([("$ref", .string("#/$defs/\(name)"))]) }

    // MARK: - Writing

    /// A JSON value with its object keys in order.
    indirect enum JSONNode: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
        case object([(String, JSONNode)])
        case array([JSONNode])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null

        init(stringLiteral value: String) { self = .string(value) }
        init(integerLiteral value: Int) { self = .number(Double(value)) }
        init(booleanLiteral value: Bool) { self = .bool(value) }
    }

    static func write(_ node: JSONNode, indent: Int, into out: inout String) {
        let inner = String(repeating: " ", count: indent + 2), closing = String(repeating: " ", count: indent)
        switch node {
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += inner + quoted(key) + ": "
                write(value, indent: indent + 2, into: &out)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += closing + "}"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                write(item, indent: indent + 2, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += closing + "]"
        case .string(let s): out += quoted(s)
        case .number(let x): out += wholeNumberText(x)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
