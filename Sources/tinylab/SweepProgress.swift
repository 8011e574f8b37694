// Progress of a sweep on stderr. On a terminal: a line per active run (step, loss, speed) under
// an overall bar with the ETA and the clock time the sweep should finish, redrawn in place a few
// times a second. Otherwise (a log file, a batch job): a line per started and finished run and a
// progress line (runs done, ETA) about once a minute, so a 1,000-run night writes a few thousand
// lines; evaluations too with --verbose. The ETA weighs each run by its estimated time
// (SweepEstimate) and corrects that by the speed the sweep actually shows.

import Foundation
import MLP
import Sweep

final class SweepProgress: @unchecked Sendable {
    private let lock = NSLock()
    /// Estimated seconds per training step of each run left to train, by id, and its steps.
    private let perStep: [String: Double]
    private let steps: [String: Int]
    /// Estimated seconds of all the training left: every run to its end, or the share of their
    /// steps a halving sweep trains.
    private var totalWork: Double
    private let halving: Bool
    private let jobs: Int
    private let total: Int
    private let verbose: Bool
    private let live = Terminal.stderrIsTerminal
    /// Runs that have ended (a run paused at a rung has not).
    private var done = 0
    /// The step each run has reached, and the step it had when this invocation first saw it train.
    private var reached: [String: Int] = [:]
    private var base: [String: Int] = [:]
    private var active: [(id: String, step: Int, steps: Int, loss: Double, speed: Double)] = []
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastLogLine = Date()
    private var drawnLines = 0
    /// The steps a halving sweep's current rung trains from and to.
    private var rung: (from: Int, to: Int)?
    /// Seconds between progress lines in a log.
    static let logInterval = 60.0

    init(runs: [PlannedRun], estimate: SweepEstimate, verbose: Bool) {
        perStep = estimate.perStep
        steps = Dictionary(runs.map { ($0.id, $0.config.training.steps) }, uniquingKeysWith: { a, _ in a })
        totalWork = estimate.perRun.values.reduce(0, +)
        halving = estimate.halving != nil
        jobs = max(1, estimate.jobs)
        total = runs.count
        self.verbose = verbose
    }

