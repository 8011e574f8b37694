// Where output goes: results to stdout, progress and errors to stderr, with live updating lines
// only when stderr is a terminal. Also the mapping from library errors to exit statuses:
// 2 for bad input (nothing was done), 1 for a failed run or I/O.

import ArgumentParser
import BPE
import Files
import Foundation
import MLP
import Plot
import Report
import Sweep

enum Terminal {
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1
    static let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1

    /// Writes a line (or, with `live`, an overwriting status line) to stderr.
    static func status(_ text: String, live: Bool = false) {
        let line = live ? "\r\u{1B}[2K" + text : (stderrIsTerminal ? "\r\u{1B}[2K" : "") + text + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Writes to stdout without a newline.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Runs `body`, turning library errors into a message on stderr and the documented exit status.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as SweepError {
        if case .invalidSpec(let problems) = error {
            let first = problems.first?.file ?? "the spec"
            let head = problems.count == 1 ? "error: " : "error: \(first) has \(problems.count) problems; nothing was run:\n"
            Terminal.status(head + error.description)
            throw ExitCode(2)
        }
        Terminal.status("error: \(error)")
        if case .io = error { throw ExitCode(1) }
        throw ExitCode(2)
    } catch let error as BPEError {
        Terminal.status("error: \(error)")
        switch error {
        case .unreadableFile, .unwritableFile: throw ExitCode(1)
        default: throw ExitCode(2)
        }
    } catch let error as MLPError {
        Terminal.status("error: \(error)")
        // A damaged or foreign file is an I/O failure; everything else is bad input.
        if case .safetensors = error { throw ExitCode(1) }
        throw ExitCode(2)
    } catch let error as FileError {
        Terminal.status("error: \(error)")
        // A folder in use is a refusal before anything was done; other file errors are I/O.
        if case .busy = error { throw ExitCode(2) }
        throw ExitCode(1)
    } catch let error as ReportError {
        Terminal.status("error: \(error)")
        throw ExitCode(2)
    } catch let error as PlotError {
        Terminal.status("error: \(error)")
        throw ExitCode(1)
    }
}

/// "1h 02m", "3m 05s", "12s": a duration as a person reads it.
func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "?" }
    let s = Int(seconds.rounded())
    if s >= 3600 { return String(format: "%dh %02dm", s / 3600, s % 3600 / 60) }
    if s >= 60 { return String(format: "%dm %02ds", s / 60, s % 60) }
    return "\(s)s"
}
