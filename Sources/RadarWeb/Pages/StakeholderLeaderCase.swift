import Foundation
import Hummingbird
import RadarDomain
import RadarStore

/// The "their case" section of a leader's page: what the change gives and costs them, in their words, dated,
/// and the form to add a note. The words are sensitive: viewers see only that a note exists and its date.
enum StakeholderLeaderCase {
    static func readiness(_ value: RoleModelReadiness) -> String {
        switch value {
        case .ready: "ready to role-model it"
        case .withSupport: "can role-model it with support"
        case .notYet: "not ready to role-model it yet"
        }
    }

    static func values(_ profile: StakeholderPage.Profile, seesSensitive: Bool) -> [String: Any] {
        let notes = profile.leaderCase
        func entries(_ aspect: LeaderCaseAspect) -> [[String: Any]] {
            notes.filter { $0.aspect == aspect }.map { note in
                var entry: [String: Any] = ["on": DayWords.day(note.recordedOn)]
                if seesSensitive { entry["words"] = note.words }
                if let ready = note.roleModel { entry["readiness"] = readiness(ready) }
                return entry
            }
        }
        let gains = entries(.personalGain)
        let costs = entries(.personalCost)
        return [
            "gains": gains, "costs": costs, "hasGains": !gains.isEmpty, "hasCosts": !costs.isEmpty,
            "readinessChoices": RoleModelReadiness.allCases.map { ["value": $0.rawValue, "label": readiness($0)] },
            "caseOn": profile.today.description,
        ]
    }

    /// Records a note from the form; problems come back beside it.
    static func record(_ page: PageRequest) async throws -> Response {
        let id = try StakeholderCoaching.personID(page)
        let location = "/stakeholders/\(id.uuidString.lowercased())"
        let form = page.form
        do {
            try await page.inOrganisation { tx in
                var day: CalendarDate?
                if let text = form.text("recorded_on") {
                    guard let parsed = CalendarDate(text) else {
                        throw ValidationFailure([
                            ValidationProblem(field: "recordedOn", message: "enter a date such as 2026-03-04")
                        ])
                    }
                    day = parsed
                }
                let aspect = form.text("aspect")
                try LeaderCases(tx).record(
                    email: try Stakeholders(tx).find(id: id).email,
                    LeaderCaseDraft(
                        aspect: aspect, words: form.text("in_their_words"),
                        // The readiness choice is shown for both; it only means something with a cost.
                        roleModel: aspect == LeaderCaseAspect.personalCost.rawValue ? form.text("role_model") : nil,
                        recordedOn: day),
                    today: CalendarDate(page.now, in: tx.organisation.zone))
            }
        } catch let failure as ValidationFailure {
            return try await StakeholderCoaching.again(page, id: id, failure, key: "leaderCaseError")
        }
        return try await page.redirect(to: location, flash: "The note of their case is recorded.")
    }
}
