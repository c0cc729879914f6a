import Foundation
import Postgres
import RadarDigest
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("The digest archive read a page at a time")
struct ArchivePagingTests {
    /// Archives the digest of each week, built from the organisation's (empty) records.
    static func archive(_ weeks: [String], in tx: TenantTransaction) throws {
        let archive = DigestArchive(tx)
        for text in weeks {
            let week = try #require(ISOWeek(text))
            try archive.store(try DigestBuilder.build(in: tx, week: week), asOf: week.sunday.date(in: .gmt))
        }
    }

    @Test("walking the archive two weeks at a time gives each week once, newest first; one added meanwhile shifts none")
    func weeksWalkNewestFirst() async throws {
        let org = try await TestDatabase.newOrganisation("walk-digests")
        let (all, walked) = try await TestDatabase.shared().inOrganisation(org.slug, actor: "test") { tx in
            try Self.archive(["2026-W10", "2026-W12", "2026-W11", "2026-W14", "2026-W13"], in: tx)
            let archive = DigestArchive(tx)
            let all = try archive.list()
            let walked = try walkPages(
                limit: 2, { try archive.list(page: $0) },
                between: { page in
                    try Self.archive(["2026-W2\(page)"], in: tx)
                })
            return (all, walked)
        }
        #expect(all.map(\.week.description) == ["2026-W14", "2026-W13", "2026-W12", "2026-W11", "2026-W10"])
        #expect(walked.items.map(\.id) == all.map(\.id))
    }
}
