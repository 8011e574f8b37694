// The figures part of `tinylab bench`: CPU time to draw and encode the three per-run figures on
// one thread, from Plot's FigureBenchmark. Leaves out the sweep figures, which are drawn once
// per sweep rather than once per run.
import Files
import Foundation
import Plot

enum FigureBench {
    /// Measures the per-run figures at `style`'s size (recording SVG too with `--svg`) and
    /// formats one line per figure; with `directory`, the figures of the last repeat are written there too.
    static func report(repeats: Int, directory: String?, style: FigureStyle = FigureStyle()) throws -> String {
        let folder = directory.map { URL(fileURLWithPath: $0, isDirectory: true) }
        if let folder { try createFolder(folder) }
        let result = try FigureBenchmark(repeats: repeats, style: style).run { name, png in
            guard let folder else { return }
            try writeAtomically(png, to: folder.appendingPathComponent(name))
        }
        let size = (style.size.map { "the \($0.rawValue) size" } ?? "\(style.pixelWidth) px") + (style.recordsSVG ? ", recording SVG" : "")
        var lines = ["per-run figures at \(size), CPU ms on one thread, median of \(repeats):",
                     "  figure            size          draw    PNG   total     PNG bytes   first time"]
        for f in result.figures {
            lines.append(("  " + f.name).padding(toLength: 18, withPad: " ", startingAt: 0)
                + "\(f.width) x \(f.height)".padding(toLength: 12, withPad: " ", startingAt: 0)
                + String(format: "%7.1f %6.1f %7.1f %13d %12.1f", f.drawMilliseconds, f.encodeMilliseconds, f.totalMilliseconds,
                         f.pngBytes, f.firstMilliseconds))
        }
        let draw = result.figures.reduce(0) { $0 + $1.drawMilliseconds }
        let encode = result.figures.reduce(0) { $0 + $1.encodeMilliseconds }
        let bytes = result.figures.reduce(0) { $0 + $1.pngBytes }
        let first = result.figures.reduce(0) { $0 + $1.firstMilliseconds }
        lines.append("  all three".padding(toLength: 30, withPad: " ", startingAt: 0)
            + String(format: "%7.1f %6.1f %7.1f %13d %12.1f", draw, encode, result.totalMilliseconds, bytes, first))
        lines.append("  first time: the warm-up round, which opens the fonts and fills the glyph caches (not in the median).")
        if let folder { lines.append("  figures written to \(folder.path)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
