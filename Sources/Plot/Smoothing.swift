// Smoothing for noisy per-step training loss: an exponential moving average with the bias
// correction Adam uses, so the first points are not dragged towards zero. Leaves out
// time-aware smoothing for unevenly spaced steps; training loss is logged at every step.
import Foundation

/// The exponential moving average of `values`, bias-corrected as in Adam (Kingma & Ba 2015,
/// Algorithm 1): s_0 = 0, s_t = beta * s_{t-1} + (1 - beta) * x_t, returned as
/// s_t / (1 - beta^t). The correction makes the result an average with weights summing to 1,
/// so the first value is x_1 itself rather than (1 - beta) * x_1.
///
/// Non-finite values are skipped: their slot is NaN and they neither move the average nor
/// advance t. `beta` is clamped to 0...0.9999; 0 returns the values unchanged.
public func debiasedEMA(_ values: [Double], beta: Double) -> [Double] {
    let beta = beta.isFinite ? max(0, min(0.9999, beta)) : 0
    var s = 0.0
    var correction = 1.0  // beta^t
    var out: [Double] = []
    out.reserveCapacity(values.count)
    for x in values {
        guard x.isFinite else {
            out.append(.nan)
            continue
        }
        s = beta * s + (1 - beta) * x
        correction *= beta
        out.append(s / (1 - correction))
    }
    return out
}

/// A smoothing factor for `count` points: beta = 1 - 100 / count, kept in 0...0.99, so the
/// average spans about 1% of the run (beta 0.98 for 5000 steps, 0.9 for 1000, none up to 100).
/// A longer window would smooth more but lag visibly behind a falling loss.
public func automaticSmoothing(count: Int) -> Double {
    guard count > 100 else { return 0 }
    return max(0, min(0.99, 1 - 100 / Double(count)))
}
