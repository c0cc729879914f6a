/// Text bound for a CSV file, made safe to open in a spreadsheet and read back unchanged.
///
/// A spreadsheet runs a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, so a
/// name or fear typed as `=HYPERLINK(…)` could act on the machine of whoever opens an export. As OWASP advises,
/// such a cell is written with a leading apostrophe, which spreadsheets show as text. Plain numbers (`-3`) are left
/// alone. Reading reverses it exactly: a cell that already began with apostrophes before such a character gets one
/// more on the way out, so removing one on the way in gives back what was written.
public enum SpreadsheetCell {
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// The cell as it is written to a CSV file.
    public static func neutralised(_ text: String) -> String {
        guard !isPlainNumber(text), startsAFormula(text.drop(while: { $0 == "'" })) else { return text }
        return "'" + text
    }

    /// The text a neutralised cell stood for.
    public static func restored(_ cell: String) -> String {
        guard cell.hasPrefix("'"), startsAFormula(cell.drop(while: { $0 == "'" })) else { return cell }
        return String(cell.dropFirst())
    }

    static func startsAFormula(_ text: Substring) -> Bool {
        text.first.map(formulaStarts.contains) ?? false
    }

    static func isPlainNumber(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        return !digits.isEmpty && parts.count <= 2
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
