// The per-run embedding figure (embeddings.png): every token's embedding projected on the two
// principal axes of the table, equal scale on both axes so distances read true, coloured by
// kind of token, with the most frequent tokens labelled where a label fits without collisions.
// Leaves out t-SNE/UMAP: PCA is linear, deterministic and its axes have a meaning.
import Foundation

/// The embedding table of one run, to be drawn as a PCA scatter plot.
public struct EmbeddingFigure: Sendable {
    /// Bold title at the top left, usually the run or sweep name.
    public var title: String
    /// Grey line under the title (key hyperparameters, counts); may be empty.
    public var subtitle: String
    /// The embedding table, row-major [V, E]: row v is token v's vector.
    public var embedding: [Float]
    /// E, the length of each embedding vector.
    public var dimension: Int
    /// The V token texts; whitespace is shown with visible symbols.
    public var tokens: [String]
    /// How often each token occurs (V counts) to label the most frequent first; empty for
    /// none known, in which case tokens are labelled in id order.
    public var frequencies: [Int]
    /// At most this many labels are attempted.
    public var maxLabels: Int
    /// Size, scale and fonts.
    public var style: FigureStyle

    /// A figure from its data; see the properties for what each input means.
    public init(
        title: String, subtitle: String = "", embedding: [Float], dimension: Int, tokens: [String],
        frequencies: [Int] = [], maxLabels: Int = 150, style: FigureStyle = FigureStyle()
    ) {
        self.title = title
        self.subtitle = subtitle
        self.embedding = embedding
        self.dimension = dimension
        self.tokens = tokens
        self.frequencies = frequencies
        self.maxLabels = maxLabels
        self.style = style
    }

    /// Draws the figure.
    public func render() throws -> Canvas {
        try draw().canvas
    }

