// Progress of a sweep on stderr. On a terminal: a line per active run (step, loss, speed) under
// an overall bar with the ETA and the clock time the sweep should finish, redrawn in place a few
// times a second. Otherwise (a log file, CI): one plain line per event — start, evaluation,
// finish — that reads well with timestamps added by whatever collects it.

import Foundation
import MLP
import Sweep

final class SweepProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let costs: [String: Double]
    private let total: Int
    private var done = 0
    private var doneCost = 0.0
    private var active: [(id: String, step: Int, steps: Int, loss: Double, speed: Double)] = []
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawnLines = 0
    private let live = Terminal.stderrIsTerminal

    init(runs: [PlannedRun]) {
        var costs: [String: Double] = [:]
        for run in runs {
            costs[run.id] = run.cost
        }
        self.costs = costs
        total = runs.count
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
            if !live { line("[\(done)/\(total)] start \(id)") }
        case .runProgress(let id, let step, let steps, let loss, let speed):
            if let i = active.firstIndex(where: { $0.id == id }) { active[i] = (id, step, steps, loss, speed) }
        case .runEvaluated(let id, let step, let trainLoss, let valLoss):
            if !live { line("\(id) " + String(format: "step %d  train %.4f  val %.4f", step, trainLoss, valLoss)) }
        case .runFinished(let id, let record):
            active.removeAll { $0.id == id }
            done += 1
            doneCost += costs[id] ?? 0
            line("[\(done)/\(total)] \(record.status.rawValue) \(id)" + describe(record))
        }
        if live { draw() }
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
        let runningCost = active.reduce(0.0) { $0 + (costs[$1.id] ?? 0) * Double($1.step) / Double(max($1.steps, 1)) }
        let allCost = costs.values.reduce(0, +)
        let fraction = allCost > 0 ? min(1, (doneCost + runningCost) / allCost) : 0
        let elapsed = Date().timeIntervalSince(start)
        let rate = (doneCost + runningCost) / max(elapsed, 1e-3)
        let eta = rate > 0 ? (allCost - doneCost - runningCost) / rate : .infinity
        let width = 30
        let filled = Int(fraction * Double(width))
        var status = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + "\(done)/\(total) runs"
        if eta.isFinite && fraction > 0.01 {
            let formatter = DateFormatter()
            formatter.dateFormat = "HH:mm"
            status += "  ETA " + formatDuration(eta) + " (done at " + formatter.string(from: Date().addingTimeInterval(eta)) + ")"
        }
        lines.append(status)
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
