// SVG figures placed inside index.html, so a browser names each curve when the pointer rests on
// it. The files come from disk, so one is inlined only when it holds nothing but what Plot's
// SVG recorder writes: its elements, its attributes, quoted values without scripts or links
// out, and escaped text. Anything else (a hand-edited or foreign file) is shown as an <img>,
// where a browser never runs what it contains. Leaves out general SVG sanitising.

import Foundation

enum InlineSVG {
    /// The elements Plot writes.
    static let elements: Set<String> = ["svg", "defs", "clipPath", "linearGradient", "stop", "rect", "path", "circle", "text", "g", "title"]

    /// The attributes Plot writes.
    static let attributes: Set<String> = [
        "xmlns", "width", "height", "viewBox", "font-family", "id", "x", "y", "x1", "y1", "x2", "y2", "offset", "stop-color",
        "d", "cx", "cy", "r", "fill", "fill-opacity", "stroke", "stroke-opacity", "stroke-width", "stroke-linecap",
        "stroke-linejoin", "stroke-dasharray", "clip-path", "font-size", "font-weight", "text-anchor", "transform",
        "direction", "unicode-bidi", "style",
    ]

    /// The SVG element, when the text is one (as Plot writes it, from its first character) that
    /// passes the checks above; nil otherwise.
    static func checked(_ text: String) -> String? {
        guard text.hasPrefix("<svg ") else { return nil }
        let svg = Substring(text)
        var scalars = Array(svg.unicodeScalars)[...]
        var depth = 0
        var sawRoot = false
        while let open = scalars.firstIndex(of: "<") {
            // Text between tags: entities only, no markup.
            scalars = scalars[(open + 1)...]
            guard let close = scalars.firstIndex(of: ">") else { return nil }
            var tag = String(String.UnicodeScalarView(scalars[..<close]))
            scalars = scalars[(close + 1)...]
            if tag.hasPrefix("/") {
                guard elements.contains(String(tag.dropFirst())) else { return nil }
                depth -= 1
                if depth == 0 { break }
                continue
            }
            let selfClosing = tag.hasSuffix("/")
            if selfClosing { tag.removeLast() }
            guard let (name, pairs) = parse(tag), elements.contains(name) else { return nil }
            if !sawRoot {
                guard name == "svg" else { return nil }
                sawRoot = true
            }
            for (attribute, value) in pairs {
                guard attributes.contains(attribute), isSafe(value, of: attribute) else { return nil }
            }
            if !selfClosing { depth += 1 }
        }
        // Everything up to the root's end tag, which must close every element it opened.
        guard sawRoot, depth == 0 else { return nil }
        let consumed = svg.unicodeScalars.count - scalars.count
        return String(String.UnicodeScalarView(svg.unicodeScalars.prefix(consumed)))
    }

    /// A tag's name and its `name="value"` attributes; nil when it is anything else.
    private static func parse(_ tag: String) -> (String, [(String, String)])? {
        var rest = Substring(tag)
        let name = rest.prefix { !$0.isWhitespace }
        rest = rest.dropFirst(name.count)
        var pairs: [(String, String)] = []
        while true {
            rest = rest.drop { $0 == " " || $0 == "\n" }
            if rest.isEmpty { break }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let attribute = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
            guard rest.first == "\"" else { return nil }
            rest = rest.dropFirst()
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            pairs.append((attribute, String(rest[..<end])))
            rest = rest[rest.index(after: end)...]
        }
        return name.isEmpty ? nil : (String(name), pairs)
    }

    /// Values that cannot load or run anything: references only to this document's own ids,
    /// and a style that only sets white-space.
    private static func isSafe(_ value: String, of attribute: String) -> Bool {
        if attribute == "style" { return value == "white-space:pre" }
        let lowered = value.lowercased()
        if lowered.contains("url(") {
            return lowered.hasPrefix("url(#") && lowered.hasSuffix(")") && !lowered.dropFirst(5).contains("(")
        }
        return !lowered.contains("javascript:") && !lowered.contains("<")
    }
}
