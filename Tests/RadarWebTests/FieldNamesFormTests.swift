import Foundation
import HummingbirdTesting
import RadarAccess
import RadarStore
@testable import RadarWeb
import Testing

@Suite("The record form shows a problem the store found beside the input it concerns")
struct FieldNamesFormTests {
    /// The text of the form's field whose label is `for`, up to the end of its block.
    func block(_ page: String, for input: String) throws -> Substring {
        let start = try #require(page.range(of: "<label for=\"\(input)\">"))
        let end = try #require(page.range(of: "</div>", range: start.upperBound..<page.endIndex))
        return page[start.lowerBound..<end.lowerBound]
    }

    @Test("an unknown initiator is shown at 'Who initiated it', a fear typed in the second row at that row's person")
    func storeProblemsSitBesideTheirInputs() async throws {
        let fixture = try await WebFixture.make("form-fields")
        try await PageTestData.addPeople(fixture)
        let browser = try await fixture.signIn(fixture.hr)
        try await fixture.withClient { client in
            let form: [(String, String)] = [
                ("_csrf", browser.csrf), ("form_id", WebSessions.randomToken()), ("occurred_on", "2026-03-03"),
                ("occurred_time", "14:30"), ("kind", "one_to_one"), ("initiated_by", "ghost@example.org"),
                ("p0_email", PageTestData.ada), ("p0_attendance", "attended"),
                ("f0_email", ""), ("f0_category", ""), ("f0_statement", ""),
                ("f1_email", "nobody@example.org"), ("f1_category", "time"), ("f1_statement", "No time for it"),
            ]
            let answer = try await client.page(.post, "/conversations/new", as: browser, form: form)
            #expect(answer.status == 422)
            let initiator = try block(answer.text, for: "initiated_by")
            #expect(initiator.contains("class=\"error\">initiated by: no stakeholder with e-mail"), "\(initiator)")
            let secondFear = try block(answer.text, for: "f1_email")
            #expect(secondFear.contains("class=\"error\">fear 2: no stakeholder with e-mail"), "\(secondFear)")
            #expect(try !block(answer.text, for: "f0_email").contains("class=\"error\""))
            for spelling in ["initiatedBy", "initiated-by", "fears[", "fear.email"] {
                #expect(!answer.text.contains(spelling), "the form has no field spelled \(spelling)")
            }
        }
        #expect(try await fixture.inOrganisation { try Conversations($0).list() }.isEmpty)
    }
}
