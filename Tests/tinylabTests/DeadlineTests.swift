// `--until`: clock times mean the next time the clock shows them; dates and times are taken as
// written, in local time unless they carry a zone.

import Foundation
import Testing
@testable import tinylab

@Suite struct DeadlineTests {
    let utc = TimeZone(identifier: "UTC")!
    /// 2026-11-30 23:10:00 UTC.
    let now = Date(timeIntervalSince1970: 1_796_080_200)

    @Test("a clock time is the next one to come: 07:00 at 23:10 is tomorrow, 23:30 is in twenty minutes")
    func clockTimes() throws {
        #expect(Deadline.parse("07:00", now: now, timeZone: utc) == now.addingTimeInterval(7 * 3600 + 50 * 60))
        #expect(Deadline.parse("23:30", now: now, timeZone: utc) == now.addingTimeInterval(20 * 60))
        #expect(Deadline.parse("23:10", now: now, timeZone: utc) == now.addingTimeInterval(24 * 3600))
    }

    /// 07:00 the next morning is 7 h 50 min after `now`.
    static let morning = 28_200

    @Test("dates and times in ISO 8601 form, local unless zoned", arguments: zip(
        ["2026-12-01T07:00", "2026-12-01 07:00", "2026-12-01T07:00:30", "2026-12-01T08:00+01:00", "2026-12-01T07:00Z"],
        [morning, morning, morning + 30, morning, morning] as [Int]))
    func dates(text: String, seconds: Int) {
        #expect(Deadline.parse(text, now: now, timeZone: utc) == now.addingTimeInterval(Double(seconds)))
    }

    @Test("anything else is no deadline, and the flag says what it expects", arguments: ["7", "25:00", "07:0", "tomorrow", "2026-13-01T07:00", ""])
    func rejected(text: String) {
        #expect(Deadline.parse(text, now: now, timeZone: utc) == nil)
        do {
            _ = try TinyLab.parseAsRoot(["run", "s.json", "--until", text])
            Issue.record("--until \(text) was accepted")
        } catch {
            #expect(TinyLab.message(for: error).contains("--until expects a clock time (07:00) or a date and time"))
        }
    }
}
