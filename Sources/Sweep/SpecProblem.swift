// One thing wrong with an experiment spec: the spec file, the line and column of the value, its
// key path (`grid.learning_rate[2]`) and what was expected; `SweepError.invalidSpec` carries all
// of a spec's problems at once. Also the "did you mean" suggestion for unknown keys.
// Leaves out finding the problems (SweepSpec.swift, SpecExpansion.swift).

import JSON

/// One thing wrong with a spec.
public struct SpecProblem: Sendable, Hashable, CustomStringConvertible {
    /// The spec file as the user named it.
    public var file: String
    /// Key path of the offending value, e.g. `grid.learning_rate[2]`; empty for the file itself.
    public var path: String
    /// Where the value starts in the file, when the problem is about a value written there.
    public var position: SourcePosition?
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String, path: String, position: SourcePosition?, message: String) {
        self.file = file
        self.path = path
        self.position = position
        self.message = message
    }

    /// `file:line:column: path: message`, the form editors and terminals turn into links.
    public var description: String {
        var out = file
        if let position { out += ":\(position)" }
        if !path.isEmpty { out += ": \(path)" }
        return out + ": " + message
    }
}

// MARK: - Suggestions

/// The valid key closest to `key`, when it is close enough to be a likely typo: at most two
/// edits, or a third of the key's length, ignoring case and underscores (`learningRate` finds
/// `learning_rate`).
func suggestion(for key: String, among valid: [String]) -> String? {
    func normalized(_ s: String) -> [Character] { Array(s.lowercased().filter { $0 != "_" && $0 != "-" }) }
    let typed = normalized(key)
    var best: (key: String, distance: Int)?
    for candidate in valid {
        let d = editDistance(typed, normalized(candidate))
        if d < best?.distance ?? .max { best = (candidate, d) }
    }
    guard let best, best.distance <= max(2, typed.count / 3) else { return nil }
    return best.key
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// adjacent characters each cost 1, so `gird` is one edit from `grid`
/// (Damerau, 1964, restricted so that no substring is edited twice).
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    // d[i][j]: distance between the first i characters of a and the first j of b.
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0 ... a.count { d[i][0] = i }
    for j in 0 ... b.count { d[0][j] = j }
    for i in 1 ... a.count {
        for j in 1 ... b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[a.count][b.count]
}
