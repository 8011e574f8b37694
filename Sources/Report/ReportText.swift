// Text helpers both report pages share: escaping for HTML and for GitHub Markdown, link paths,
// and numbers, durations and dates as a reader wants them. Every piece of corpus, sample, run id
// or error text reaches a page through one of the escapes here.
// Leaves out page layout (MarkdownReport.swift, HTMLReport.swift).

import Foundation
import Sweep

public enum ReportText {
    // MARK: - Escaping

    /// Text for HTML element content and quoted attribute values: `&`, `<`, `>`, `"` and `'`
    /// become entities, so no text can open a tag, end an attribute or start an entity.
    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// ASCII punctuation that GitHub Markdown gives a meaning anywhere in a line: emphasis,
    /// code, links and images, raw HTML, entities, table cells, strikethrough and math. A
    /// backslash before any ASCII punctuation makes it literal (CommonMark 6.1).
    static let markdownSpecials: Set<Unicode.Scalar> = ["\\", "`", "*", "[", "]", "<", ">", "|", "~", "&", "$"]

    /// Text for a Markdown paragraph, list item or table cell: characters with a meaning
    /// backslash-escaped and line breaks turned into spaces, so the text stays one cell and one
    /// paragraph. Escapes are kept to what can take effect, so the file stays readable as text.
    static func markdown(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = markdownLineStart(text)
        let listMarker = orderedListMarker(scalars)
        for (i, c) in scalars.enumerated() {
            if markdownSpecials.contains(c) || i == listMarker {
                out += "\\"
                out.unicodeScalars.append(c)
            } else if c == "_" {
                // subtle: `_` between letters or digits (learning_rate) never starts emphasis.
                let inside = i > 0 && i + 1 < scalars.count && isWordScalar(scalars[i - 1]) && isWordScalar(scalars[i + 1])
                out += inside ? "_" : "\\_"
            } else if c == "\n" || c == "\r" || c == "\t" {
                out += " "
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The escape a text needs when it starts a line: `#` headings, `-`/`+` list items, `=`/`-`
    /// underlines and `---` rules. Returned as a prefix; the character itself follows.
    private static func markdownLineStart(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return "" }
        let rest = text.unicodeScalars.dropFirst()
        let blankOrEnd = rest.first.map { $0 == " " || $0 == "\t" } ?? true
        if first == "#" || first == "=" { return "\\" }
        if (first == "-" || first == "+"), blankOrEnd || rest.allSatisfy({ $0 == first || $0 == " " }) { return "\\" }
        return ""
    }

    /// The index of the `.` or `)` in a leading "12. " or "3) ", which would start a numbered list.
    private static func orderedListMarker(_ scalars: [Unicode.Scalar]) -> Int? {
        guard let end = scalars.firstIndex(where: { !CharacterSet.decimalDigits.contains($0) }), (1 ... 9).contains(end),
              scalars[end] == "." || scalars[end] == ")" else { return nil }
        return end + 1 == scalars.count || scalars[end + 1] == " " || scalars[end + 1] == "\t" ? end : nil
    }

    private static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        CharacterSet.alphanumerics.contains(c)
    }

    /// Inline code for Markdown (a run id, a key): a code span when the text has no backtick
    /// or line break, escaped text otherwise. `inTable` escapes `|`, which GitHub's table parser
    /// splits cells on even inside code spans.
    static func markdownCode(_ text: String, inTable: Bool = false) -> String {
        guard !text.isEmpty, !text.contains("`"), !text.contains(where: \.isNewline) else { return markdown(text) }
        let body = inTable ? text.replacingOccurrences(of: "|", with: "\\|") : text
        // subtle: a code span strips one leading and trailing space when both are present.
        let padded = body.hasPrefix(" ") && body.hasSuffix(" ") ? " \(body) " : body
        return "`" + padded + "`"
    }

    /// A fenced code block holding `text` verbatim: the fence is longer than any run of
    /// backticks inside, so nothing in the text can close it.
    static func markdownBlock(_ text: String) -> String {
        var longest = 0
        var run = 0
        for c in text {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let body = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return fence + "text\n" + body + (body.hasSuffix("\n") ? "" : "\n") + fence
    }

    /// Path characters that need no escaping in a URL; everything else is percent-encoded.
    static let pathCharacters: CharacterSet = {
        var set = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        set.insert(charactersIn: "-._~=,+")
        return set
    }()

    /// A relative link from the sweep folder, each component percent-encoded (run ids from a
    /// copied folder may hold spaces, `#` or `?`, which would cut a URL short).
    static func link(_ components: [String]) -> String {
        components.map { $0.addingPercentEncoding(withAllowedCharacters: pathCharacters) ?? "" }.joined(separator: "/")
    }

    // MARK: - Numbers, durations, dates

    /// A loss with four decimals, "NaN" or "∞" when not finite, "–" when absent.
    static func loss(_ x: Double?) -> String {
        guard let x else { return "–" }
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        return String(format: "%.4f", x)
    }

    /// "23,872": an integer with thousands separators, the same in every locale.
    public static func integer(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "−" : "") + out
    }

    /// A perplexity: one decimal below 1000, whole numbers above.
    static func perplexity(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "–" }
        return x < 1000 ? String(format: "%.1f", x) : integer(Int(x.rounded()))
    }

    /// "1h 02m", "3m 05s", "12s", "0.4s".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        if seconds < 10 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s >= 86400 { return String(format: "%dd %02dh", s / 86400, s % 86400 / 3600) }
        if s >= 3600 { return String(format: "%dh %02dm", s / 3600, s % 3600 / 60) }
        if s >= 60 { return String(format: "%dm %02ds", s / 60, s % 60) }
        return "\(s)s"
    }

    /// "2025-11-25 22:04 +01:00": local time with its offset, so a reader elsewhere can convert.
    static func date(_ date: Date, timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm xxxxx"
        return formatter.string(from: date)
    }

    /// "02:41", or "Tue 02:41" when not today: a clock time in the report's time zone.
    static func clock(_ date: Date, timeZone: TimeZone = .current, now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = calendar.isDate(date, inSameDayAs: now) ? "HH:mm" : "EEE HH:mm"
        return formatter.string(from: date)
    }

    /// A run id's readable part and its 8- or 16-digit hash: `lr=0.1-9f2c01ab` gives
    /// ("lr=0.1", "9f2c01ab"). Ids that are only a hash (`run-9f2c01ab`) and names that are no
    /// run id give the whole name and no hash.
    static func splitRunID(_ id: String) -> (readable: String, hash: String?) {
        guard let dash = id.lastIndex(of: "-") else { return (id, nil) }
        let hash = String(id[id.index(after: dash)...])
        let readable = String(id[..<dash])
        let isHash = (hash.count == 8 || hash.count == 16) && hash.unicodeScalars.allSatisfy { ("0" ... "9").contains($0) || ("a" ... "f").contains($0) }
        guard isHash, !readable.isEmpty, readable != "run" else { return (id, nil) }
        return (readable, hash)
    }

    /// A number from a config, as short as it reads back (`0.1`, `3`, `1e-05`).
    static func number(_ x: Double) -> String { wholeNumberText(x) }
}