    /// Draws the figure and returns the chart frame too, whose scales say where data went.
    func draw() throws -> (canvas: Canvas, frame: ChartFrame) {
        let V = tokens.count
        let E = dimension
        guard E >= 1 else {
            throw PlotError.invalidParameter(name: "EmbeddingFigure.dimension", value: "\(E)", expected: "at least 1")
        }
        guard embedding.count == V * E else {
            throw PlotError.shapeMismatch(what: "embedding table for \(V) tokens of dimension \(E)", expected: V * E, actual: embedding.count)
        }
        guard frequencies.isEmpty || frequencies.count == V else {
            throw PlotError.shapeMismatch(what: "token frequencies", expected: V, actual: frequencies.count)
        }
        var canvas = try style.makeCanvas()
        let m = style.metrics

        // Rows with a non-finite entry cannot be projected; they are left out of the fit and the plot.
        let finiteRows = (0..<V).filter { v in (0..<E).allSatisfy { embedding[v * E + $0].isFinite } }
        var matrix: [Double] = []
        matrix.reserveCapacity(finiteRows.count * E)
        for v in finiteRows {
            for c in 0..<E { matrix.append(Double(embedding[v * E + c])) }
        }
        let pca = try PCA(matrix: matrix, rows: finiteRows.count, columns: E, components: 2)
        let projected = pca.project(matrix, rows: finiteRows.count)
        let coordinates = projected.map { (x: $0.first ?? 0, y: $0.count > 1 ? $0[1] : 0) }
        let explained = pca.explainedFractions + [0, 0]
        func axisTitle(_ i: Int) -> String {
            i < pca.axes.count
                ? "principal component \(i + 1) (\(String(format: "%.1f", 100 * explained[i]))% of variance)"
                : "principal component \(i + 1) (none: the embedding has one dimension)"
        }

        let kinds = finiteRows.map { TokenKind(token: tokens[$0]) }
        let kindsPresent = TokenKind.allCases.filter { kinds.contains($0) }
        let legend = LegendSpec(
            title: "token",
            entries: kindsPresent.map { LegendEntry(label: $0.label, swatch: .marker($0.color, .circle)) })
        var spec = ChartSpec(
            title: title, subtitle: subtitle,
            // Denser x ticks than usual, so both axes of this equal-scale plot get similar steps.
            x: AxisSpec(title: axisTitle(0), values: coordinates.map(\.x), padding: 0.06, tickSpacing: 95),
            y: AxisSpec(title: axisTitle(1), values: coordinates.map(\.y), padding: 0.06),
            legend: kindsPresent.isEmpty ? nil : legend,
            occupied: coordinates.map { [$0] },
            emptyMessage: coordinates.isEmpty ? "no finite embedding rows to show" : nil)
        let base = canvas
        var frame = try ChartFrame.make(canvas: base, metrics: m, spec: spec)
        // subtle: on paper the frame may have moved to a taller canvas to hold its legend.
        canvas = frame.canvas
        // Equal scale on both axes: widen the range that has more pixels per unit. The legend
        // may move in or out when the ranges change, resizing the plot, so settle it in a few rounds.
        if !coordinates.isEmpty {
            let data = (x: ChartFrame.domain(of: spec.x), y: ChartFrame.domain(of: spec.y))
            for _ in 0..<3 {
                let unitsPerPixel = max((data.x.hi - data.x.lo) / frame.plot.width, (data.y.hi - data.y.lo) / frame.plot.height)
                guard unitsPerPixel > 0, unitsPerPixel.isFinite else { break }
                let cx = (data.x.hi + data.x.lo) / 2
                let cy = (data.y.hi + data.y.lo) / 2
                spec.x.domain = (cx - unitsPerPixel * frame.plot.width / 2, cx + unitsPerPixel * frame.plot.width / 2)
                spec.y.domain = (cy - unitsPerPixel * frame.plot.height / 2, cy + unitsPerPixel * frame.plot.height / 2)
                let previous = frame.plot
                frame = try ChartFrame.make(canvas: base, metrics: m, spec: spec)
                canvas = frame.canvas
                if frame.plot == previous { break }
            }
        }
        frame.drawGrid()
        // Origin lines: PCA centres the data, so (0, 0) is the mean embedding.
        let origin = frame.point(0, 0)
        if frame.plot.contains(Point(origin.x, frame.plot.midY)) {
            canvas.line(from: Point(origin.x, frame.plot.minY), to: Point(origin.x, frame.plot.maxY), width: m.gridWidth, color: Color(hex: 0xC4C4C4))
        }
        if frame.plot.contains(Point(frame.plot.midX, origin.y)) {
            canvas.line(from: Point(frame.plot.minX, origin.y), to: Point(frame.plot.maxX, origin.y), width: m.gridWidth, color: Color(hex: 0xC4C4C4))
        }

        let pixels = coordinates.map { frame.point($0.x, $0.y) }
        let radius = m.markerRadius * 0.9
        // Frequent tokens are drawn last, on top.
        let byFrequency = (0..<finiteRows.count).sorted { a, b in
            let fa = frequencies.isEmpty ? 0 : frequencies[finiteRows[a]]
            let fb = frequencies.isEmpty ? 0 : frequencies[finiteRows[b]]
            return fa != fb ? fa > fb : a < b
        }
        for i in byFrequency.reversed() {
            canvas.drawMarker(.circle, at: pixels[i], radius: radius, color: kinds[i].color.withAlpha(0.9), edgeWidth: 1.2 * m.scale, clip: frame.plot)
        }

        // Labels: most frequent first, never on top of each other or of other points.
        let labelSize = m.annotationSize
        let texts = byFrequency.prefix(max(0, maxLabels)).map { visibleToken(tokens[finiteRows[$0]]) }
        var requests: [LabelRequest] = []
        for (k, i) in byFrequency.prefix(texts.count).enumerated() {
            let w = try canvas.textWidth(texts[k], size: labelSize)
            requests.append(LabelRequest(anchor: pixels[i], width: w, height: labelSize * (Canvas.ascent + Canvas.descent)))
        }
        let placer = LabelPlacer(
            bounds: frame.plot.insetBy(4 * m.scale), points: pixels, pointRadius: radius + 1.5 * m.scale, gap: 3 * m.scale,
            blocked: frame.legendRect.map { [$0] } ?? [])
        let placed = placer.place(requests)
        for label in placed {
            let anchor = requests[label.index].anchor
            if label.needsLeader {
                let end = nearestBorderPoint(of: label.rect, to: anchor)
                let direction = end - anchor
                let length = direction.length
                if length > radius + 2 {
                    let start = anchor + direction * ((radius + 1.5 * m.scale) / length)
                    canvas.stroke([start, end], width: 1.1 * m.scale, color: Color(hex: 0x9A9A9A))
                }
            }
            try canvas.drawText(
                texts[label.index], at: Point(label.rect.minX, label.rect.minY + labelSize * Canvas.ascent), size: labelSize,
                color: Palette.ink)
        }
        try frame.drawAxes()
        try frame.drawLegend()
        return (canvas, frame)
    }
}

/// What a token is made of, for its marker colour.
enum TokenKind: CaseIterable {
    case letter, otherCharacter, whitespace, merged, special

    init(token: String) {
        if token.hasPrefix("<|") && token.hasSuffix("|>") && token.count > 4 {
            self = .special
        } else if !token.isEmpty && token.allSatisfy({ $0.isWhitespace }) {
            self = .whitespace
        } else if token.count == 1, let c = token.first {
            self = c.isLetter ? .letter : .otherCharacter
        } else {
            self = .merged
        }
    }

    var label: String {
        switch self {
        case .letter: return "letter"
        case .otherCharacter: return "digit, punctuation, symbol"
        case .whitespace: return "whitespace"
        case .merged: return "merge of several characters"
        case .special: return "special token"
        }
    }

    var color: Color {
        switch self {
        case .letter: return Palette.okabeIto[0]
        case .otherCharacter: return Palette.okabeIto[3]
        case .whitespace: return Palette.okabeIto[2]
        case .merged: return Palette.okabeIto[1]
        case .special: return Palette.okabeIto[6]
        }
    }
}
