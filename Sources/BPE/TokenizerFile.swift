// Reading and writing tokenizer.json in Hugging Face tokenizers' format (DESIGN.md section 2), so
// `tokenizers.Tokenizer.from_file` gives the same ids. Written by hand for a stable layout (keys
// sorted, the vocabulary in id order as HF writes it, one entry per line); read with JSONValue,
// then checked, because a file that loads but encodes differently would be worse than an error.
import Files
import Foundation
import JSON

extension Tokenizer {
    /// Writes the tokenizer as a Hugging Face `tokenizer.json` (atomically: a temporary file, then
    /// a rename). - Throws: `BPEError.unwritableFile`.
    public func save(to url: URL) throws {
        do {
            try writeAtomically(Data(jsonText().utf8), to: url)
        } catch {
            throw BPEError.unwritableFile(path: url.path, reason: error.reason)
        }
    }

    /// Reads a `tokenizer.json` written by `save(to:)` or by Hugging Face tokenizers with the same
    /// configuration. - Throws: `BPEError.unreadableFile`, or `.invalidTokenizerFile` saying what
    /// is wrong with it.
    public static func load(from url: URL) throws -> Tokenizer {
        try Tokenizer(json: try readFile(url), source: url.path)
    }

    /// The `tokenizer.json` text.
    public func jsonText() -> String {
        var lines: [String] = []
        lines.append("{")
        lines.append("  \"added_tokens\": [")
        lines.append("    {\"content\": \(jsonQuoted(Self.endOfTextText)), \"id\": 0, \"lstrip\": false, "
            + "\"normalized\": false, \"rstrip\": false, \"single_word\": false, \"special\": true}")
        lines.append("  ],")
        // Fuse joins the tokens' texts with nothing between them; with no decoder HF would
        // join them with spaces.
        lines.append("  \"decoder\": {\"type\": \"Fuse\"},")
        lines.append("  \"model\": {")
        lines.append("    \"byte_fallback\": false,")
        lines.append("    \"continuing_subword_prefix\": null,")
        lines.append("    \"dropout\": null,")
        lines.append("    \"end_of_word_suffix\": null,")
        lines.append("    \"fuse_unk\": false,")
        lines.append("    \"ignore_merges\": false,")
        if merges.isEmpty {
            lines.append("    \"merges\": [],")
        } else {
            lines.append("    \"merges\": [")
            for (k, merge) in merges.enumerated() {
                let comma = k + 1 < merges.count ? "," : ""
                lines.append("      [\(jsonQuoted(tokenStrings[Int(merge.left)])), "
                    + "\(jsonQuoted(tokenStrings[Int(merge.right)]))]\(comma)")
            }
            lines.append("    ],")
        }
        lines.append("    \"type\": \"BPE\",")
        lines.append("    \"unk_token\": null,")
        lines.append("    \"vocab\": {")
        for (id, text) in tokenStrings.enumerated() {
            let comma = id + 1 < tokenStrings.count ? "," : ""
            lines.append("      \(jsonQuoted(text)): \(id)\(comma)")
        }
        lines.append("    }")
        lines.append("  },")
        lines.append("  \"normalizer\": null,")
        lines.append("  \"padding\": null,")
        lines.append("  \"post_processor\": null,")
        lines.append("  \"pre_tokenizer\": null,")
        lines.append("  \"truncation\": null,")
        lines.append("  \"version\": \"1.0\"")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses and checks a `tokenizer.json`.
    init(json bytes: [UInt8], source: String) throws {
        func invalid(_ reason: String) -> BPEError { .invalidTokenizerFile(path: source, reason: reason) }
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes, source: source)
        } catch {
            throw invalid("it is not valid JSON: \(error.message) at line \(error.position.line), column "
                + "\(error.position.column) (byte offset \(error.offset))")
        }
        guard case .object = root.kind else { throw invalid("it holds \(root.kindName), not a JSON object") }
        guard let model = root["model"] else { throw invalid("the key model is missing") }
        guard case .object = model.kind else { throw invalid("model is \(model.kindName), not an object") }
        func isNull(_ value: JSONValue?) -> Bool { value.map { $0.kind == .null } ?? true }

        // Options that would make Hugging Face encode or decode differently from TinyLab.
        if let type = model["type"], type.scalars != Array("BPE".unicodeScalars.map(\.value)) {
            throw invalid("model.type must be \"BPE\"")
        }
        for key in ["normalizer", "pre_tokenizer", "post_processor"] where !isNull(root[key]) {
            throw invalid("\(key) must be null: TinyLab's tokenizers see the text exactly as it is")
        }
        for key in ["unk_token", "continuing_subword_prefix", "end_of_word_suffix", "dropout"]
        where !isNull(model[key]) {
            throw invalid("model.\(key) must be null")
        }
        for key in ["byte_fallback", "ignore_merges"] where !(isNull(model[key]) || model[key]?.kind == .bool(false)) {
            throw invalid("model.\(key) must be false")
        }
        if !isNull(root["decoder"]), root["decoder"]?["type"]?.scalars != Array("Fuse".unicodeScalars.map(\.value)) {
            throw invalid("decoder must be null or {\"type\": \"Fuse\"} (concatenate the tokens)")
        }

