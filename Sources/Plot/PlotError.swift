// The one error type of the Plot module: every way drawing or writing a figure can fail on input.
// Messages say what failed, on what, and what to try next. Programmer errors (a negative line
// width passed by a figure) are not here; they cannot come from a user's data.
import Foundation

/// Everything that can go wrong while building, encoding or writing a figure.
public enum PlotError: Error, CustomStringConvertible, Equatable, Sendable {
    /// DejaVu Sans was not found in any of the searched directories.
    case fontNotFound(file: String, searched: [String])
    /// A canvas was asked for with a size libgd cannot allocate.
    case invalidSize(width: Int, height: Int)
    /// libgd could not allocate an image of this size.
    case imageAllocationFailed(width: Int, height: Int)
    /// FreeType (through libgd) refused to draw or measure a string.
    case textFailed(text: String, font: String, reason: String)
    /// zlib could not compress the image data of a PNG.
    case encodingFailed(width: Int, height: Int)
    /// Bytes given as PNG could not be decoded.
    case decodingFailed(byteCount: Int)
    /// Reading a file failed.
    case readFailed(path: String, reason: String)
    /// Writing or renaming a file failed.
    case writeFailed(path: String, reason: String)
    /// Parallel inputs of a figure disagree in length.
    case shapeMismatch(what: String, expected: Int, actual: Int)
    /// A figure was asked to use a swept axis that no run has.
    case unknownAxis(name: String, available: [String])
    /// A parameter is outside the range it must be in.
    case invalidParameter(name: String, value: String, expected: String)

    /// A readable form for messages and logs.
    public var description: String {
        switch self {
        case .fontNotFound(let file, let searched):
            return "font \(file) (DejaVu Sans) was not found; searched: \(searched.joined(separator: ", ")). "
                + "Install it with `apt-get install fonts-dejavu-core` (Debian/Ubuntu), "
                + "`dnf install dejavu-sans-fonts` (Fedora) or `brew install --cask font-dejavu` (macOS), "
                + "or pass its directory in FigureStyle.fontDirectories."
        case .invalidSize(let width, let height):
            return "cannot make a \(width) x \(height) px canvas: both sides must be between 1 and "
                + "\(Canvas.maximumSide) px; lower the figure size or its scale."
        case .imageAllocationFailed(let width, let height):
            return "libgd could not allocate a \(width) x \(height) px image; lower the figure size or its scale."
        case .textFailed(let text, let font, let reason):
            return "FreeType could not draw \(text.debugDescription) with \(font): \(reason). "
                + "Check that the font file is a readable TrueType font."
        case .encodingFailed(let width, let height):
            return "zlib could not compress the \(width) x \(height) px canvas as PNG (out of memory?); "
                + "lower the figure size or its scale."
        case .decodingFailed(let byteCount):
            return "\(byteCount) bytes could not be decoded as PNG; the file is truncated or not a PNG."
        case .readFailed(let path, let reason):
            return "could not read \(path): \(reason)."
        case .writeFailed(let path, let reason):
            return "could not write \(path): \(reason); check that the directory exists and is writable."
        case .shapeMismatch(let what, let expected, let actual):
            return "\(what): expected \(expected) values, got \(actual); the inputs must have matching lengths."
        case .unknownAxis(let name, let available):
            let list = available.isEmpty ? "none (no axis is swept)" : available.joined(separator: ", ")
            return "no swept axis is called \(name.debugDescription); swept axes: \(list)."
        case .invalidParameter(let name, let value, let expected):
            return "\(name) is \(value) but must be \(expected)."
        }
    }
}
