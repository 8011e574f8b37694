// `tinylab compare` as users type it: inputs and output parsed, a missing or non-PNG output
// rejected with a message that says what to give.

import ArgumentParser
import Testing
@testable import tinylab

@Suite struct CompareCommandTests {
    @Test("compare takes several directories, an output PNG, a title and a log axis")
    func parsing() throws {
        let command = try #require(
            try TinyLab.parseAsRoot(["compare", "Reports/a", "Reports/b/runs/x", "-o", "ab.png", "--title", "A vs B", "--log-y"])
                as? CompareCommand)
        #expect(command.directories == ["Reports/a", "Reports/b/runs/x"])
        #expect(command.output == "ab.png" && command.title == "A vs B" && command.logY)
    }

    @Test("an output that is not a .png, or no output at all, is a usage error")
    func badOutput() {
        do {
            _ = try TinyLab.parseAsRoot(["compare", "Reports/a", "-o", "ab.jpg"])
            Issue.record("ab.jpg was accepted")
        } catch {
            #expect(TinyLab.message(for: error) == "--output must name a .png or .svg file, got ab.jpg")
        }
        do {
            _ = try TinyLab.parseAsRoot(["compare", "Reports/a"])
            Issue.record("compare without --output was accepted")
        } catch {
            #expect(TinyLab.message(for: error) == "Missing expected argument '--output <output>'")
        }
    }
}
