// Preparing text for libgd, which draws glyphs strictly left to right and has no complex-text
// layout here (it is built without libraqm): right-to-left runs are reversed so Hebrew reads
// correctly, and whitespace and control characters in tokens get visible stand-ins.
// Leaves out the full Unicode bidirectional algorithm and Arabic letter joining.
import Foundation

/// Whether a scalar belongs to a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko...).
func isRightToLeft(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
    default: return false
    }
}

/// `text` in display order for a left-to-right renderer, a small part of the Unicode
/// bidirectional algorithm: the paragraph direction is that of the first strong character;
/// runs of right-to-left characters are reversed by grapheme cluster (combining marks stay on
/// their letters) with brackets mirrored; neutrals between runs of different direction take the
/// paragraph direction; in a right-to-left paragraph the runs themselves are reversed.
func visualOrder(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isRightToLeft) else { return text }
    func direction(_ c: Character) -> Bool? {
        for s in c.unicodeScalars {
            if isRightToLeft(s) { return true }
            if s.properties.isAlphabetic || s.properties.numericType != nil { return false }
        }
        return nil  // neutral: spaces, punctuation
    }
    let characters = Array(text)
    let directions = characters.map(direction)
    let base = directions.compactMap { $0 }.first ?? false
    var runs: [(rtl: Bool, chars: [Character])] = []
    var pending: [Character] = []
    for (c, d) in zip(characters, directions) {
        guard let d else {
            pending.append(c)
            continue
        }
        if let last = runs.last {
            if last.rtl == d {
                runs[runs.count - 1].chars += pending + [c]
            } else if last.rtl == base {
                runs[runs.count - 1].chars += pending
                runs.append((d, [c]))
            } else {
                runs.append((d, pending + [c]))
            }
        } else {
            runs.append((d, pending + [c]))
        }
        pending = []
    }
    if !pending.isEmpty {
        if let last = runs.last, last.rtl == base {
            runs[runs.count - 1].chars += pending
        } else {
            runs.append((base, pending))
        }
    }
    let mirrored: [Character: Character] = ["(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<", "«": "»", "»": "«"]
    let ordered = base ? Array(runs.reversed()) : runs
    return ordered.map { run in
        run.rtl ? String(run.chars.reversed().map { mirrored[$0] ?? $0 }) : String(run.chars)
    }.joined()
}

/// A token's text with whitespace made visible: space as '␣', newline as '↵', tab as '→',
/// other control characters as their Unicode control pictures; empty text as '∅'.
public func visibleToken(_ text: String) -> String {
    if text.isEmpty { return "∅" }
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case " ": out += "␣"
        case "\n": out += "↵"
        case "\t": out += "→"
        case "\r": out += "␍"
        case "\u{A0}": out += "⍽"
        default:
            if scalar.value < 0x20 {
                out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value) ?? "?")
            } else if scalar.value == 0x7F {
                out += "␡"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}
