// The time estimate: interpolation between measured shapes, a run's parts added up as worked out
// by hand, packing in the runner's order, and a calibration that measures what it says it does.

import Foundation
import TestFolders
import MLP
import Testing
@testable import Sweep

@Suite struct TimeEstimateTests {
    func run(steps: Int = 1000, evalEvery: Int = 250, train: Int = 900, validation: Int = 100, tokens: Int = 0) -> PlannedRun {
        var config = RunConfig()
        config.training.steps = steps
        config.training.evalEvery = evalEvery
        config.training.batchSize = 10
        return PlannedRun(id: "r\(steps)", config: config, sample: SampleConfig(tokens: tokens), swept: [],
                          shape: config.shape(vocabularySize: 50), trainingExamples: train, validationExamples: validation)
    }

    @Test("time per step is interpolated between measured shapes and scaled beyond them")
    func interpolation() {
        let speed = SpeedCalibration(training: [(flops: 300, seconds: 3), (flops: 100, seconds: 2)])
        #expect(speed.secondsPerStep(flops: 200) == 2.5)  // halfway between 2 and 3
        #expect(speed.secondsPerStep(flops: 600) == 6)    // twice the largest: twice its time
        #expect(speed.secondsPerStep(flops: 50) == 1)     // half the smallest: half its time
    }

    @Test("a run costs its steps, its evaluated examples, its sample, its fixed part and its figures")
    func oneRun() {
        let r = run(tokens: 20)
        let forward = r.shape.trainingFLOPs(batchSize: 1) / 3
        // 1 ms per step, 0.05 ms per evaluated example, 0.2 ms per sampled token, 30 ms of files,
        // 70 ms of figures. Evaluations at 0, 250, 500, 750 and 1000: 5 x (100 + 100) = 1000
        // examples, plus the final pass over 900 + 100 = 1000: 2000 x 0.05 ms = 0.1 s.
        let speed = SpeedCalibration(training: [(r.shape.trainingFLOPs(batchSize: 10), 0.001)], evaluation: [(forward, 0.000_05)],
                                     sampling: [(forward, 0.000_2)], perRun: 0.03, afterRun: 0.07)
        #expect(abs(estimatedSeconds(of: r, speed: speed) - (1.0 + 0.1 + 0.004 + 0.03 + 0.07)) < 1e-12)
    }

    @Test("runs are packed onto the parallel workers in the runner's order, largest first")
    func packing() {
        // Runs of 1, 1, 1, 3 steps at 1 s per step (no evaluation to speak of) on 2 workers. The
        // runner starts the largest first: worker A takes the 3, worker B the three 1s: 3 s. In
        // plan order it would be 4 s (A: 1, 1; B: 1, 3).
        let runs = [1, 1, 1, 3].map { run(steps: $0, evalEvery: 1000, train: 0, validation: 0) }
        #expect(PlannedRun.startOrder(Array(runs.indices), of: runs) == [3, 0, 1, 2])
        let speed = SpeedCalibration(training: [(runs[0].shape.trainingFLOPs(batchSize: 10), 1)])
        #expect(estimatedWallSeconds(of: runs, speed: speed, jobs: 2) == 3)
        #expect(estimatedWallSeconds(of: runs, speed: speed, jobs: 1) == 6)
        #expect(estimatedWallSeconds(of: runs, speed: speed, jobs: 8) == 3)
    }

    @Test("calibration times the cheapest and dearest shapes' training, evaluation and sampling, and one run's files")
    func calibration() throws {
        // The default shape at V = 50 (C*E*H + H*V = 8,320) against V 60, E 8, C 4, H 32 (2,944).
        let folder = try temporaryDirectory()
        let corpus = folder.appendingPathComponent("c.txt")
        try Data(String(repeating: "the cat sat on the mat. ", count: 40).utf8).write(to: corpus)
        var large = run()
        large.config.corpus = corpus.path
        large.config.model.vocabularySize = 20
        let small = PlannedRun(
            id: "small", config: large.config, sample: SampleConfig(), swept: [],
            shape: ModelShape(vocabularySize: 60, embeddingDim: 8, contextLength: 4, hiddenSize: 32),
            trainingExamples: 900, validationExamples: 100)
        let speed = try SpeedCalibration.measure(for: [large, small, large], jobs: 2, tokenizers: TokenizerCache(), budget: 0.02)
        let expected: [Double] = [176_640, 499_200]  // 6 x 10 x 2,944 and 6 x 10 x 8,320
        #expect(speed.training.map(\.flops) == expected)
        // Evaluation and sampling are placed by the forward FLOPs of one example: a 60th of a step of 10.
        #expect(speed.evaluation.map(\.flops) == expected.map { $0 / 30 })
        #expect(speed.sampling.map(\.flops) == expected.map { $0 / 30 })
        for point in speed.training + speed.evaluation + speed.sampling { #expect(point.seconds > 0 && point.seconds.isFinite) }
        #expect(speed.perRun > 0 && speed.perRun.isFinite && speed.afterRun == 0)
        // One shape measures one point, and the estimate scales it by FLOPs from there.
        let one = try SpeedCalibration.measure(for: [small, small], budget: 0.01)
        #expect(one.training.count == 1 && one.perRun == 0)
        let ratio = one.secondsPerStep(flops: 2 * one.training[0].flops) / one.training[0].seconds
        #expect(abs(ratio - 2) < 1e-12)
    }
}
