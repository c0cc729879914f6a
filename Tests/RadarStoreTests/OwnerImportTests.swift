import Foundation
import RadarStore
import RadarTestSupport
import Testing

@Suite("stakeholders.csv sets each person's HR owner by e-mail")
struct OwnerImportTests {
    /// A folder holding `text` as its stakeholders.csv.
    func folder(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("radar-owners-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try text.write(to: url.appendingPathComponent("stakeholders.csv"), atomically: true, encoding: .utf8)
        return url
    }

    @Test("an hr_owner column sets owners; an owner who is no HR user is refused by line and nothing is imported")
    func ownersByEmail() async throws {
        let org = try await TestDatabase.newOrganisation("owner-import")
        let owner = "hr-\(UUID().uuidString.prefix(8).lowercased())@x.test"
        let viewer = "viewer-\(UUID().uuidString.prefix(8).lowercased())@x.test"
        try await TestDatabase.addMember(owner, name: "Olive Owner", to: org.slug)
        try await TestDatabase.addMember(viewer, role: "viewer", to: org.slug)
        let header = "name,email,tier,role,hr_owner\n"
        let refused = try await radarArray(
            [
                "import",
                try folder(header + "Ann,ann@x.test,top_team,sponsor,\(owner)\nBen,ben@x.test,top_team,stakeholder,\(viewer)\n").path,
            ], org: org.slug)
        #expect(refused.exitCode == 2)
        #expect(refused.err.contains("stakeholders.csv:3: hr_owner: no HR user"), "\(refused.err)")
        #expect(try await radar("owners", "list", "--format", "csv", org: org.slug).out.contains("ann@x.test") == false)

        let imported = try await radarArray(
            ["import", try folder(header + "Ann,ann@x.test,top_team,sponsor,\(owner.uppercased())\nBen,ben@x.test,top_team,stakeholder,\n").path],
            org: org.slug)
        #expect(imported.exitCode == 0, "\(imported.err)")
        let listed = try await radar("owners", "list", "--format", "csv", org: org.slug).out
        #expect(listed.contains("ann@x.test,Ann,\(owner),Olive Owner"), "\(listed)")
        #expect(listed.contains("ben@x.test,Ben,,"), "\(listed)")
        // A blank owner in a later import leaves the one set.
        _ = try await radarArray(
            ["import", try folder(header + "Ann,ann@x.test,top_team,sponsor,\n").path], org: org.slug)
        #expect(try await radar("owners", "list", "--format", "csv", org: org.slug).out.contains("ann@x.test,Ann,\(owner)"))
    }
}
