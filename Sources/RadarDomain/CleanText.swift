/// Text as it is stored, whatever the edge it came through: control characters cannot forge a line in a log or
/// move a terminal's cursor when the record is printed. One-line fields (names, e-mails, titles, refs) turn line
/// breaks and tabs into single spaces; longer texts keep their line breaks and tabs. Every other control character
/// (C0, DEL, C1) and the invisible direction overrides that can make text read differently from what it holds are
/// removed.
public enum CleanText {
    /// `text` as one line.
    public static func oneLine(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isLineBreakOrTab(scalar) {
                pendingSpace = !result.isEmpty
                continue
            }
            guard !isRemoved(scalar) else { continue }
            if pendingSpace, scalar != " " { result.append(" ") }
            pendingSpace = false
            result.append(scalar)
        }
        return String(result)
    }

    /// `text` with its line breaks and tabs kept.
    public static func paragraph(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { isLineBreakOrTab($0) || !isRemoved($0) }))
    }

    static func isLineBreakOrTab(_ scalar: Unicode.Scalar) -> Bool {
        ["\n", "\r", "\t", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar)
    }

    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        // Bidirectional embeddings, overrides and isolates.
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
