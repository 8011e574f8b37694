// `--until`: when a sweep must be done. A local clock time means the next time the clock shows
// it (`07:00` at 23:00 is tomorrow morning); a date and time is taken as written, in local time
// unless it carries a zone.

import Foundation

enum Deadline {
    /// The moment `text` names: `HH:mm` (the next one to come), or an ISO 8601 date and time
    /// (`2026-12-01T07:00`, `2026-12-01 07:00:00`, `2026-12-01T07:00Z`, `...+01:00`).
    static func parse(_ text: String, now: Date = Date(), timeZone: TimeZone = .current) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let clock = text.split(separator: ":", omittingEmptySubsequences: false)
        if clock.count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]), clock[1].count == 2,
           (0 ..< 24).contains(hour), (0 ..< 60).contains(minute) {
            return calendar.nextDate(after: now, matching: DateComponents(hour: hour, minute: minute, second: 0),
                                     matchingPolicy: .nextTime)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        for format in ["yyyy-MM-dd'T'HH:mmXXXXX", "yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss",
                       "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