    func handle(_ event: SweepEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(let total, let done):
            self.done = done
            let left = total - done
            line(done == 0 ? "sweep: \(total) runs" : "sweep: \(total) runs, \(done) already done, \(left) to go")
        case .runStarted(let id):
            active.append((id, 0, 0, .nan, 0))
            // Where this invocation found the run: a halving run resumes at the rung before;
            // a run resumed from a checkpoint counts from 0 until it reports its step.
            let from = rung?.from ?? 0
            if base[id] == nil { base[id] = from }
            reached[id] = max(reached[id] ?? 0, from)
            if !live { line("[\(done)/\(total)] start \(id)") }
        case .runProgress(let id, let step, let steps, let loss, let speed):
            if let i = active.firstIndex(where: { $0.id == id }) { active[i] = (id, step, steps, loss, speed) }
            reached[id] = max(reached[id] ?? 0, step)
        case .runEvaluated(let id, let step, let trainLoss, let valLoss):
            if !live && verbose { line("\(id) " + String(format: "step %d  train %.4f  val %.4f", step, trainLoss, valLoss)) }
        case .rungStarted(let index, let count, let from, let step, let advancing, let stopping):
            rung = (from, step)
            var text = "rung \(index + 1) of \(count): \(advancing) run\(advancing == 1 ? "" : "s") to step \(step)"
            if stopping > 0 { text += ", \(stopping) not promoted to stop" }
            line(text)
                case .runWarning(_, let message):
            line("warning: " + message)
        case .runFinished(let id, let record):
            active.removeAll { $0.id == id }
            let steps = self.steps[id] ?? 0
            switch record.status {
            case .completed:
                reached[id] = steps
            case .paused:
                if let rung { reached[id] = max(reached[id] ?? 0, rung.to) }
            default:
                // subtle: the steps a run ended before (diverged, failed, out of patience) will not
                // be trained; under halving the share already leaves out the runs stopped at rungs.
                if !halving && record.status != .interrupted { totalWork -= (perStep[id] ?? 0) * Double(steps - (reached[id] ?? 0)) }
            }
            if record.status == .paused {
                // On a terminal the rung lines and the live block say as much.
                if !live { line("[\(done)/\(total)] paused \(id)" + (rung.map { " at step \($0.to)" } ?? "")) }
            } else {
                done += 1
                line("[\(done)/\(total)] \(record.status.rawValue) \(id)" + describe(record))
            }
        }
        if live {
            draw()
        } else if Date().timeIntervalSince(lastLogLine) >= Self.logInterval {
            line("progress: \(done)/\(total) runs done" + etaText())
        }
    }

    /// Runs done and estimated seconds left, for the report pages written during the sweep.
    var status: (done: Int, total: Int, secondsLeft: Double?) {
        lock.lock()
        defer { lock.unlock() }
        return (done, total, secondsLeft())
    }

    /// Estimated seconds of training done: by every run so far, and by this invocation.
    private var worked: (all: Double, now: Double) {
        var all = 0.0, now = 0.0
        for (id, step) in reached {
            let seconds = perStep[id] ?? 0
            all += seconds * Double(step)
            now += seconds * Double(step - (base[id] ?? step))
        }
        return (all, now)
    }

    /// Estimated seconds until the last run ends: the work left, at the rate the sweep has shown
    /// once it has shown one, else at the estimate's own rate of `jobs` runs at a time.
    private func secondsLeft() -> Double? {
        let worked = self.worked
        let left = max(0, totalWork - worked.all)
        let elapsed = Date().timeIntervalSince(start)
        // Estimated seconds of work per second of wall time: `jobs` if the estimate is right.
        let rate = worked.now > 0.05 * totalWork && elapsed > 10 ? worked.now / elapsed : Double(jobs)
        // subtle: at the end fewer runs than workers remain; the longest one in flight bounds it.
        let longest = halving ? 0 : active.map { (perStep[$0.id] ?? 0) * Double(max(0, $0.steps - $0.step)) }.max() ?? 0
        return max(left / max(rate, 1e-9), longest * Double(jobs) / max(rate, 1e-9))
    }

    private func etaText() -> String {
        guard let left = secondsLeft(), left.isFinite else { return "" }
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        return ", ETA " + formatDuration(left) + " (done at " + formatter.string(from: Date().addingTimeInterval(left)) + ")"
    }

    private func describe(_ record: RunRecord) -> String {
        if let v = record.results?.valLoss { return String(format: "  val %.4f", v) + "  " + formatDuration(record.results?.seconds ?? 0) }
        if let step = record.divergedAtStep { return "  at step \(step)" }
        if let e = record.error { return "  " + e }
        return ""
    }

    /// A permanent line: on a terminal it goes above the live block, which is then redrawn.
    private func line(_ text: String) {
        if live { clearLive() }
        Terminal.status(text)
        lastLogLine = Date()
    }

    private func clearLive() {
        guard drawnLines > 0 else { return }
        FileHandle.standardError.write(Data(("\u{1B}[\(drawnLines)A" + "\u{1B}[J").utf8))
        drawnLines = 0
    }

    private func draw() {
        guard Date().timeIntervalSince(lastDraw) > 0.2 || active.isEmpty else { return }
        lastDraw = Date()
        clearLive()
        var lines = active.map { run in
            run.steps == 0 ? "  \(run.id)  preparing"
                : "  \(run.id)  " + String(format: "step %d/%d  loss %.4f  %.0f ex/s", run.step, run.steps, run.loss, run.speed)
        }
        let fraction = totalWork > 0 ? min(1, worked.all / totalWork) : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        lines.append("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
                     + "\(done)/\(total) runs" + etaText().replacingOccurrences(of: ", ETA", with: "  ETA"))
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        drawnLines = lines.count
    }
}

/// Turns SIGINT and SIGTERM into a stop request: runs save checkpoints and the sweep ends as
/// `interrupted`; a second signal exits at once (every file is written atomically, so that is safe).
/// subtle: a batch system that cancels a job signals every process of it, and the job script passes
/// the signal on as well, so a repeat within two seconds counts as the same request.
final class SignalStopper: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(stop: StopSignal) {
        let first = FirstSignalTime()
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                let now = DispatchTime.now().uptimeNanoseconds
                if let earlier = first.value {
                    if now - earlier > 2_000_000_000 { exit(130) }
                    return
                }
                first.value = now
                stop.request()
                Terminal.status("stopping: saving checkpoints (send the signal again, after two seconds, to quit at once)")
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// When the first stop signal arrived; only touched from the signal sources' handlers.
private final class FirstSignalTime: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: UInt64?

    var value: UInt64? {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
