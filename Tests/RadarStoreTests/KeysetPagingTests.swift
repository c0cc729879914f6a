import Foundation
import Postgres
import RadarDomain
import RadarStore
import RadarTestSupport
import Testing

@Suite("Lists read a page at a time after the last item's sort key")
struct KeysetPagingTests {
    /// Runs `body` in a new organisation of the test database.
    func inNewOrganisation<T: Sendable>(
        _ label: String, _ body: @escaping @Sendable (TenantTransaction) throws -> T
    ) async throws -> T {
        let org = try await TestDatabase.newOrganisation(label)
        return try await TestDatabase.shared().inOrganisation(org.slug, actor: "test", body)
    }

    static let march = CalendarDate(year: 2026, month: 3, day: 2)

    /// Adds people whose names repeat, so the list's order falls back on e-mails.
    static func addPeople(_ tx: TenantTransaction, _ names: [String]) throws {
        for (index, name) in names.enumerated() {
            try Stakeholders(tx).add(
                StakeholderDraft(
                    name: name, email: "p\(names.count - index)@example.org", tier: "top_team", function: "finance"))
        }
    }

    @Test("walking stakeholders two at a time gives each once, in the list's order, ties on the name included")
    func stakeholdersWalkInTheListsOrder() async throws {
        let (all, walked) = try await inNewOrganisation("walk-people") { tx in
            try Self.addPeople(tx, ["Sam Lee", "Ada Park", "Sam Lee", "Sam Lee", "Ben Osei", "Ada Park", "Zoe Wu"])
            let people = Stakeholders(tx)
            return (try people.list(), try walkPages(limit: 2) { try people.list(page: $0) })
        }
        #expect(all.count == 7)
        #expect(walked.items.map(\.id) == all.map(\.id))
        #expect(walked.pages.map(\.count) == [2, 2, 2, 1])
    }

    @Test("a page exactly as long as what is left gives no cursor, so there is no empty last page")
    func aFullLastPageEndsTheWalk() async throws {
        let walked = try await inNewOrganisation("walk-even") { tx in
            try Self.addPeople(tx, ["A", "B", "C", "D"])
            return try walkPages(limit: 2) { try Stakeholders(tx).list(page: $0) }
        }
        #expect(walked.pages.map(\.count) == [2, 2])
    }

    @Test("someone added before the cursor while the list is read shifts nothing: no one is repeated or skipped")
    func aRowAddedBeforeTheCursorShiftsNothing() async throws {
        let walked = try await inNewOrganisation("walk-insert") { tx in
            try Self.addPeople(tx, ["Ben", "Cleo", "Dan", "Eve", "Finn"])
            return try walkPages(
                limit: 2, { try Stakeholders(tx).list(page: $0) },
                between: { page in
                    try Stakeholders(tx).add(
                        StakeholderDraft(
                            name: "Aaron \(page)", email: "aaron\(page)@example.org", tier: "hr"))
                })
        }
        #expect(walked.items.map(\.name) == ["Ben", "Cleo", "Dan", "Eve", "Finn"])
    }

    @Test("fears with the same day and the same person, filtered to one category, walk in the list's order")
    func fearsWalkInTheListsOrder() async throws {
        let (all, walked) = try await inNewOrganisation("walk-fears") { tx in
            try Self.addPeople(tx, ["Ada", "Ben"])
            let fears = Fears(tx)
            for (index, email) in [
                "p1@example.org", "p2@example.org", "p1@example.org", "p2@example.org",
                "p1@example.org", "p2@example.org",
            ].enumerated() {
                try fears.add(
                    FearDraft(
                        email: email, category: index == 5 ? "cost" : "time", statement: "Fear \(index)",
                        raisedOn: index < 4 ? Self.march : Self.march.adding(days: -1)))
            }
            let filter = Fears.Filter(category: .time)
            return (try fears.list(filter), try walkPages(limit: 2) { try fears.list(filter, page: $0) })
        }
        #expect(all.count == 5)
        #expect(walked.items.map(\.id) == all.map(\.id))
    }

    @Test("commitments without a due day come after every dated one, as in the list, ties on both days included")
    func commitmentsWalkInTheListsOrder() async throws {
        let (all, walked) = try await inNewOrganisation("walk-commitments") { tx in
            try Self.addPeople(tx, ["Ada"])
            let commitments = Commitments(tx)
            let dues: [CalendarDate?] = [nil, Self.march, nil, Self.march, Self.march.adding(days: 7), nil, Self.march]
            for (index, due) in dues.enumerated() {
                try commitments.add(
                    CommitmentDraft(
                        ownerEmail: "p1@example.org", description: "Promise \(index)",
                        madeOn: Self.march.adding(days: index % 2 == 0 ? -10 : -20), dueOn: due))
            }
            return (try commitments.list(), try walkPages(limit: 2) { try commitments.list(page: $0) })
        }
        #expect(all.count == 7)
        #expect(all.suffix(3).allSatisfy { $0.dueOn == nil })
        #expect(walked.items.map(\.id) == all.map(\.id))
    }

