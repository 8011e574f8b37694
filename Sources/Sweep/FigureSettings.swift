// A spec's `figures` setting: the size a sweep's figures are drawn at (screen, or a paper's
// column or page at 300 dpi) and whether each run's figures also get SVG twins (the sweep's
// figures always have them). Flags of `tinylab run` and `report` override it.
// Leaves out drawing: Plot's FigureSize is the same list of sizes (a tinylab test holds them equal).

import JSON

/// How a spec asks for its figures; nil fields keep the command's defaults.
public struct FigureSettings: Sendable, Equatable {
    /// "screen", "column" or "page"; nil for the command's default (screen).
    public var size: String?
    /// Whether each run's figures are also written as SVG; nil for the command's default (no).
    public var svg: Bool?

    public init(size: String? = nil, svg: Bool? = nil) {
        self.size = size
        self.svg = svg
    }

    /// The sizes, as Plot's FigureSize names them.
    public static let sizes = ["screen", "column", "page"]
    /// "one of \"screen\", \"column\", \"page\"", for messages.
    static var expected: String { "one of " + sizes.map { "\"\($0)\"" }.joined(separator: ", ") }
    /// The keys of the `figures` object, with what each means (for the schema and Docs/SPEC.md).
    public static let keys: [(key: String, doc: String)] = [
        ("size", "Size of every figure: `screen` (1600 x 1000 px), `column` (3.5 x 2.6 in at 300 dpi, 8 pt tick labels) or `page` (7 x 4 in at 300 dpi)."),
        ("svg", "Also write each run's figures as SVG (loss.svg, embeddings.svg, sample.svg); the sweep's figures always have an SVG twin."),
    ]
}

extension SpecReader {
    /// The `figures` object: `size` one of the sizes, `svg` true or false.
    mutating func readFigures(_ value: JSONValue) -> FigureSettings {
        var settings = FigureSettings()
        guard let members = object(value, path: "figures", what: "`figures`") else { return settings }
        for member in members {
            let path = "figures.\(member.key)"
            switch (member.key, member.value.kind) {
            case ("size", .string(let size)) where FigureSettings.sizes.contains(size):
                settings.size = size
            case ("size", .string(let size)):
                let near = suggestion(for: size, among: FigureSettings.sizes).map { "; did you mean \"\($0)\"?" } ?? ""
                report(path, member.value.position, "expected \(FigureSettings.expected), found \"\(size)\"\(near)")
            case ("size", _):
                report(path, member.value.position, "expected \(FigureSettings.expected), found \(member.value.kindName) \(member.value.sourceSnippet)")
            case ("svg", .bool(let svg)):
                settings.svg = svg
            case ("svg", _):
                report(path, member.value.position, "expected true or false, found \(member.value.kindName) \(member.value.sourceSnippet)")
            default:
                unknownKey(member, path: "figures", level: "`figures`", valid: FigureSettings.keys.map(\.key), elsewhere: [])
            }
        }
        return settings
    }
}
