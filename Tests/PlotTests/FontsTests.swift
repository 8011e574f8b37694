// Fonts: DejaVu Sans is found where the set-up installs it, and its absence is a clear error.
import Foundation
import Testing
@testable import Plot

@Test("DejaVu Sans regular and bold are found in the default directories")
func findsDejaVu() throws {
    let fonts = try FontSet.locate()
    #expect(fonts.regular.hasSuffix("DejaVuSans.ttf"))
    #expect(fonts.bold.hasSuffix("DejaVuSans-Bold.ttf"))
}

@Test("a directory without the font gives fontNotFound that names it and says what to install")
func missingFontIsClear() throws {
    let empty = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: empty) }
    #expect {
        try FontSet.locate(in: [empty.path])
    } throws: { error in
        guard case PlotError.fontNotFound(let file, let searched) = error else { return false }
        let message = "\(error)"
        return file == "DejaVuSans.ttf" && searched == [empty.path] && message.contains(empty.path)
            && message.contains("apt-get install fonts-dejavu-core")
    }
}

@Test("a figure whose style points at a directory without fonts fails before drawing")
func figureWithMissingFont() throws {
    let empty = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: empty) }
    var style = smallStyle
    style.fontDirectories = [empty.path]
    let figure = LossFigure(title: "run", train: [(x: 0, y: 1)], validation: [], style: style)
    #expect(throws: PlotError.fontNotFound(file: "DejaVuSans.ttf", searched: [empty.path])) { try figure.render() }
}

@Test("a directory with only the regular face uses it for bold too")
func boldFallsBack() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let regular = try FontSet.locate().regular
    try FileManager.default.copyItem(atPath: regular, toPath: directory.appendingPathComponent("DejaVuSans.ttf").path)
    let fonts = try FontSet.locate(in: [directory.path])
    #expect(fonts.bold == fonts.regular)
}
