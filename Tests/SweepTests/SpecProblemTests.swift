import JSON
import Testing
@testable import Sweep

@Suite struct SpecProblemTests {
    @Test("edit distance counts a swap of neighbours as one edit",
          arguments: zip([("gird", "grid"), ("kitten", "sitting"), ("", "abc"), ("seeds", "seeds"), ("ab", "ba")],
                         [1, 3, 3, 0, 1]))
    func distance(pair: (String, String), expected: Int) {
        // kitten -> sitten -> sittin -> sitting: three edits.
        #expect(editDistance(Array(pair.0), Array(pair.1)) == expected)
    }

    @Test("suggestions find near misses, ignore case and underscores, and stay quiet for strangers",
          arguments: zip(["gird", "learningRate", "hiden_size", "temprature", "banana"],
                         ["grid", "learning_rate", "hidden_size", "temperature", nil] as [String?]))
    func suggestions(typed: String, expected: String?) {
        let valid = ["grid", "learning_rate", "hidden_size", "temperature", "name", "seeds"]
        #expect(suggestion(for: typed, among: valid) == expected)
    }

    @Test("each problem reads file:line:column: path: message, one per line")
    func description() {
        let error = SweepError.invalidSpec([
            SpecProblem(file: "x.json", path: "grid.learning_rate[2]", position: SourcePosition(line: 4, column: 31),
                        message: "expected a number, found a string \"fast\""),
            SpecProblem(file: "x.json", path: "base.context_length", position: nil, message: "is too long"),
        ])
        #expect(error.description == """
            x.json:4:31: grid.learning_rate[2]: expected a number, found a string "fast"
            x.json: base.context_length: is too long
            """)
    }
}
