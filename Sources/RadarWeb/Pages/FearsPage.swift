import Foundation
import Hummingbird
import Postgres
import RadarDomain
import RadarStore

/// `/fears`: the fears board, grouped by status and then category, with filters in the query string; HR and
/// administrators change a fear's status here, through the store's `Fears` in one audited transaction.
enum FearsPage {
    static let routes: [WebRoute] = [
        .get("/fears", .member(.read), show),
        .post("/fears/:id/status", .member(.record), changeStatus),
    ]

    /// The board's filters, read from the query string (or carried back by a status form).
    struct Filters: Sendable {
        var status: FearStatus?
        var category: FearCategory?

        init(status: String?, category: String?) {
            self.status = status.flatMap { FearStatus(rawValue: $0) }
            self.category = category.flatMap { FearCategory(rawValue: $0) }
        }

        /// The board's address with these filters.
        var location: String {
            var parts: [String] = []
            if let status { parts.append("status=\(status.rawValue)") }
            if let category { parts.append("category=\(category.rawValue)") }
            return "/fears" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
        }
    }

    /// A status change the form could not make, shown beside that fear's form.
    struct Problem: Sendable {
        var fear: UUID
        var message: String
        var chosen: String
    }

    /// What the board shows, read in one transaction.
    struct Board: Sendable {
        var fears: [Fear]
        var people: [String: UUID]
        var today: CalendarDate

        init(_ tx: TenantTransaction, filters: Filters, asOf: Date) throws {
            fears = try Fears(tx).list(
                Fears.Filter(
                    category: filters.category, status: filters.status,
                    includeClosed: true))
            people = Dictionary(
                try Stakeholders(tx).list(Stakeholders.Filter(includeLeft: true)).map { ($0.email, $0.id) },
                uniquingKeysWith: { first, _ in first })
            today = CalendarDate(asOf, in: tx.organisation.zone)
        }
    }

    static func show(_ page: PageRequest) async throws -> Response {
        let filters = Filters(status: page.query.text("status"), category: page.query.text("category"))
        return try await render(page, filters: filters, problem: nil)
    }

    static func render(
        _ page: PageRequest, filters: Filters, problem: Problem?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let asOf = page.now
        let board = try await page.inOrganisation { try Board($0, filters: filters, asOf: asOf) }
        let user = try page.user
        return try page.page(
            "fears", title: "Fears",
            values(
                board, filters: filters, seesSensitive: user.seesSensitive,
                mayChange: user.may(.record), problem: problem), status: status)
    }

    /// The template's values: statuses in their order, each with its categories; statements and mitigations only
    /// when `seesSensitive`.
    static func values(
        _ board: Board, filters: Filters, seesSensitive: Bool, mayChange: Bool, problem: Problem?
    )
        -> [String: Any]
    {
        let groups = FearStatus.allCases.compactMap { status -> [String: Any]? in
            let inStatus = board.fears.filter { $0.status == status }
            guard !inStatus.isEmpty else { return nil }
            let categories = FearCategory.allCases.compactMap { category -> [String: Any]? in
                let fears = inStatus.filter { $0.category == category }
                guard !fears.isEmpty else { return nil }
                return [
                    "category": Words.readable(category.rawValue), "categoryCode": category.rawValue,
                    "count": fears.count,
                    "fears": fears.map {
                        fear(
                            $0, board: board, seesSensitive: seesSensitive, mayChange: mayChange,
                            problem: problem)
                    },
                ]
            }
            return ["status": status.rawValue, "count": inStatus.count, "categories": categories]
        }
        return [
            "groups": groups, "hasFears": !board.fears.isEmpty, "total": board.fears.count,
            "isFiltered": filters.status != nil || filters.category != nil,
            "statusChoices": FearStatus.allCases.map {
                ["value": $0.rawValue, "selected": $0 == filters.status] as [String: Any]
            },
            "categoryChoices": FearCategory.allCases.map {
                ["value": $0.rawValue, "word": Words.readable($0.rawValue), "selected": $0 == filters.category]
                    as [String: Any]
            },
            "seesSensitive": seesSensitive, "mayChange": mayChange,
            "filterStatus": filters.status?.rawValue ?? "", "filterCategory": filters.category?.rawValue ?? "",
        ]
    }

    static func fear(
        _ fear: Fear, board: Board, seesSensitive: Bool, mayChange: Bool, problem: Problem?
    )
        -> [String: Any]
    {
        let mine = problem?.fear == fear.id ? problem : nil
        let chosen = mine?.chosen ?? fear.status.rawValue
        var values: [String: Any] = [
            "id": fear.id.uuidString.lowercased(), "name": fear.name, "version": fear.version,
            "severity": fear.severity.rawValue, "severityClass": StakeholderPage.fearSeverityClass(fear.severity),
            "raisedOn": DayWords.day(fear.raisedOn),  // A closed fear was open from the day it was raised to the day it closed.
            "age": DayWords.span(from: fear.raisedOn, to: fear.resolvedOn ?? board.today),
            "options": FearStatus.allCases.map {
                ["value": $0.rawValue, "selected": $0.rawValue == chosen] as [String: Any]
            },
        ]
        if let person = board.people[fear.email] { values["personID"] = person.uuidString.lowercased() }
        if let resolved = fear.resolvedOn { values["resolvedOn"] = DayWords.day(resolved) }
        if let mine { values["statusError"] = mine.message }
        if seesSensitive {
            values["statement"] = fear.statement
            if let mitigation = fear.mitigation { values["mitigation"] = mitigation }
        }
        return values
    }

    static func changeStatus(_ page: PageRequest) async throws -> Response {
        guard let id = UUID(uuidString: page.parameters.get("id") ?? "") else { throw WebError.notFound }
        let filters = Filters(status: page.form.text("filter_status"), category: page.form.text("filter_category"))
        let chosen = page.form.text("status") ?? ""
        let version = page.form.text("version").flatMap(Int.init)
        let now = page.now
        do {
            let fear = try await page.inOrganisation { tx in
                guard !chosen.isEmpty else {
                    throw ValidationFailure([ValidationProblem(field: "status", message: "choose a status")])
                }
                let status = FearStatus(rawValue: chosen)
                let closes = status.map { $0 == .resolved || $0 == .dismissed } ?? false
                let today = CalendarDate(now, in: tx.organisation.zone)
                let current = try Fears(tx).find(id.uuidString)
                // A fear closed earlier keeps its date; one closing now closes today.
                let resolvedOn = closes ? (current.resolvedOn ?? max(today, current.raisedOn)) : nil
                return try Fears(tx).update(
                    id.uuidString, expectedVersion: version, status: chosen,
                    resolvedOn: resolvedOn)
            }
            return try await page.redirect(
                to: filters.location,
                flash:
                    "Fear of \(fear.name) (\(Words.readable(fear.category.rawValue))) is now \(fear.status.rawValue).")
        } catch let failure as ValidationFailure {
            let message = failure.problems.map(\.message).joined(separator: "; ")
            return try await render(
                page, filters: filters, problem: Problem(fear: id, message: message, chosen: chosen),
                status: .unprocessableContent)
        } catch StoreError.staleVersion {
            return try await page.redirect(
                to: filters.location,
                flash:
                    "That fear was changed by someone else in the meantime: nothing was saved. Check it and try again.")
        }
    }
}
