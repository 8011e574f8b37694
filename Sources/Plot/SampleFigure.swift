// The per-run sample figure (sample.png): generated text, each token drawn with opacity equal
// to the probability it had when sampled, on alternating tints that show where tokens begin
// and end. Lines wrap between words when possible, newlines are honoured and shown as '↵'.
// The height follows the text. Leaves out right-to-left paragraph layout (tokens run left to right).
import Foundation

/// A generated sample to draw as a strip of tokens.
public struct SampleFigure: Sendable {
    /// Bold title at the top left, usually the run or sweep name.
    public var title: String
    /// Grey line under the title (key hyperparameters, counts); may be empty.
    public var subtitle: String
    /// Text given to the model before sampling, drawn in blue at full opacity; may be empty.
    public var prompt: String
    /// The sampled tokens in order, each with the probability (0...1) it had when drawn.
    /// Probabilities outside 0...1 are clamped; a non-finite one counts as 0.
    public var tokens: [(text: String, probability: Double)]
    /// Uses `style.width` and `style.scale`; the height follows the text.
    public var style: FigureStyle

    /// A figure from its data; see the properties for what each input means.
    public init(
        title: String, subtitle: String = "", prompt: String = "", tokens: [(text: String, probability: Double)],
        style: FigureStyle = FigureStyle()
    ) {
        self.title = title
        self.subtitle = subtitle
        self.prompt = prompt
        self.tokens = tokens
        self.style = style
    }

    /// Draws the figure.
    public func render() throws -> Canvas {
        let fonts = try style.validatedFonts()
        let m = style.metrics
        let s = m.scale
        let width = Double(style.pixelWidth)
        let textSize = 27 * s
        let lineHeight = (textSize * 1.75).rounded()
        let left = m.padding
        let lineWidth = width - 2 * m.padding
        // Measure on a scratch canvas; the real one's height depends on the layout.
        let scratch = try Canvas(width: 1, height: 1, fonts: fonts)
        var pieces: [Piece] = []
        if !prompt.isEmpty { pieces += split(prompt, token: -1, probability: 1) }
        for (i, token) in tokens.enumerated() {
            let p = token.probability.isFinite ? max(0, min(1, token.probability)) : 0
            pieces += split(token.text, token: i, probability: p)
        }
        for i in pieces.indices { pieces[i].width = try scratch.textWidth(pieces[i].text, size: textSize) }
        let lines = try wrap(pieces, width: lineWidth, canvas: scratch, size: textSize)

        let header = ChartFrame.headerHeight(title: title, subtitle: subtitle, metrics: m)
        let textTop = (m.padding + header).rounded()
        let textHeight = Double(max(1, lines.count)) * lineHeight
        let keyTop = textTop + textHeight + 34 * s
        let keyHeight = try self.keyHeight(canvas: try Canvas(width: style.pixelWidth, height: 1, fonts: fonts), metrics: m)
        let height = Int((keyTop + keyHeight + m.padding).rounded(.up))
        let canvas = try Canvas(width: style.pixelWidth, height: height, fonts: fonts)

        let tints = [Color(hex: 0xE6EEF7), Color(hex: 0xF6ECDC)]
        let ink = Palette.ink
        let promptColor = Palette.okabeIto[0]
        for (row, line) in lines.enumerated() {
            let top = textTop + Double(row) * lineHeight
            let baseline = top + lineHeight / 2 + textSize * Canvas.capHeight / 2
            var x = left
            for piece in line {
                let box = Rect(x: x.rounded(), y: top + 0.08 * lineHeight, width: (x + piece.width).rounded() - x.rounded(), height: lineHeight * 0.84)
                if piece.token >= 0 { canvas.fill(box, color: tints[piece.token % 2]) }
                let color = piece.token < 0 ? promptColor : ink.withAlpha(piece.probability)
                if piece.probability > 0 {
                    try canvas.drawText(piece.text, at: Point(x, baseline), size: textSize, color: color)
                }
                x += piece.width
            }
        }
        if lines.isEmpty || pieces.isEmpty {
            try canvas.drawText(
                "no tokens to show", at: Point(left, textTop + lineHeight / 2), size: textSize, color: Palette.secondaryInk,
                vertical: .middle)
        }
        try drawHeader(canvas: canvas, title: title, subtitle: subtitle, metrics: m)
        try drawKey(on: canvas, top: keyTop, metrics: m, tints: tints, promptColor: promptColor)
        return canvas
    }

    /// The key: an opacity gradient from 0 to 1 with ticks, what the tints mean, and the
    /// prompt colour; items flow onto a second row when the figure is narrow.
    private func drawKey(on canvas: Canvas, top: Double, metrics m: Metrics, tints: [Color], promptColor: Color) throws {
        for item in try keyItems(canvas: canvas, metrics: m, tints: tints, promptColor: promptColor, top: top).placed {
            try item()
        }
    }

    /// The height the key needs at this width.
    func keyHeight(canvas: Canvas, metrics m: Metrics) throws -> Double {
        try keyItems(canvas: canvas, metrics: m, tints: [.white, .white], promptColor: .black, top: 0).height
    }

