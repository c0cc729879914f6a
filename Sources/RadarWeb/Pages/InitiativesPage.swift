import Foundation
import Hummingbird
import Postgres
import RadarDomain
import RadarStore

/// `/initiatives`: the rolling programme as a dated timeline, with each pilot's outcome; HR and administrators may
/// record what an ended pilot showed.
enum InitiativesPage {
    static let routes: [WebRoute] = [
        .get("/initiatives", .member(.read), show),
        .post("/initiatives/outcome", .member(.record), recordOutcome),
    ]

    /// What the timeline needs from one transaction: the initiatives, who owns them, and the organisation's today.
    struct Reading: Sendable {
        var initiatives: [Initiative]
        var owners: [String: (id: UUID, name: String)]
        var today: CalendarDate
    }

    static func show(_ page: PageRequest) async throws -> Response {
        try render(page, try await read(page), problem: nil)
    }

    /// The initiatives, their owners and today, in one transaction.
    static func read(_ page: PageRequest) async throws -> Reading {
        let now = page.now
        return try await page.inOrganisation { tx in
            let owners = try Stakeholders(tx).list(Stakeholders.Filter(includeLeft: true))
            return Reading(
                initiatives: try Initiatives(tx).list(),
                owners: Dictionary(
                    owners.map { ($0.email, ($0.id, $0.name)) }, uniquingKeysWith: { first, _ in first }),
                today: CalendarDate(now, in: tx.organisation.zone))
        }
    }

    static func render(
        _ page: PageRequest, _ reading: Reading,
        problem: (
            ref: String, message: String, outcome: String,
            evidence: String
        )?,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let user = try page.user
        let mayRecord = user.may(.record)
        let items: [[String: Any]] = reading.initiatives.map { initiative in
            var item: [String: Any] = [
                "id": initiative.id.uuidString.lowercased(), "ref": initiative.ref, "title": initiative.title,
                "kind": Words.readable(initiative.kind.rawValue), "status": Words.readable(initiative.status.rawValue),
                "startsOn": initiative.startsOn.description, "startsWords": day(initiative.startsOn),
                "version": initiative.version,
            ]
            if let endsOn = initiative.endsOn {
                item["endsOn"] = endsOn.description
                item["endsWords"] = day(endsOn)
            }
            if let email = initiative.ownerEmail {
                var owner: [String: Any] = ["name": email]
                if let known = reading.owners[email] {
                    owner = ["name": known.name, "id": known.id.uuidString.lowercased()]
                }
                item["owner"] = owner
            }
            if let measure = initiative.successMeasure { item["successMeasure"] = measure }
            if let pilot = initiative.pilot {
                item["spreads"] = reading.initiatives.first { $0.ref == pilot }.map { "\($0.title) (\(pilot))" } ?? pilot
            }
            item["phase"] = phase(initiative, today: reading.today)
            if initiative.kind == .pilot {
                var pilot: [String: Any] = [:]
                if let outcome = initiative.outcome, !outcome.trimmingCharacters(in: .whitespaces).isEmpty {
                    pilot["outcome"] = outcome
                    if let evidence = initiative.evidence { pilot["evidence"] = evidence }
                } else if Self.awaitsOutcome(initiative, today: reading.today) {
                    pilot["awaiting"] = true
                    if mayRecord {
                        var form: [String: Any] = [
                            "fieldID": "outcome-\(initiative.id.uuidString.prefix(8).lowercased())"
                        ]
                        if let problem, problem.ref == initiative.ref {
                            form["error"] = problem.message
                            form["outcomeValue"] = problem.outcome
                            form["evidenceValue"] = problem.evidence
                        }
                        pilot["form"] = form
                    }
                } else {
                    pilot["pending"] = true
                }
                item["pilot"] = pilot
            }
            return item
        }
        let awaiting = reading.initiatives.filter { awaitsOutcome($0, today: reading.today) }.count
        return try page.page(
            "initiatives", title: "Initiatives",
            [
                "initiatives": items, "hasInitiatives": !items.isEmpty, "today": day(reading.today),
                "awaitingCount": awaiting, "hasAwaiting": awaiting > 0,
            ], status: status)
    }

    /// As the rules judge it (`facts_initiative`): a pilot has ended once its last day is before today, and it
    /// awaits its outcome while none is written down (blank counts as none); cancelled pilots are not asked.
    static func awaitsOutcome(_ initiative: Initiative, today: CalendarDate) -> Bool {
        guard initiative.kind == .pilot, initiative.status != .cancelled, let endsOn = initiative.endsOn,
            endsOn < today
        else { return false }
        return (initiative.outcome ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// Where the initiative stands in time, in words: to come, under way, ended.
    static func phase(_ initiative: Initiative, today: CalendarDate) -> String {
        if initiative.status == .cancelled { return "cancelled" }
        if initiative.startsOn > today { return "to come" }
        if let endsOn = initiative.endsOn, endsOn < today { return "ended" }
        return initiative.status == .done ? "ended" : "under way"
    }

    /// "4 March 2026".
    static func day(_ day: CalendarDate) -> String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December",
        ]
        return "\(day.day) \(months[day.month - 1]) \(day.year)"
    }

    /// Writes what an ended pilot showed (and its evidence), keeping its status; the version from the page makes a
    /// change someone else made in between refuse this one instead of overwriting it.
    static func recordOutcome(_ page: PageRequest) async throws -> Response {
        // The ref travels in the form, not the path: refs are free text, and a form field needs no URL escaping.
        guard let ref = page.form.text("ref") else { throw WebError.badRequest("The form did not say which pilot.") }
        let outcome = page.form.text("outcome")
        let evidence = page.form.text("evidence")
        let version = page.form.text("version").flatMap(Int.init)
        do {
            try await page.inOrganisation { tx in
                let initiatives = Initiatives(tx)
                let current = try initiatives.find(ref: ref)
                guard current.kind == .pilot else {
                    throw WebError.badRequest("Only a pilot has an outcome to record.")
                }
                guard let outcome else {
                    throw ValidationFailure([ValidationProblem(field: "outcome", message: "is required")])
                }
                try initiatives.update(
                    ref: ref, expectedVersion: version,
                    InitiativeDraft(outcome: outcome, evidence: evidence ?? ""))
            }
        } catch let failure as ValidationFailure {
            let reading = try await read(page)
            let message = failure.problems.map { "\(Words.readable($0.field.formName)) \($0.message)" }
                .joined(separator: "; ")
            return try render(
                page, reading, problem: (ref, message, outcome ?? "", evidence ?? ""),
                status: .unprocessableContent)
        } catch StoreError.staleVersion {
            return try await page.redirect(
                to: "/initiatives",
                flash:
                    "Someone changed this initiative while you were writing; nothing was saved. Check it and try again."
            )
        }
        return try await page.redirect(to: "/initiatives", flash: "The pilot's outcome is recorded.")
    }
}
