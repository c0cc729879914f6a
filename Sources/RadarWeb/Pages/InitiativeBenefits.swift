import Foundation
import Hummingbird
import RadarDomain
import RadarStore

/// The benefits and expectations sections of an initiative's page: each measure's baseline and readings with who
/// saw them, what the initiative was presented as and the outcome agreed, and the forms for each.
enum InitiativeBenefits {
    static func values(_ reading: InitiativePage.Reading) -> [String: Any] {
        let names = Dictionary(reading.people.map { ($0.email, $0.name) }, uniquingKeysWith: { first, _ in first })
        let benefits = reading.benefits.map { benefit -> [String: Any] in
            [
                "measure": benefit.measure, "baseline": benefit.baseline.plainText,
                "baselineOn": InitiativesPage.day(benefit.baselineOn),
                "readings": benefit.readings.map { item -> [String: Any] in
                    var entry: [String: Any] = [
                        "on": InitiativesPage.day(item.measuredOn), "value": item.value.plainText,
                    ]
                    if !item.seenBy.isEmpty {
                        entry["seenBy"] = item.seenBy.map { names[$0] ?? $0 }.joined(separator: ", ")
                    }
                    return entry
                },
            ]
        }
        var expectation: [String: Any] = [:]
        if let presented = reading.expectation {
            expectation = [
                "presentedAs": presented.presentedAs, "presentedTo": presented.presentedTo,
                "presentedOn": InitiativesPage.day(presented.presentedOn),
            ]
            if let outcome = presented.realisticOutcome, let agreed = presented.agreedOn {
                expectation["outcome"] = outcome
                expectation["agreedOn"] = InitiativesPage.day(agreed)
            }
        }
        return [
            "expectation": expectation.isEmpty ? false : expectation as Any,
            "benefits": benefits, "hasBenefits": !benefits.isEmpty,
            "measures": reading.benefits.map { ["value": $0.measure] },
            "viewers": reading.people.filter(\.active).enumerated().map { index, person in
                ["i": index, "email": person.email, "name": person.name] as [String: Any]
            },
        ]
    }

    /// Runs one form's write against the initiative and redirects, or shows the page with the problem.
    static func submit(
        _ page: PageRequest, flash: String,
        _ write: @escaping @Sendable (TenantTransaction, String, CalendarDate) throws -> Void
    ) async throws -> Response {
        let id = try InitiativePage.initiativeID(page)
        return try await page.submit(
            to: "/initiatives/\(id.uuidString.lowercased())", flash: flash,
            refused: { failure in
                try InitiativePage.render(
                    page, try await InitiativePage.read(page, id: id),
                    problem: InitiativePage.Problem(
                        form: "benefit", message: InitiativePage.message(failure), fields: [:]),
                    status: .unprocessableContent)
            }
        ) { tx, today in try write(tx, try Initiatives(tx).find(id: id).ref, today) }
    }

    static func register(_ page: PageRequest) async throws -> Response {
        let (measure, baseline, on) = (
            page.form.text("measure"), page.form.text("baseline"), page.form.text("baseline_on")
        )
        return try await submit(page, flash: "The benefit is registered.") { tx, ref, today in
            try Benefits(tx).add(
                initiative: ref, measure: measure, baseline: try number(baseline, field: "baseline"),
                on: try NarrativesPage.day(on, field: "baselineOn") ?? today)
        }
    }

    static func read(_ page: PageRequest) async throws -> Response {
        let (measure, value, on, seenBy) = (
            page.form.text("measure") ?? "", page.form.text("value"), page.form.text("measured_on"),
            page.form.all("seen_by")
        )
        return try await submit(page, flash: "The reading is recorded.") { tx, ref, today in
            try Benefits(tx).read(
                initiative: ref, measure: measure, value: try number(value, field: "value"),
                on: try NarrativesPage.day(on, field: "measuredOn") ?? today, seenBy: seenBy)
        }
    }

    static func present(_ page: PageRequest) async throws -> Response {
        let (what, whom, on) = (
            page.form.text("presented_as"), page.form.text("presented_to"), page.form.text("presented_on")
        )
        return try await submit(page, flash: "What it was presented as is recorded.") { tx, ref, today in
            try Strategy(tx).expect(
                initiative: ref, presentedAs: what, presentedTo: whom,
                on: try NarrativesPage.day(on, field: "presentedOn") ?? today)
        }
    }

    static func agree(_ page: PageRequest) async throws -> Response {
        let (outcome, on) = (page.form.text("realistic_outcome"), page.form.text("agreed_on"))
        return try await submit(page, flash: "The outcome agreed is recorded.") { tx, ref, today in
            try Strategy(tx).agree(
                initiative: ref, outcome: outcome, on: try NarrativesPage.day(on, field: "agreedOn") ?? today)
        }
    }

    /// A typed number (a decimal comma is accepted), or a validation problem naming the field.
    static func number(_ text: String?, field: FieldPath) throws -> Double? {
        guard let text else { return nil }
        guard let value = Double(text.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
            throw ValidationFailure([ValidationProblem(field: field, message: "enter a number such as 12.5")])
        }
        return value
    }
}
