// Run ids: the swept values for people (`learning_rate=0.1_embedding_dim=4`) and a short hash of
// the resolved config for the machine, so that a changed setting, sample or corpus text never
// reuses an old result. The hash is FNV-1a over a canonical text, the same in every process and
// on every machine. Leaves out deciding what is swept (SpecExpansion.swift).

/// Version tag hashed into every id: changing the canonical text below means bumping it.
let runIDFormat = "tinylab-run-1"

/// Longest readable part of an id, before the hash; longer ones are cut at a `_`.
let runIDReadableLimit = 96

/// The resolved config as one line per key, sorted by key, with the corpus path replaced by its
/// content digest (moving a corpus keeps ids, editing it changes them) and the sample settings
/// under `sample.`. Settings added after the first format appear only when they differ from
/// their default, so runs planned before they existed keep their ids.
func canonicalText(config: RunConfig, corpusDigest: UInt64, sample: SampleConfig) -> String {
    var fields: [String: String] = [:]
    for setting in RunConfig.settings where setting.since == 1 || !setting.isDefault(config) {
        fields[setting.key] = setting.key == "corpus" ? "fnv1a64:" + hex(corpusDigest, digits: 16) : setting.canonical(config)
    }
    for setting in SampleConfig.settings {
        fields["sample." + setting.key] = setting.canonical(sample)
    }
    return ([runIDFormat] + fields.keys.sorted().map { "\($0)=\(fields[$0] ?? "")" }).joined(separator: "\n") + "\n"
}

/// `embedding_dim=4_context_length=3_seed=1-9f2c01ab`: the swept values, then 8 hex digits of
/// the canonical text's hash (all 16 with `fullHash`). A run with nothing swept is `run-<hash>`.
func runID(swept: [(key: String, value: String)], canonical: String, fullHash: Bool = false) -> String {
    let hash = fnv1a64(canonical.utf8)
    // Folding the halves lets every byte of the text reach the short hash's bits.
    let short = fullHash ? hex(hash, digits: 16) : hex((hash >> 32) ^ (hash & 0xFFFF_FFFF), digits: 8)
    var readable = swept.map { "\(idFragment($0.key))=\(idFragment(idValue(key: $0.key, value: $0.value)))" }
        .joined(separator: "_")
    if readable.count > runIDReadableLimit {
        readable = String(readable.prefix(runIDReadableLimit))
        if let cut = readable.lastIndex(of: "_") { readable = String(readable[..<cut]) }
    }
    return (readable.isEmpty ? "run" : readable) + "-" + short
}

/// A corpus shows as its file name without extension; other values as written.
private func idValue(key: String, value: String) -> String {
    guard key == "corpus" else { return value }
    let name = value.split(separator: "/").last.map(String.init) ?? value
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
    return String(name[..<dot])
}

/// Only letters, digits, `.`, `-` and `_` survive in an id; `+` is dropped (`1e+20` -> `1e20`)
/// and anything else becomes `-`.
func idFragment(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars where scalar != "+" {
        let safe = scalar.isASCII && (("a" ... "z").contains(scalar) || ("A" ... "Z").contains(scalar)
            || ("0" ... "9").contains(scalar) || scalar == "." || scalar == "-" || scalar == "_")
        out.unicodeScalars.append(safe ? scalar : "-")
    }
    return out
}

private func hex(_ value: UInt64, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}

/// A string in double quotes with `"`, `\` and control characters escaped, so that no value
/// can imitate a line of the canonical text.
func quotedCanonical(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20: out += "\\u" + hex(UInt64(scalar.value), digits: 4)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
