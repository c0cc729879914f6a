import Foundation
import Hummingbird
import RadarDomain
import RadarStore

/// `/narratives`: the stories and values the programme is framed against, and the tensions logged between what
/// is said and what is rewarded, each with whether the top team has discussed it; HR records all three here.
enum NarrativesPage {
    static let routes: [WebRoute] = [
        .get("/narratives", .member(.read), show),
        .post("/narratives", .member(.record), addNarrative),
        .post("/tensions", .member(.record), logTension),
        .post("/tensions/discussed", .member(.record), discussed),
        .post("/strategy-elements", .member(.record), addStrand),
    ]

    /// Tensions older than this without a discussion are marked, as the rule `tension-not-discussed` judges them.
    static let discussWithinDays = 42

    static func show(_ page: PageRequest) async throws -> Response {
        try await render(page, problem: nil)
    }

    static func render(
        _ page: PageRequest, problem: (form: String, message: String)?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let now = page.now
        let (narratives, tensions, people, today, strands) = try await page.inOrganisation { tx in
            (
                try Narratives(tx).narratives(), try Narratives(tx).tensions(),
                try Stakeholders(tx).list(Stakeholders.Filter()), CalendarDate(now, in: tx.organisation.zone),
                try Strategy(tx).elements()
            )
        }
        let names = Dictionary(people.map { ($0.email, $0.name) }, uniquingKeysWith: { first, _ in first })
        var values: [String: Any] = [
            "narratives": narratives.map { narrative -> [String: Any] in
                var entry: [String: Any] = [
                    "kind": narrative.kind == .story ? "Story" : "Value", "title": narrative.title,
                    "since": DayWords.day(narrative.recordedOn),
                ]
                if let statement = narrative.statement { entry["statement"] = statement }
                return entry
            },
            "hasNarratives": !narratives.isEmpty,
            "tensions": tensions.map { tension -> [String: Any] in
                var entry: [String: Any] = [
                    "id": tension.id.uuidString.lowercased(), "stated": tension.statedValue,
                    "rewarded": tension.rewardedBehaviour, "raisedOn": DayWords.day(tension.raisedOn),
                    "today": today.description,
                ]
                if let email = tension.raisedBy { entry["raisedBy"] = names[email] ?? email }
                if let discussed = tension.discussedOn {
                    entry["discussedOn"] = DayWords.day(discussed)
                } else {
                    let waiting = tension.raisedOn.days(to: today)
                    if waiting > discussWithinDays { entry["waitingDays"] = waiting }
                }
                return entry
            },
            "hasTensions": !tensions.isEmpty, "mayRecord": try page.user.may(.record), "today": today.description,
            "people": people.filter(\.active).map { ["value": $0.email, "label": "\($0.name) (\($0.email))"] },
            "kinds": NarrativeKind.allCases.map { ["value": $0.rawValue, "label": Words.readable($0.rawValue)] },
        ]
        values["strands"] = strands.map { strand -> [String: Any] in
            var entry: [String: Any] = [
                "element": Words.readable(strand.element.rawValue), "since": DayWords.day(strand.since),
                "inPlace": strand.since <= today && (strand.until.map { $0 >= today } ?? true),
            ]
            if let until = strand.until { entry["until"] = DayWords.day(until) }
            return entry
        }
        values["hasStrands"] = !strands.isEmpty
        values["elementChoices"] = StrategyElement.allCases.map {
            ["value": $0.rawValue, "label": Words.readable($0.rawValue)]
        }
        if let problem { values[problem.form + "Error"] = problem.message }
        return try page.page("narratives", title: "Narratives and tensions", values, status: status)
    }

    /// Runs one form's write and redirects with `flash`, or shows the page again with the problem beside the form.
    static func submit(
        _ page: PageRequest, form: String, flash: String,
        _ write: @escaping @Sendable (TenantTransaction, CalendarDate) throws -> Void
    ) async throws -> Response {
        try await page.submit(to: "/narratives", flash: flash, refused: { failure in
            try await render(page, problem: (form, InitiativePage.message(failure)), status: .unprocessableContent)
        }, write)
    }

    /// A date field, or a validation problem naming it.
    static func day(_ text: String?, field: FieldPath) throws -> CalendarDate? {
        guard let text else { return nil }
        guard let day = CalendarDate(text) else {
            throw ValidationFailure([ValidationProblem(field: field, message: "enter a date such as 2026-03-04")])
        }
        return day
    }

    static func addStrand(_ page: PageRequest) async throws -> Response {
        let (element, since, until) = (page.form.text("element"), page.form.text("since"), page.form.text("until"))
        return try await submit(page, form: "strand", flash: "The strand is recorded.") { tx, today in
            try Strategy(tx).addElement(
                element, since: try day(since, field: "since") ?? today, until: try day(until, field: "until"))
        }
    }

    static func addNarrative(_ page: PageRequest) async throws -> Response {
        let (kind, title, statement) = (page.form.text("kind"), page.form.text("title"), page.form.text("statement"))
        return try await submit(page, form: "narrative", flash: "The narrative is recorded.") { tx, today in
            try Narratives(tx).addNarrative(kind: kind, title: title, statement: statement, on: today)
        }
    }

    static func logTension(_ page: PageRequest) async throws -> Response {
        let form = page.form
        let (stated, rewarded, raisedBy, raisedOn) = (
            form.text("stated_value"), form.text("rewarded_behaviour"), form.text("raised_by"), form.text("raised_on")
        )
        return try await submit(page, form: "tension", flash: "The tension is logged.") { tx, today in
            try Narratives(tx).logTension(
                statedValue: stated, rewardedBehaviour: rewarded, raisedBy: raisedBy,
                raisedOn: try day(raisedOn, field: "raisedOn") ?? today)
        }
    }

    static func discussed(_ page: PageRequest) async throws -> Response {
        guard let id = page.form.text("tension").flatMap(UUID.init(uuidString:)) else {
            throw WebError.badRequest("The form did not say which tension.")
        }
        let on = page.form.text("discussed_on")
        return try await submit(page, form: "tension", flash: "The discussion is recorded.") { tx, today in
            try Narratives(tx).discussed(tension: id, on: try day(on, field: "discussedOn") ?? today)
        }
    }
}