    @Test("initiatives starting on the same day and priorities of one function walk in their lists' order")
    func initiativesAndPrioritiesWalkInTheListsOrder() async throws {
        let (initiatives, walkedInitiatives, priorities, walkedPriorities) = try await inNewOrganisation(
            "walk-initiatives"
        ) { tx in
            let initiatives = Initiatives(tx)
            for (index, ref) in ["pilot-c", "pilot-a", "pilot-b", "pilot-d", "pilot-e"].enumerated() {
                try initiatives.add(
                    InitiativeDraft(
                        ref: ref, title: "Pilot", kind: "pilot", startsOn: Self.march.adding(days: index % 2)))
            }
            let priorities = Priorities(tx)
            for (index, name) in ["Grow", "Cut costs", "Hire", "Retain"].enumerated() {
                try priorities.add(
                    priority: name, function: index == 3 ? "Finance" : "Sales", howCoachingHelps: nil,
                    endorsedBy: nil, recordedOn: Self.march)
            }
            return (
                try initiatives.list(), try walkPages(limit: 2) { try initiatives.list(page: $0) },
                try priorities.list(), try walkPages(limit: 3) { try priorities.list(page: $0) }
            )
        }
        #expect(initiatives.count == 5 && priorities.count == 4)
        #expect(walkedInitiatives.items.map(\.id) == initiatives.map(\.id))
        #expect(walkedPriorities.items.map(\.id) == priorities.map(\.id))
    }

    @Test("conversations at one instant walk newest first as in the list; one recorded newer meanwhile shifts nothing")
    func conversationsWalkNewestFirst() async throws {
        let (all, walked) = try await inNewOrganisation("walk-conversations") { tx in
            try Self.addPeople(tx, ["Ada"])
            let conversations = Conversations(tx)
            let noon = try Date("2026-03-02T12:00:00Z", strategy: .iso8601).addingTimeInterval(0.123457)
            let now = noon.addingTimeInterval(30 * 86_400)
            // Three at the very same instant, the others a second and a day apart.
            let offsets: [TimeInterval] = [0, 0, -1, 0, -86_400, 1]
            for (index, offset) in offsets.enumerated() {
                try conversations.record(
                    ConversationDraft(
                        ref: "c-\(index)", occurredAt: noon.addingTimeInterval(offset), kind: "one_to_one",
                        participants: [.init(email: "p1@example.org")]), now: now)
            }
            let all = try conversations.list()
            let walked = try walkPages(
                limit: 2, { try conversations.list(page: $0) },
                between: { page in
                    try conversations.record(
                        ConversationDraft(
                            ref: "newer-\(page)", occurredAt: noon.addingTimeInterval(3600), kind: "email",
                            participants: [.init(email: "p1@example.org")]), now: now)
                })
            return (all, walked)
        }
        #expect(all.map(\.ref) == ["c-5", "c-0", "c-1", "c-3", "c-2", "c-4"])
        #expect(walked.items.map(\.ref) == all.map(\.ref))
    }

    @Test("a cursor this service did not give out is refused naming `cursor`, before any SQL reads it")
    func aForgedCursorIsRefused() async throws {
        #expect(Self.refusedField { try PageRequest(limit: 2, cursor: "not a cursor!") } == ["cursor"])
        #expect(Self.refusedField { try PageRequest(limit: 2, cursor: "bm90LWpzb24") } == ["cursor"])
        #expect(Self.refusedField { try PageRequest(limit: 0, cursor: "%%") } == ["limit", "cursor"])
        let stakeholderCursor = PageCursor(key: ["Ada", "ada@example.org", UUID().uuidString])
        let badUUID = PageCursor(key: ["Ada", "ada@example.org", "not-a-uuid"])
        let badInstant = PageCursor(key: ["99999999999999999999", "c-1", UUID().uuidString])
        let refusals = try await inNewOrganisation("forged") { tx in
            [
                Self.refusedField { try Conversations(tx).list(page: PageRequest(limit: 2, after: stakeholderCursor)) },
                Self.refusedField { try Stakeholders(tx).list(page: PageRequest(limit: 2, after: badUUID)) },
                Self.refusedField { try Conversations(tx).list(page: PageRequest(limit: 2, after: badInstant)) },
                Self.refusedField { try Commitments(tx).list(page: PageRequest(limit: 2, after: stakeholderCursor)) },
            ]
        }
        #expect(refusals == [["cursor"], ["cursor"], ["cursor"], ["cursor"]])
    }

    /// The fields `body`'s validation failure names; empty when it does not fail so.
    static func refusedField(_ body: () throws -> Any) -> [String] {
        do {
            _ = try body()
            return []
        } catch let failure as ValidationFailure {
            return failure.problems.map(\.field.description)
        } catch {
            return ["\(error)"]
        }
    }
}
