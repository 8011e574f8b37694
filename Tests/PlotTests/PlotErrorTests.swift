// Error messages: each says what failed, on what, and what to try next.
import Foundation
import Testing
@testable import Plot

@Test("error messages name the thing involved and a next step", arguments: zip(
    [
        PlotError.fontNotFound(file: "DejaVuSans.ttf", searched: ["/a"]),
        .invalidSize(width: 0, height: 5),
        .shapeMismatch(what: "token frequencies", expected: 10, actual: 9),
        .unknownAxis(name: "lr", available: ["learning_rate"]),
        .unknownAxis(name: "lr", available: []),
        .writeFailed(path: "/x/loss.png", reason: "No such file"),
        .invalidParameter(name: "LossFigure.smoothing", value: "1.5", expected: "in [0, 1)"),
    ],
    [
        ["DejaVuSans.ttf", "/a", "apt-get install fonts-dejavu-core"],
        ["0 x 5", "scale"],
        ["token frequencies", "10", "9"],
        ["\"lr\"", "learning_rate"],
        ["no axis is swept"],
        ["/x/loss.png", "No such file", "writable"],
        ["LossFigure.smoothing", "1.5", "[0, 1)"],
    ]))
func messages(error: PlotError, fragments: [String]) {
    for fragment in fragments { #expect(error.description.contains(fragment), "\(error) lacks \(fragment)") }
}
