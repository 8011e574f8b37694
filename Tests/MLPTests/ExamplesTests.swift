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
        let (train, validation) = ValidationSplit(fraction: 0.1).examples(of: [Array(1 ... 10)], contextLength: 3)
        #expect(train.count == 9)
        #expect(validation.count == 2)
        #expect(validation.target(of: 0) == 10)
        #expect(validation.context(of: 1) == [8, 9, 10])
        #expect(validation.target(of: 1) == 0)
    }

    @Test("a shuffled split deals the documents in a fixed order, the same every time, before the same cut")
    func shuffled() {
        // 20 one-token documents give 2 examples each (the token and the end-of-text): 40 in all,
        // floor(40 * 0.75) = 30 train, 10 validate, i.e. the last 5 documents of the order.
        let documents: [[Int32]] = (1 ... 20).map { [Int32($0)] }
        let split = ValidationSplit(fraction: 0.25, mode: .shuffled)
        let order = split.ordered(documents)
        #expect(order != documents)
        #expect(order.sorted { $0[0] < $1[0] } == documents)
        #expect(split.ordered(documents) == order)
        let (train, validation) = split.examples(of: documents, contextLength: 1)
        #expect(train.count == 30 && validation.count == 10)
        let held = (0 ..< validation.count).map { validation.target(of: $0) }.filter { $0 != 0 }
        #expect(held == order.suffix(5).map { $0[0] })
        // The end split holds out the last documents of the corpus instead.
        let end = ValidationSplit(fraction: 0.25).examples(of: documents, contextLength: 1).validation
        #expect((0 ..< end.count).map { end.target(of: $0) }.filter { $0 != 0 } == [16, 17, 18, 19, 20])
        #expect(split.trainingCount(of: 40) == 30 && ValidationSplit(fraction: 0.1).trainingCount(of: 11) == 9)
    }
}
