import MLP
import Testing
@testable import Sweep

@Suite struct TimeEstimateTests {
    func run(steps: Int = 1000, evalEvery: Int = 250, train: Int = 900, validation: Int = 100) -> PlannedRun {
        var config = RunConfig()
        config.training.steps = steps
        config.training.evalEvery = evalEvery
        config.training.batchSize = 10
        return PlannedRun(id: "r", config: config, sample: SampleConfig(), swept: [], shape: config.shape(vocabularySize: 50),
                          trainingExamples: train, validationExamples: validation)
    }

    @Test("time per step is interpolated between measured shapes and scaled beyond them")
    func interpolation() {
        let speed = SpeedCalibration(points: [(flops: 300, secondsPerStep: 3), (flops: 100, secondsPerStep: 2)])
        #expect(speed.secondsPerStep(flops: 200) == 2.5)  // halfway between 2 and 3
        #expect(speed.secondsPerStep(flops: 600) == 6)    // twice the largest: twice its time
        #expect(speed.secondsPerStep(flops: 50) == 1)     // half the smallest: half its time
    }

    @Test("a run costs its steps plus a third of a step-example for each example evaluated")
    func oneRun() {
        let r = run()
        // 1 ms per step of 10 examples, so 0.1 ms per example. Evaluations at 0, 250, 500, 750 and
        // 1000: 5 x 2 x min(4096, 100) = 1000 examples, plus the final pass over 900 + 100 = 1000.
        // 1000 steps x 1 ms + 2000 examples x 0.1 ms / 3.
        let speed = SpeedCalibration(points: [(r.shape.trainingFLOPs(batchSize: 10), 0.001)])
        #expect(abs(estimatedSeconds(of: r, speed: speed) - (1.0 + 0.2 / 3)) < 1e-12)
    }

    @Test("runs are packed onto the parallel workers in the runner's order, largest first")
    func packing() {
        // Runs of 1, 1, 1, 3 steps at 1 s per step (no evaluation to speak of) on 2 workers. The
        // runner starts the largest first: worker A takes the 3, worker B the three 1s: 3 s. In
        // plan order it would be 4 s (A: 1, 1; B: 1, 3).
        let runs = [1, 1, 1, 3].map { run(steps: $0, evalEvery: 1000, train: 0, validation: 0) }
        #expect(PlannedRun.startOrder(Array(runs.indices), of: runs) == [3, 0, 1, 2])
        let speed = SpeedCalibration(points: [(runs[0].shape.trainingFLOPs(batchSize: 10), 1)])
        #expect(estimatedWallSeconds(of: runs, speed: speed, jobs: 2) == 3)
        #expect(estimatedWallSeconds(of: runs, speed: speed, jobs: 1) == 6)
        #expect(estimatedWallSeconds(of: runs, speed: speed, jobs: 8) == 3)
    }

    @Test("calibration times the cheapest and dearest shapes and finds a positive time per step")
    func calibration() throws {
        // The default shape at V = 50 (C*E*H + H*V = 8,320) against V 60, E 8, C 4, H 32 (2,944).
        let large = run(), small = PlannedRun(
            id: "small", config: large.config, sample: SampleConfig(), swept: [],
            shape: ModelShape(vocabularySize: 60, embeddingDim: 8, contextLength: 4, hiddenSize: 32),
            trainingExamples: 900, validationExamples: 100)
        let speed = try SpeedCalibration.measure(for: [large, small, large], budget: 0.02)
        let expected: [Double] = [176_640, 499_200]  // 6 x 10 x 2,944 and 6 x 10 x 8,320
        #expect(speed.points.map(\.flops) == expected)
        #expect(speed.points.allSatisfy { $0.secondsPerStep > 0 && $0.secondsPerStep.isFinite })
        // One shape measures one point, and the estimate scales it by FLOPs from there.
        let one = try SpeedCalibration.measure(for: [small, small], budget: 0.01)
        #expect(one.points.count == 1)
        let ratio = one.secondsPerStep(flops: 2 * one.points[0].flops) / one.points[0].secondsPerStep
        #expect(abs(ratio - 2) < 1e-12)
    }
}
