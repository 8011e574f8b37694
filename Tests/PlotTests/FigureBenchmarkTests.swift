// The figure benchmark: it measures the three per-run figures and hands back PNGs that decode.
// Speed itself is not tested here (debug builds on a busy machine); `tinylab bench` reports it.
import Foundation
import Testing
@testable import Plot

@Test("the benchmark reports loss, embeddings and sample, each with its size and PNG bytes that decode to it")
func benchmarkMeasuresThreeFigures() throws {
    var written: [String: Data] = [:]
    let result = try FigureBenchmark(repeats: 1, style: smallStyle).run { name, png in written[name] = png }
    #expect(result.figures.map(\.name) == ["loss.png", "embeddings.png", "sample.png"])
    for figure in result.figures {
        let png = try #require(written[figure.name])
        #expect(png.count == figure.pngBytes)
        let decoded = try Canvas(pngData: png)
        #expect(decoded.width == figure.width && decoded.height == figure.height)
        #expect(figure.width == 480)
        #expect(figure.drawMilliseconds >= 0 && figure.encodeMilliseconds >= 0 && figure.firstMilliseconds > 0)
    }
    #expect(result.totalMilliseconds == result.figures.reduce(0) { $0 + $1.totalMilliseconds })
}

@Test("the synthetic data has the documented shape: 1000 steps, 21 evaluations, 256 x 8 table, 200 tokens")
func benchmarkDataShape() {
    let loss = FigureBenchmark.lossFigure()
    #expect(loss.train.count == 1000 && loss.validation.count == 21)
    let embedding = FigureBenchmark.embeddingFigure()
    #expect(embedding.tokens.count == 256 && embedding.dimension == 8 && embedding.embedding.count == 256 * 8)
    #expect(Set(embedding.tokens).count == 256)
    #expect(FigureBenchmark.sampleFigure().tokens.count == 200)
}
