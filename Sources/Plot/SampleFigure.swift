// The per-run sample figure (sample.png): generated text, each token drawn with opacity equal
// to the probability it had when sampled, on alternating tints that show where tokens begin
// and end. Lines wrap between words, newlines are shown as '↵'. At most `maxLines` lines: a
// longer sample is cut at a token boundary with '…' and a note, and no more text than could
// fit is measured. Leaves out right-to-left paragraph layout (tokens run left to right).
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
    /// At most this many lines of text; a longer sample is cut at a token boundary. Fewer
    /// lines are used when this many would make the image taller than ``Canvas/maximumSide``.
    public var maxLines: Int

    /// A figure from its data; see the properties for what each input means.
    public init(
        title: String, subtitle: String = "", prompt: String = "", tokens: [(text: String, probability: Double)],
        style: FigureStyle = FigureStyle(), maxLines: Int = 40
    ) {
        self.title = title
        self.subtitle = subtitle
        self.prompt = prompt
        self.tokens = tokens
        self.style = style
        self.maxLines = maxLines
    }

    /// Draws the figure.
    public func render() throws -> Canvas {
        guard maxLines >= 1 else {
            throw PlotError.invalidParameter(name: "SampleFigure.maxLines", value: "\(maxLines)", expected: "at least 1")
        }
        let fonts = try style.validatedFonts()
        let m = style.metrics
        let s = m.scale
        // The sample is the figure: larger than labels (27 px on screen, 9 pt on paper).
        let textSize = m.pointSize.map { 9 * $0 } ?? 27 * s
        let lineHeight = (textSize * 1.75).rounded()
        let noteHeight = (m.legendSize * 1.8).rounded()
        let left = m.padding
        // Measure on a one-pixel-high canvas; the real one's height depends on the layout.
        let scratch = try Canvas(width: style.pixelWidth, height: 1, fonts: fonts)
        let header = try ChartFrame.headerHeight(title: title, subtitle: subtitle, metrics: m, canvas: scratch)
        let textTop = (m.padding + header).rounded()
        let keyHeight = try self.keyHeight(canvas: scratch, metrics: m)
        // Everything but the text lines, with room for a note; the lines get what is left.
        let fixed = textTop + noteHeight + 34 * s + keyHeight + m.padding
        let lineLimit = max(1, min(maxLines, Int((Double(Canvas.maximumSide) - fixed) / lineHeight)))
        let text = try SampleText(
            prompt: prompt, tokens: tokens, lineWidth: Double(style.pixelWidth) - 2 * m.padding, lineLimit: lineLimit,
            textSize: textSize, canvas: scratch)
        let lines = text.lines

        let textHeight = Double(max(1, lines.count)) * lineHeight
        let noteTop = textTop + textHeight
        let keyTop = noteTop + (text.note == nil ? 0 : noteHeight) + 34 * s
        let height = Int((keyTop + keyHeight + m.padding).rounded(.up))
        let canvas = try style.makeCanvas(height: height)

        let tints = [Color(hex: 0xE6EEF7), Color(hex: 0xF6ECDC)]
        let ink = Palette.ink
        let promptColor = Palette.okabeIto[0]
        for (row, line) in lines.enumerated() {
            let top = textTop + Double(row) * lineHeight
            let baseline = top + lineHeight / 2 + textSize * Canvas.capHeight / 2
            var x = left
            for piece in line {
                let box = Rect(x: x.rounded(), y: top + 0.08 * lineHeight, width: (x + piece.width).rounded() - x.rounded(), height: lineHeight * 0.84)
                let color: Color
                switch piece.source {
                case .prompt: color = promptColor
                case .ellipsis: color = Palette.secondaryInk
                case .token(let i):
                    canvas.fill(box, color: tints[i % 2])
                    color = ink.withAlpha(piece.probability)
                }
                if piece.probability > 0 {
                    try canvas.drawText(piece.text, at: Point(x, baseline), size: textSize, color: color)
                }
                x += piece.width
            }
        }
        if lines.isEmpty {
            try canvas.drawText(
                "no tokens to show", at: Point(left, textTop + lineHeight / 2), size: textSize, color: Palette.secondaryInk,
                vertical: .middle)
        }
        if let note = text.note {
            try canvas.drawText(
                note, at: Point(left, noteTop + noteHeight / 2), size: m.legendSize, color: Palette.secondaryInk, vertical: .middle)
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
        let titleWidth = try canvas.textWidth("opacity = probability when sampled", size: m.legendSize)
        // As wide as it is on screen, narrower when the figure is (a paper column), never under 100 units.
        let barWidth = max(100 * s, min(320 * s, Double(canvas.width) - 2 * m.padding - titleWidth - 20 * s))
        let barHeight = 22 * s
        let rowHeight = barHeight + 14 * s + m.tickLabelSize * 1.2
        let title = "opacity = probability when sampled"
        let boundaries = "shades alternate at token boundaries"
        let swatch = 26 * s
        let boundariesWidth = try canvas.textWidth(boundaries, size: m.legendSize)
        let promptWidth = try canvas.textWidth("prompt", size: m.legendSize)
        // Each item: its width and how to draw it at (x, row top).
        var items: [(Double, (Double, Double) throws -> Void)] = []
        items.append((titleWidth + 20 * s + barWidth, { x, y in
            try canvas.drawText(title, at: Point(x, y + barHeight / 2), size: m.legendSize, color: Palette.ink, vertical: .middle)
            let bar = Rect(x: (x + titleWidth + 20 * s).rounded(), y: y.rounded(), width: barWidth.rounded(), height: barHeight.rounded())
            canvas.fillGradient(bar, vertical: false) { Palette.ink.over(.white, opacity: $0) }
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

// MARK: - Layout

/// The sample's lines, cut to `lineLimit` lines. The work is bounded before anything is
/// measured: at most `lineLimit` lines of the narrowest characters are split and measured, so a
/// sample of millions of characters costs no more than one that fills the figure.
struct SampleText {
    /// The pieces of each line, in order.
    var lines: [[Piece]]
    /// Says what was left out ("first 412 of 200,000 tokens shown"); nil when nothing was.
    var note: String?

    init(
        prompt: String, tokens: [(text: String, probability: Double)], lineWidth: Double, lineLimit: Int,
        textSize: Double, canvas: Canvas
    ) throws {
        // No character is narrower than a fifth of the text size (DejaVu's narrowest, 'i' and
        // 'l', are 0.28), so more characters than this cannot fit on the lines.
        var budget = lineLimit * Int((lineWidth / (0.2 * textSize)).rounded(.up))
        let promptScalars = prompt.unicodeScalars.prefix(budget)
        let promptCut = !prompt.unicodeScalars.dropFirst(budget).isEmpty
        budget -= promptScalars.count
        var promptPieces = split(String(String.UnicodeScalarView(promptScalars)), source: .prompt, probability: 1)
        if prompt.isEmpty { promptPieces = [] }
        // Whole tokens only, while the budget lasts.
        var tokenPieces: [[Piece]] = []
        for (i, token) in tokens.enumerated() {
            let length = token.text.unicodeScalars.prefix(budget + 1).count
            guard length <= budget else { break }
            budget -= length
            let p = token.probability.isFinite ? max(0, min(1, token.probability)) : 0
            tokenPieces.append(split(token.text, source: .token(i), probability: p))
        }
        func measure(_ text: String) throws -> Double { try canvas.textWidth(text, size: textSize) }
        for i in promptPieces.indices { promptPieces[i].width = try measure(promptPieces[i].text) }
        for t in tokenPieces.indices {
            for i in tokenPieces[t].indices { tokenPieces[t][i].width = try measure(tokenPieces[t][i].text) }
        }
        var ellipsis = Piece(text: "…", source: .ellipsis, probability: 1)
        ellipsis.width = try measure(ellipsis.text)

        /// The lines for the prompt and the first `count` measured tokens, stopping after one
        /// line too many.
        func layout(_ count: Int, ellipsis: Piece?) throws -> [[Piece]] {
            let pieces = promptPieces + tokenPieces.prefix(count).joined() + (ellipsis.map { [$0] } ?? [])
            return try wrap(pieces, width: lineWidth, maxLines: lineLimit, measure: measure)
        }
        lines = try layout(tokenPieces.count, ellipsis: nil)
        guard tokenPieces.count < tokens.count || promptCut || lines.count > lineLimit else {
            note = nil
            return
        }
        // The most tokens that fit with the ellipsis after them (more tokens never take fewer lines).
        var low = 0
        var high = tokenPieces.count
        while low < high {
            let middle = (low + high + 1) / 2
            if try layout(middle, ellipsis: ellipsis).count <= lineLimit { low = middle } else { high = middle - 1 }
        }
        lines = try layout(low, ellipsis: ellipsis)
        var promptShortened = promptCut
        if lines.count > lineLimit {
            // subtle: only a prompt longer than the figure gets here; cut it inside its last line.
            lines = Array(lines.prefix(lineLimit))
            var last = lines[lineLimit - 1]
            while var piece = last.popLast() {
                // Shorten the line's last piece a character at a time until the ellipsis fits.
                if !piece.breaksLine, last.reduce(0, { $0 + $1.width }) + piece.width + ellipsis.width <= lineWidth {
                    last.append(piece)
                    break
                }
                piece.text.removeLast()
                piece.breaksLine = false
                if !piece.text.isEmpty {
                    piece.width = try measure(piece.text)
                    last.append(piece)
                }
            }
            lines[lineLimit - 1] = last + [ellipsis]
            promptShortened = true
        }
        let total = grouped(tokens.count) + (tokens.count == 1 ? " token" : " tokens")
        if !promptShortened {
            note = "text cut: first \(grouped(low)) of \(total) shown"
        } else if tokens.isEmpty {
            note = "text cut: part of the prompt shown"
        } else {
            note = "text cut: part of the prompt and none of the \(total) shown"
        }
    }
}

/// A run of one token's text that stays on one line.
struct Piece {
    /// Where the text comes from, which decides its colour and tint.
    enum Source: Equatable {
        case prompt
        /// Sampled token number i.
        case token(Int)
        /// The '…' that ends a cut sample.
        case ellipsis
    }

    var text: String
    var source: Source
    var probability: Double
    var width: Double = 0
    /// Whether a line break follows (the token contained a newline here).
    var breaksLine = false
}

/// Cuts a token at its newlines; each newline is shown as '↵' and ends the line. Tabs and other
/// control characters get visible stand-ins; spaces stay spaces (the tints show them).
private func split(_ text: String, source: Piece.Source, probability: Double) -> [Piece] {
    var pieces: [Piece] = []
    var current = ""
    for scalar in text.unicodeScalars {
        if scalar == "\n" {
            pieces.append(Piece(text: current + "↵", source: source, probability: probability, breaksLine: true))
            current = ""
        } else if scalar == " " {
            current += " "
        } else {
            current += visibleToken(String(scalar))
        }
    }
    if !current.isEmpty || pieces.isEmpty { pieces.append(Piece(text: current, source: source, probability: probability)) }
    return pieces
}

/// Greedy line filling over words (runs of pieces between spaces); a word wider than a line
/// is broken between pieces, and a piece wider than a line between characters. Stops once it
/// has more than `maxLines` lines.
private func wrap(_ pieces: [Piece], width: Double, maxLines: Int, measure: (String) throws -> Double) throws -> [[Piece]] {
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
        if lines.count > maxLines { return lines }
        let wordWidth = word.reduce(0) { $0 + $1.width }
        if used + wordWidth > width, !line.isEmpty { newLine() }
        for piece in word {
            if used + piece.width > width, !line.isEmpty { newLine() }
            if piece.width > width {
                // subtle: a single piece longer than a line (a long run without spaces) is cut by
                // characters, each line taking the longest prefix that fits (found by bisection).
                var rest = Substring(piece.text)
                while !rest.isEmpty {
                    var fits = 1
                    var tooLong = rest.count + 1
                    while tooLong - fits > 1 {
                        let middle = (fits + tooLong) / 2
                        if try measure(String(rest.prefix(middle))) <= width { fits = middle } else { tooLong = middle }
                    }
                    var part = piece
                    part.text = String(rest.prefix(fits))
                    part.width = try measure(part.text)
                    rest = rest.dropFirst(fits)
                    part.breaksLine = rest.isEmpty && piece.breaksLine
                    line.append(part)
                    used += part.width
                    if !rest.isEmpty {
                        newLine()
                        if lines.count > maxLines { return lines }
                    }
                }
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

/// 200000 as "200,000".
private func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return out
}
