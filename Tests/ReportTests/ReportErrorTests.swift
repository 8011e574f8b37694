// The Report module's error messages: each names what it was given and what to do instead.

import Testing
@testable import Report

@Suite struct ReportErrorTests {
    @Test("messages name the path and say what is expected", arguments: zip(
        [ReportError.noRuns(path: "/x/sweep"), .nothingToCompare(path: "/x/run"), .noInputs],
        [["/x/sweep holds no runs", "runs/<id>/run.json", "tinylab run"], ["/x/run has no validation losses", "metrics.csv"],
         ["nothing to compare", "run directories or sweep folders"]]))
    func messages(error: ReportError, fragments: [String]) {
        for fragment in fragments { #expect(error.description.contains(fragment), "\(error.description)") }
    }
}
