// Two clocks that run beside a sweep: the deadline of `--until`, which asks the runs to stop,
// and the rewrite of the report pages every few minutes, so that someone looking at 2 a.m. sees
// the leaders so far and when the sweep should end.

import Dispatch
import Foundation
import Plot
import Report
import Sweep

/// Requests a stop at a given moment.
final class StopTimer: @unchecked Sendable {
    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var didFire = false

    init(at moment: Date, stop: StopSignal) {
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(wallDeadline: .now() + max(0, moment.timeIntervalSinceNow))
        timer.setEventHandler { [unowned self] in
            lock.lock()
            didFire = true
            lock.unlock()
            Terminal.status("deadline: stopping the runs in flight with a checkpoint, to write the report in time")
            stop.request()
        }
        timer.resume()
    }

    /// Whether the deadline came before the sweep ended.
    var fired: Bool {
        lock.lock()
        defer { lock.unlock() }
        return didFire
    }

    func cancel() { timer.cancel() }
}

/// Rewrites report.md and index.html every `every` seconds with the sweep's live status; the
/// sweep figures are redrawn only when runs have finished since the last time.
final class ReportRefresher: @unchecked Sendable {
    private let queue = DispatchQueue(label: "tinylab.report-refresher")
    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var finishedSinceLast = 0

    init(folder: URL, every seconds: Double, jobs: Int, style: FigureStyle, progress: SweepProgress) {
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + seconds, repeating: seconds)
        timer.setEventHandler { [unowned self] in
            let (done, total, left) = progress.status
            let redraw = takeFinished() > 0
            // subtle: a folder with no finished run yet has no report to show; wait for one.
            _ = try? ReportPages.finish(folder: folder, runFigures: .none, sweepFigures: redraw, jobs: 1,
                                        live: SweepReport.LiveStatus(done: done, total: total, secondsLeft: left), style: style)
        }
        timer.resume()
    }

    func runFinished() {
        lock.lock()
        finishedSinceLast += 1
        lock.unlock()
    }

    private func takeFinished() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let n = finishedSinceLast
        finishedSinceLast = 0
        return n
    }

    /// Stops the timer and waits for a rewrite in progress.
    func cancel() {
        timer.cancel()
        queue.sync {}
    }
}
