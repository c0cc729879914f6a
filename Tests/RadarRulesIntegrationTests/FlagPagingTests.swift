import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore
import RadarTestSupport
import Testing

@Suite("Flags read a page at a time")
struct FlagPagingTests {
    static let firstCheck = ISO8601DateFormatter().date(from: "2026-03-13T12:00:00Z")!

    /// The order the API listed flags in when it sorted them in memory: the most severe first, then the first
    /// raised, then by id.
    static func listOrder(_ flags: [Flag]) -> [Flag] {
        flags.sorted {
            ($0.severity, $1.firstRaisedAt, $1.id.uuidString) > ($1.severity, $0.firstRaisedAt, $0.id.uuidString)
        }
    }

    @Test("walking flags three at a time gives each once, the most severe first, ties on severity and instant by id")
    func flagsWalkInTheListsOrder() async throws {
        let org = try await TestDatabase.newOrganisation("walk-flags", timeZone: "Europe/London")
        let (all, walked, severe, walkedSevere) = try await TestDatabase.shared().inOrganisation(
            org.slug, actor: "test"
        ) { tx in
            let people = Stakeholders(tx)
            // Silent leaders, raised together by one check, then more by a later one: many ties.
            for index in 0..<6 {
                try people.add(StakeholderDraft(name: "Leader \(index)", email: "l\(index)@x.test", tier: "top_team"))
            }
            let book = FlagBook(tx)
            try book.check(asOf: Self.firstCheck)
            for index in 6..<9 {
                try people.add(StakeholderDraft(name: "Leader \(index)", email: "l\(index)@x.test", tier: "top_team"))
            }
            try book.check(asOf: Self.firstCheck.addingTimeInterval(86_400.000_123))
            let unresolved = Self.listOrder(try book.all().filter { $0.status != .resolved })
            let severe = unresolved.filter { $0.severity >= .medium }
            return (
                unresolved, try walkPages(limit: 3) { try book.list(page: $0) },
                severe, try walkPages(limit: 2) { try book.list(.init(minimumSeverity: .medium), page: $0) }
            )
        }
        #expect(all.count > 9)
        #expect(Set(all.map(\.firstRaisedAt)).count == 2, "two checks, so ties on the instant")
        #expect(walked.items.map(\.id) == all.map(\.id))
        #expect(walkedSevere.items.map(\.id) == severe.map(\.id))
    }

    @Test("a cursor of another shape is refused naming `cursor`")
    func aForgedCursorIsRefused() async throws {
        let org = try await TestDatabase.newOrganisation("forged-flags")
        let forged = PageCursor(key: ["-3", "not-an-instant", UUID().uuidString])
        let fields = try await TestDatabase.shared().inOrganisation(org.slug, actor: "test") { tx in
            do {
                _ = try FlagBook(tx).list(page: PageRequest(limit: 2, after: forged))
                return [String]()
            } catch let failure as ValidationFailure {
                return failure.problems.map(\.field.description)
            }
        }
        #expect(fields == ["cursor"])
    }
}