    private func keyItems(
        canvas: Canvas, metrics m: Metrics, tints: [Color], promptColor: Color, top: Double
    ) throws -> (placed: [() throws -> Void], height: Double) {
        let s = m.scale
        let barWidth = 320 * s
        let barHeight = 22 * s
        let rowHeight = barHeight + 14 * s + m.tickLabelSize * 1.2
        let title = "opacity = probability when sampled"
        let boundaries = "shades alternate at token boundaries"
        let swatch = 26 * s
        let titleWidth = try canvas.textWidth(title, size: m.legendSize)
        let boundariesWidth = try canvas.textWidth(boundaries, size: m.legendSize)
        let promptWidth = try canvas.textWidth("prompt", size: m.legendSize)
        // Each item: its width and how to draw it at (x, row top).
        var items: [(Double, (Double, Double) throws -> Void)] = []
        items.append((titleWidth + 20 * s + barWidth, { x, y in
            try canvas.drawText(title, at: Point(x, y + barHeight / 2), size: m.legendSize, color: Palette.ink, vertical: .middle)
            let bar = Rect(x: (x + titleWidth + 20 * s).rounded(), y: y.rounded(), width: barWidth.rounded(), height: barHeight.rounded())
            let steps = Int(bar.width)
            for i in 0..<steps {
                let t = (Double(i) + 0.5) / Double(steps)
                canvas.fill(Rect(x: bar.minX + Double(i), y: bar.minY, width: 1, height: bar.height), color: Palette.ink.over(.white, opacity: t))
            }
            let corners = [Point(bar.minX, bar.minY), Point(bar.maxX, bar.minY), Point(bar.maxX, bar.maxY), Point(bar.minX, bar.maxY)]
            canvas.stroke(corners + [corners[0]], width: 1 * s, color: Palette.spine)
            let ticks = [0, 0.25, 0.5, 0.75, 1.0]
            for (t, label) in zip(ticks, Ticks.labels(for: ticks)) {
                let px = bar.minX + t * bar.width
                canvas.line(from: Point(px, bar.maxY), to: Point(px, bar.maxY + 6 * s), width: m.spineWidth, color: Palette.spine)
                try canvas.drawText(
                    label, at: Point(px, bar.maxY + 12 * s), size: m.tickLabelSize, color: Palette.ink, horizontal: .center, vertical: .top)
            }
        }))
        items.append((2 * swatch + 12 * s + boundariesWidth, { x, y in
            for (i, tint) in tints.enumerated() {
                canvas.fill(Rect(x: (x + Double(i) * swatch).rounded(), y: y.rounded(), width: swatch.rounded(), height: barHeight.rounded()), color: tint)
            }
            try canvas.drawText(
                boundaries, at: Point(x + 2 * swatch + 12 * s, y + barHeight / 2), size: m.legendSize, color: Palette.ink, vertical: .middle)
        }))
        if !prompt.isEmpty {
            items.append((promptWidth, { x, y in
                try canvas.drawText("prompt", at: Point(x, y + barHeight / 2), size: m.legendSize, color: promptColor, vertical: .middle)
            }))
        }
        var placed: [() throws -> Void] = []
        var x = m.padding
        var y = top
        let right = Double(canvas.width) - m.padding
        for (width, draw) in items {
            if x > m.padding, x + width > right {
                x = m.padding
                y += rowHeight
            }
            let (px, py) = (x, y)
            placed.append { try draw(px, py) }
            x += width + 48 * s
        }
        return (placed, y - top + rowHeight)
    }
}

/// A run of one token's text that stays on one line.
private struct Piece {
    var text: String
    /// The token's index; -1 for the prompt.
    var token: Int
    var probability: Double
    var width: Double = 0
    /// Whether a line break follows (the token contained a newline here).
    var breaksLine = false
}

/// Cuts a token at its newlines; each newline is shown as '↵' and ends the line. Tabs and other
/// control characters get visible stand-ins; spaces stay spaces (the tints show them).
private func split(_ text: String, token: Int, probability: Double) -> [Piece] {
    var pieces: [Piece] = []
    var current = ""
    for scalar in text.unicodeScalars {
        if scalar == "\n" {
            pieces.append(Piece(text: current + "↵", token: token, probability: probability, breaksLine: true))
            current = ""
        } else if scalar == " " {
            current += " "
        } else {
            current += visibleToken(String(scalar))
        }
    }
    if !current.isEmpty || pieces.isEmpty { pieces.append(Piece(text: current, token: token, probability: probability)) }
    return pieces
}

/// Greedy line filling over words (runs of pieces between spaces); a word wider than a line
/// is broken between pieces, and a piece wider than a line between characters.
private func wrap(_ pieces: [Piece], width: Double, canvas: Canvas, size: Double) throws -> [[Piece]] {
    var lines: [[Piece]] = []
    var line: [Piece] = []
    var used = 0.0
    func newLine() {
        lines.append(line)
        line = []
        used = 0
    }
    // Words: a break is allowed before a piece starting with a space and after one ending with one.
    var words: [[Piece]] = []
    for piece in pieces {
        let startsWord = piece.text.hasPrefix(" ") || (words.last?.last.map { $0.text.hasSuffix(" ") || $0.breaksLine } ?? true)
        if startsWord || words.isEmpty { words.append([piece]) } else { words[words.count - 1].append(piece) }
    }
    for word in words {
        let wordWidth = word.reduce(0) { $0 + $1.width }
        if used + wordWidth > width, !line.isEmpty { newLine() }
        for piece in word {
            if used + piece.width > width, !line.isEmpty { newLine() }
            if piece.width > width {
                // subtle: a single piece longer than a line (a long run without spaces) is cut by characters.
                var chunk = ""
                for c in piece.text {
                    let w = try canvas.textWidth(chunk + String(c), size: size)
                    if w > width, !chunk.isEmpty {
                        var part = piece
                        part.text = chunk
                        part.width = try canvas.textWidth(chunk, size: size)
                        part.breaksLine = false
                        line.append(part)
                        newLine()
                        chunk = ""
                    }
                    chunk.append(c)
                }
                var last = piece
                last.text = chunk
                last.width = try canvas.textWidth(chunk, size: size)
                line.append(last)
                used += last.width
            } else {
                line.append(piece)
                used += piece.width
            }
            if piece.breaksLine { newLine() }
        }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
