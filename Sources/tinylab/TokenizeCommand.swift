// `tinylab tokenize train|encode|decode`: flags to calls of the BPE library, results to stdout and
// files, errors to stderr. The tokenizer itself (and every check on its input) lives in BPE.
import ArgumentParser
import BPE
import Files
import Foundation


struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Train a BPE tokenizer, or encode and decode text with one.",
        subcommands: [Train.self, Encode.self, Decode.self]
    )
}

extension TokenizeCommand {
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Learn a character-level BPE tokenizer from a corpus and save it as tokenizer.json.")

        @Argument(help: "A UTF-8 text file.")
        var corpus: String

        @Option(help: "Tokens wanted, counting <|endoftext|> and every distinct character.")
        var vocabSize: Int

        @Option(name: .shortAndLong, help: "Where to write the tokenizer (Hugging Face tokenizer.json).")
        var output: String

        @Option(help: "file: the whole file is one document; lines: each non-empty line is one.")
        var documents: DocumentMode = .file

        func run() throws {
            try reportingErrors {
                let corpus = try Corpus.load(contentsOf: URL(fileURLWithPath: corpus), documents: documents)
                let result = try TokenizerTrainer(vocabularySize: vocabSize).train(on: corpus)
                try result.tokenizer.save(to: URL(fileURLWithPath: output))
                print(result.report)
                print("wrote \(output)")
            }
        }
    }

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the token ids of a text, space-separated on one line.")

        @Argument(help: "A tokenizer.json.")
        var tokenizer: String

        @Argument(help: "The text to encode (standard input if omitted).")
        var file: String?

        @Option(help: ArgumentHelp("file: encode the text as one document (one line of ids); lines: "
            + "encode each non-empty line on its own (one line of ids per line)."))
        var documents: DocumentMode = .file

        func run() throws {
            try reportingErrors {
                let tokenizer = try Tokenizer.load(from: URL(fileURLWithPath: tokenizer))
                let corpus = try Corpus(utf8: try readInput(file), documents: documents, source: file ?? "standard input")
                var out = ""
                for ids in try tokenizer.encode(corpus) {
                    out += ids.map(String.init).joined(separator: " ") + "\n"
                }
                FileHandle.standardOutput.write(Data(out.utf8))
            }
        }
    }

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn token ids (space-separated, as encode prints them) back into text.")

        @Argument(help: "A tokenizer.json.")
        var tokenizer: String

        @Argument(help: "The ids to decode (standard input if omitted).")
        var file: String?

        @Option(help: ArgumentHelp("file: all ids are one text, written exactly; lines: each line of "
            + "ids is one document, written as one line."))
        var documents: DocumentMode = .file

        func run() throws {
            try reportingErrors {
                let tokenizer = try Tokenizer.load(from: URL(fileURLWithPath: tokenizer))
                let source = file ?? "standard input"
                let input = String(decoding: try readInput(file), as: UTF8.self)
                var out = ""
                switch documents {
                case .file:
                    out = try tokenizer.decode(try parseTokenIDs(input, source: source))
                case .lines:
                    for line in input.split(whereSeparator: \.isNewline) {
                        out += try tokenizer.decode(try parseTokenIDs(String(line), source: source)) + "\n"
                    }
                }
                FileHandle.standardOutput.write(Data(out.utf8))
            }
        }
    }
}

// MARK: - Helpers shared by the tokenizer commands

/// The bytes of `path` (a regular file of at most `FileLimit.corpus` bytes), or of standard
/// input when `path` is nil, read up to the same limit.
func readInput(_ path: String?) throws -> [UInt8] {
    guard let path else {
        var bytes: [UInt8] = []
        while true {
            let chunk = FileHandle.standardInput.readData(ofLength: 1 << 20)
            if chunk.isEmpty { return bytes }
            bytes += chunk
            guard bytes.count <= FileLimit.corpus else {
                throw BPEError.unreadableFile(path: "standard input", reason: "it is longer than \(byteCount(FileLimit.corpus)), the most TinyLab reads")
            }
        }
    }
    do { return try readFile(at: URL(fileURLWithPath: path), limit: FileLimit.corpus) } catch {
        throw BPEError.unreadableFile(path: path, reason: error.reason)
    }
}

/// Whitespace-separated decimal ids.
func parseTokenIDs(_ text: String, source: String) throws -> [Int32] {
    try text.split(whereSeparator: { $0.isWhitespace }).enumerated().map { index, word in
        guard let id = Int32(word) else {
            throw BPEError.malformedTokenIDs(source: source, word: String(word), index: index)
        }
        return id
    }
}
