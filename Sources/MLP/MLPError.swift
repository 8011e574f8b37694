// Every way the MLP module can fail on input it was given, with messages that say what failed,
// on what, and what to try next. Programmer errors (mismatched buffers) are preconditions instead.

/// An error from building, loading or running a model.
public enum MLPError: Error, Equatable, CustomStringConvertible {
    /// An option outside its rule (Requirements.swift), named by its setting key.
    case invalidOption(OptionProblem)
    case parameterCount(expected: Int, got: Int)
    case notEnoughExamples(split: String, count: Int, needed: Int)
    case unknownToken(id: Int32, vocabularySize: Int)
    case safetensors(path: String, problem: String)

    public var description: String {
        switch self {
        case .invalidOption(let problem):
            return "\(problem)"
        case .parameterCount(let expected, let got):
            return "parameter buffer has \(got) floats but the shape needs \(expected)"
        case .notEnoughExamples(let split, let count, let needed):
            return "the \(split) split has \(count) examples, at least \(needed) needed: "
                + "use a longer corpus or a smaller validation fraction"
        case .unknownToken(let id, let V):
            return "token id \(id) is outside the vocabulary of \(V) tokens"
        case .safetensors(let path, let problem):
            return "\(path): not a usable safetensors checkpoint: \(problem)"
        }
    }
}