        // Vocabulary: ids 0..<V, each once; 0 is <|endoftext|>, an added special token.
        guard case let .object(entries)? = model["vocab"]?.kind else { throw invalid("model.vocab is missing or not an object") }
        let vocabularySize = entries.count
        var idOf: [[UInt32]: Int] = [:]
        var textOf = [[UInt32]?](repeating: nil, count: vocabularySize)
        for member in entries {
            let key = member.key.unicodeScalars.map(\.value)
            let quoted = jsonQuoted(member.key)
            guard case let .number(number) = member.value.kind, let id = number.integerValue else {
                throw invalid("model.vocab[\(quoted)] is \(member.value.kindName), not an integer id")
            }
            guard id >= 0 && id < vocabularySize else {
                throw invalid("model.vocab gives \(quoted) the id \(id), but with \(vocabularySize) tokens the ids "
                    + "must be 0 to \(vocabularySize - 1)")
            }
            guard idOf[key] == nil else { throw invalid("model.vocab lists \(quoted) twice") }
            if let other = textOf[id] {
                throw invalid("model.vocab gives the id \(id) to both \(jsonQuoted(makeString(other))) and \(quoted)")
            }
            guard !key.isEmpty else { throw invalid("model.vocab has an empty token (id \(id))") }
            idOf[key] = id
            textOf[id] = key
        }
        guard idOf[Self.endOfTextScalars] == 0 else {
            throw invalid("model.vocab must give \(Self.endOfTextText) the id 0")
        }
        guard case let .array(added)? = root["added_tokens"]?.kind, added.count == 1,
              case let .number(addedID)? = added[0]["id"]?.kind, addedID.integerValue == 0,
              added[0]["content"]?.scalars == Self.endOfTextScalars,
              added[0]["special"]?.kind == .bool(true) else {
            throw invalid("added_tokens must hold exactly one token: \(Self.endOfTextText) with id 0 and special true")
        }

        // Alphabet: the single characters take ids 1...A in ascending order of their values.
        let alphabet = idOf.keys.filter { $0.count == 1 }.map { $0[0] }.sorted()
        for (i, value) in alphabet.enumerated() where idOf[[value]] != i + 1 {
            throw invalid("the single character \(jsonQuoted(makeString([value]))) has the id \(idOf[[value]] ?? -1), "
                + "but the \(alphabet.count) single characters must take the ids 1 to \(alphabet.count) in "
                + "ascending order of their Unicode values")
        }

        // Merges: each joins two tokens that exist by then, and makes either the next id or one
        // made before.
        guard case let .array(mergeValues)? = model["merges"]?.kind else { throw invalid("model.merges is missing or not an array") }
        var made = [Bool](repeating: false, count: vocabularySize)
        for id in 0...alphabet.count { made[id] = true }
        var nextID = alphabet.count + 1
        var merges: [Merge] = []
        merges.reserveCapacity(mergeValues.count)
        for (k, value) in mergeValues.enumerated() {
            guard let (left, right) = mergeParts(value) else {
                throw invalid("model.merges[\(k)] is not a pair of tokens [\"a\", \"b\"]")
            }
            let here = "model.merges[\(k)] (\(jsonQuoted(makeString(left))), \(jsonQuoted(makeString(right))))"
            var ids: [Int32] = []
            for part in [left, right] {
                guard let id = idOf[part] else { throw invalid("\(here): \(jsonQuoted(makeString(part))) is not in model.vocab") }
                guard made[id] else { throw invalid("\(here): no earlier merge makes \(jsonQuoted(makeString(part)))") }
                ids.append(Int32(id))
            }
            let joined = left + right
            guard let result = idOf[joined] else {
                throw invalid("\(here): the merged token \(jsonQuoted(makeString(joined))) is not in model.vocab")
            }
            if !made[result] {
                guard result == nextID else {
                    throw invalid("\(here) is the first to make \(jsonQuoted(makeString(joined))), so that token must have "
                        + "the id \(nextID), not \(result): merged tokens take ids in the order of the merges")
                }
                made[result] = true
                nextID += 1
            }
            merges.append(Merge(left: ids[0], right: ids[1], result: Int32(result)))
        }
        if nextID < vocabularySize {
            throw invalid("model.vocab has \(jsonQuoted(makeString(textOf[nextID] ?? []))) (id \(nextID)), which no merge makes")
        }
        self.init(alphabet: alphabet, merges: merges)
    }
}

/// The two parts of a merge written as `["a", "b"]`, or in the older form `"a b"` (only usable
/// when neither part has a space, which is why this format writes pairs).
private func mergeParts(_ value: JSONValue) -> ([UInt32], [UInt32])? {
    switch value.kind {
    case let .array(parts):
        guard parts.count == 2, let left = parts[0].scalars, let right = parts[1].scalars else { return nil }
        return (left, right)
    case .string:
        let parts = (value.scalars ?? []).split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (Array(parts[0]), Array(parts[1]))
    default:
        return nil
    }
}

// MARK: - JSON details

/// `text` as a JSON string literal: quotes, backslashes and control characters escaped, everything
/// else as UTF-8.
func jsonQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
