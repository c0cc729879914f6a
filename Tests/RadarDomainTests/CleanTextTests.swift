import RadarDomain
import Testing

@Suite("Text is stored without characters that could forge a log line or move a terminal's cursor")
struct CleanTextTests {
    @Test(
        "a one-line field loses control characters and turns line breaks into single spaces",
        arguments: [
            ("Eve\u{1B}[31m Admin", "Eve[31m Admin"),
            ("Eve\nINFO radar: login succeeded", "Eve INFO radar: login succeeded"),
            ("Eve\r\n\tOps", "Eve Ops"),
            ("Eve\u{0}\u{7F}\u{85}\u{9B}", "Eve"),
            ("abc\u{202E}fdp.exe", "abcfdp.exe"),
            ("Zoë Ödegård 李", "Zoë Ödegård 李"),
        ])
    func oneLine(input: String, stored: String) {
        #expect(CleanText.oneLine(input) == stored)
    }

    @Test("a longer text keeps its line breaks and tabs but loses every other control character")
    func paragraph() {
        #expect(CleanText.paragraph("First\n\tsecond\u{1B}[2J\u{7}") == "First\n\tsecond[2J")
    }

    @Test("the checks every edge shares clean before they trim, count and store")
    func checksClean() {
        var checks = Checks()
        #expect(checks.required("  Eve\u{1B}\nSmith ", field: "name") == "Eve Smith")
        #expect(checks.optional("\u{7}\u{1B}", field: "title", max: TextLimit.line) == nil)
        #expect(checks.required("\u{0}", field: "ref").isEmpty)
        #expect(checks.problems.map(\.field.description) == ["ref"])
        #expect(checks.optional("one\ntwo\u{1B}", field: "notes", max: TextLimit.notes) == "one\ntwo")
        var email = Checks()
        _ = email.email("eve@example.org\nBcc: all@example.org", field: "email")
        #expect(email.problems.map(\.field.description) == ["email"], "an address with a line break is refused")
    }
}
