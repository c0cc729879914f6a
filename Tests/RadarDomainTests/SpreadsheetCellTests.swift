import RadarDomain
import Testing

@Suite("Cells made safe for spreadsheets")
struct SpreadsheetCellTests {
    @Test("a cell that would start a formula gets an apostrophe; other text and plain numbers do not")
    func neutralisesFormulaStarts() {
        #expect(SpreadsheetCell.neutralised("=1+1") == "'=1+1")
        #expect(SpreadsheetCell.neutralised("+44 20") == "'+44 20")
        #expect(SpreadsheetCell.neutralised("-drop it") == "'-drop it")
        #expect(SpreadsheetCell.neutralised("@SUM(A1)") == "'@SUM(A1)")
        #expect(SpreadsheetCell.neutralised("\tcmd") == "'\tcmd")
        #expect(SpreadsheetCell.neutralised("\rcmd") == "'\rcmd")
        #expect(SpreadsheetCell.neutralised("'=x") == "''=x")
        for kept in ["Ada", "", "-3", "+12", "-0.5", "a=b", "'quoted", "2026-03-01"] {
            #expect(SpreadsheetCell.neutralised(kept) == kept)
        }
    }

    @Test("reading a neutralised cell gives back exactly what was written")
    func restoringReversesNeutralising() {
        let samples = [
            "=1+1", "'=1+1", "''=1+1", "-3", "'-3", "-x", "'", "''", "'quoted", "+", "@", "\t", "plain", "",
            "=HYPERLINK(\"https://example.org\")", "'hello", "-", "--", "-.5", "1.2.3", "-1.",
        ]
        for text in samples {
            #expect(SpreadsheetCell.restored(SpreadsheetCell.neutralised(text)) == text, "\(text)")
        }
    }
}
