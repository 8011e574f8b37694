import Testing
@testable import MLP

@Suite struct ExamplesTests {
    @Test("documents are padded with C end-of-text tokens and closed by one")
    func padding() {
        // C = 2, document [5, 6, 7] -> stream [0, 0, 5, 6, 7, 0]: four examples
        //   [0, 0] -> 5, [0, 5] -> 6, [5, 6] -> 7, [6, 7] -> 0
        let set = ExampleSet(documents: [[5, 6, 7]], contextLength: 2)
        #expect(set.count == 4)
        #expect((0 ..< 4).map { set.context(of: $0) } == [[0, 0], [0, 5], [5, 6], [6, 7]])
        #expect((0 ..< 4).map { set.target(of: $0) } == [5, 6, 7, 0])
    }

    @Test("contexts never reach across documents")
    func documentsAreSeparate() {
        // Second document [8] with C = 2: [0, 0] -> 8, [0, 8] -> 0.
        let set = ExampleSet(documents: [[5, 6], [8]], contextLength: 2)
        #expect(set.count == 5)
        #expect(set.context(of: 3) == [0, 0])
        #expect(set.target(of: 3) == 8)
        #expect(set.context(of: 4) == [0, 8])
    }

    @Test("the first floor(N * (1 - f)) examples train and the rest validate")
    func split() {
        // 10 tokens + 1 end-of-text = 11 examples; floor(11 * 0.9) = 9 train, 2 validate.
        let set = ExampleSet(documents: [Array(1 ... 10)], contextLength: 3)
        let (train, validation) = set.split(validationFraction: 0.1)
        #expect(train.count == 9)
        #expect(validation.count == 2)
        #expect(validation.target(of: 0) == 10)
        #expect(validation.context(of: 1) == [8, 9, 10])
        #expect(validation.target(of: 1) == 0)
    }
}
