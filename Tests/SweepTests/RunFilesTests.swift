import Files
import Foundation
import TestFolders
import Testing
@testable import Sweep

@Suite struct RunFilesTests {
    @Test("every setting unset by default says what unset means, for the report")
    func unsetTexts() {
        let optional = RunConfig.settings.filter { $0.defaultText == nil }
        #expect(optional.map(\.key) == ["min_learning_rate", "patience"])
        #expect(optional.allSatisfy { $0.unset != nil })
    }

    @Test("CSV fields with commas, quotes or newlines are quoted per RFC 4180")
    func quoting() {
        let text = csvText(header: ["a", "b"], rows: [["1", "x,y"], ["say \"hi\"", "two\nlines"]])
        #expect(text == "a,b\r\n1,\"x,y\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n")
    }

    @Test("CSV numbers read back to the same Double", arguments: [0.1, 1.0 / 3.0, 5.545177444479562, 1e-300, 12345678.9])
    func numbersRoundTrip(x: Double) {
        #expect(Double(csvNumber(x)) == x)
    }

    @Test("run.json round-trips and uses the documented snake_case keys")
    func recordKeys() throws {
        var record = RunRecord(config: RunConfig(), sample: SampleConfig(), status: .diverged)
        record.divergedAtStep = 12
        let data = encodeJSON(record)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["config", "sample", "status", "diverged_at_step"])
        let config = try #require(object["config"] as? [String: Any])
        // min_learning_rate is absent when it defaults to learning_rate / 10, patience when off.
        #expect(Set(config.keys) == Set(RunConfig.keys).subtracting(["min_learning_rate", "patience"]))
        let dir = try temporaryDirectory()
        try writeAtomically(data, to: dir.appendingPathComponent("run.json"))
        #expect(try decodeJSON(RunRecord.self, from: dir.appendingPathComponent("run.json")) == record)
    }

    @Test("a file that is not a run record gives an error naming it")
    func badRecord() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("run.json")
        try Data("{\"status\": 3}".utf8).write(to: url)
        #expect(throws: SweepError.self) { try decodeJSON(RunRecord.self, from: url) }
        #expect(throws: SweepError.notARunDirectory(path: dir.path, missing: "model.safetensors")) {
            try SavedRun(directory: dir)
        }
    }

    @Test("text values of a config are what run.json holds, key for key")
    func textValuesMatchRunJSON() throws {
        var c = RunConfig()
        c.corpus = "a,b.txt"
        c.training.learningRate = 1e-5
        c.training.minLearningRate = 0.003
        c.training.divergenceFactor = 4
        c.validation.fraction = 0.25
        c.training.schedule = .cosine
        let object = try #require(try JSONSerialization.jsonObject(with: encodeJSON(c)) as? [String: Any])
        #expect(Set(c.textValues.keys) == Set(object.keys))
        for (key, value) in object {
            // JSONSerialization reads 4 back as an integer and 1e-05 as a double; both print as written.
            #expect(c.textValues[key] == "\(value)", "\(key)")
        }
    }
}
