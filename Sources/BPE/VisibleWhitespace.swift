// Shows token text to a person: whitespace and control characters become visible symbols, so a
// token "e " reads as 'e·' in a summary or a figure label. Display only: nothing here is parsed back.

/// Replaces whitespace and control characters with visible stand-ins: space '·', newline '↵',
/// tab '→', carriage return '␍', other C0 controls their Unicode control pictures, DEL '␡'.
public func makeWhitespaceVisible(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        out.append(visibleStandIn(for: scalar))
    }
    return String(out)
}

func visibleStandIn(for scalar: Unicode.Scalar) -> Unicode.Scalar {
    switch scalar.value {
    case 0x20: return "·"
    case 0x0A: return "↵"
    case 0x09: return "→"
    // U+2400 "SYMBOL FOR NULL" starts the Control Pictures block, laid out like C0.
    case 0x00..<0x20: return Unicode.Scalar(0x2400 + scalar.value) ?? scalar
    case 0x7F: return "␡"
    default: return scalar
    }
}
