// The one error type of the BPE module: every way loading a corpus, training, encoding, decoding,
// saving or loading a tokenizer can fail. Messages say what failed, on what, and what to try next.
// Programmer errors (a token id a caller made up) are preconditions instead, not cases here.

/// What went wrong in the BPE module.
public enum BPEError: Error, Equatable, Sendable {
    /// A file could not be read (missing, unreadable, a directory).
    case unreadableFile(path: String, reason: String)
    /// A file could not be written.
    case unwritableFile(path: String, reason: String)
    /// Text that should be UTF-8 is not; `byteOffset` is where the bad sequence starts.
    case invalidUTF8(source: String, byteOffset: Int, byte: UInt8, line: Int)
    /// Training needs at least one character.
    case emptyCorpus(source: String)
    /// Positions are 32-bit: a text of 2^31 - 1 characters or more is not supported.
    case corpusTooLarge(source: String, characters: Int)
    /// The requested vocabulary cannot even hold `<|endoftext|>` and the alphabet.
    case vocabularyTooSmall(requested: Int, alphabetSize: Int)
    /// Text to encode contains a character the tokenizer never saw in training.
    /// `document` is set when encoding a corpus; `offset` counts Unicode scalars from the start of
    /// the text (or document), `line` and `column` count from 1.
    case unknownCharacter(Unicode.Scalar, source: String? = nil, document: Int?, offset: Int, line: Int, column: Int)
    /// An id to decode is not in the vocabulary.
    case unknownTokenID(Int32, index: Int, vocabularySize: Int)
    /// Text given as token ids (for decoding) holds something that is not an integer.
    case malformedTokenIDs(source: String, word: String, index: Int)
    /// A `tokenizer.json` that cannot be used, and why.
    case invalidTokenizerFile(path: String, reason: String)
}

extension BPEError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason). Check the path and the file's permissions."
        case let .unwritableFile(path, reason):
            return "cannot write \(path): \(reason). Check that the folder exists and is writable."
        case let .invalidUTF8(source, byteOffset, byte, line):
            let hex = "0x" + String(byte, radix: 16, uppercase: true)
            return "\(source) is not valid UTF-8: byte \(hex) at byte offset \(byteOffset) (line \(line)) "
                + "does not form a valid UTF-8 sequence. Convert the file to UTF-8, for example with "
                + "`iconv -f latin1 -t utf-8 FILE > FILE.utf8`."
        case let .emptyCorpus(source):
            return "\(source) has no characters to train on. Use a corpus with some text in it "
                + "(with --documents lines, empty lines are skipped)."
        case let .corpusTooLarge(source, characters):
            return "\(source) has \(characters) characters; TinyLab handles texts of fewer than "
                + "2147483647 characters. Split it into smaller files or use a part of it."
        case let .vocabularyTooSmall(requested, alphabetSize):
            return "vocabulary size \(requested) is too small: the corpus has \(alphabetSize) distinct "
                + "characters, and with <|endoftext|> the smallest valid vocabulary size is "
                + "\(alphabetSize + 1). Use a vocabulary size of at least \(alphabetSize + 1)."
        case let .unknownCharacter(scalar, source, document, offset, line, column):
            let place = document.map { "document \($0 + 1), " } ?? ""
            var message = (source.map { "\($0): " } ?? "") + "character \(Self.visibleForm(scalar)) at \(place)index \(offset) "
                + "(line \(line), column \(column)) is not in the tokenizer's alphabet. "
            if scalar == "\n" {
                message += "A tokenizer trained with --documents lines has no newline: encode one line "
                    + "at a time (--documents lines)."
            } else {
                message += "Encode only characters the tokenizer was trained on, or train it on a "
                    + "corpus that contains this one."
            }
            return message
        case let .unknownTokenID(id, index, vocabularySize):
            return "token id \(id) at position \(index) is not in the vocabulary: this tokenizer has ids "
                + "0 to \(vocabularySize - 1). Decode ids made by the same tokenizer."
        case let .malformedTokenIDs(source, word, index):
            return "\(source): '\(word)' (item \(index + 1)) is not a token id. Give token ids as "
                + "decimal integers separated by spaces, as `tinylab tokenize encode` prints them."
        case let .invalidTokenizerFile(path, reason):
            return "\(path) is not a tokenizer TinyLab can use: \(reason). Train one with "
                + "`tinylab tokenize train CORPUS --vocab-size N -o tokenizer.json`."
        }
    }

    /// `'a' (U+0061)`: the character itself when printable, its whitespace picture otherwise.
    static func visibleForm(_ scalar: Unicode.Scalar) -> String {
        let code = String(scalar.value, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
        return "'\(makeWhitespaceVisible(String(Character(scalar))))' (U+\(padded))"
    }
}
