import Foundation
import Hummingbird
import RadarDomain
import RadarStore

/// The "own coaching" section of a stakeholder's page: their coaching goals with observations, whether they are
/// coached, and the forms to set a goal and to record an observation.
enum StakeholderCoaching {
    /// Readable words for each behaviour of the starting list.
    static func words(_ behaviour: CoachingBehaviour) -> String {
        switch behaviour {
        case .reflectionBeforeSolving: "leaves room to reflect before solving"
        case .inputBeforeConcluding: "asks for input before concluding"
        case .developmentApartFromEvaluation: "holds development talks apart from appraisal"
        case .questionsBeforeAdvice: "asks questions before giving advice"
        case .other: "another behaviour"
        }
    }

    static func values(
        _ profile: StakeholderPage.Profile, seesSensitive: Bool, mayRecord: Bool
    ) -> [String: Any] {
        let today = profile.today
        let goals = profile.coachingGoals.map { goal -> [String: Any] in
            var entry: [String: Any] = [
                "id": goal.id.uuidString.lowercased(), "personID": profile.stakeholder.id.uuidString.lowercased(),
                "behaviour": words(goal.behaviour), "setOn": DayWords.day(goal.setOn),
                "lastReviewed": DayWords.day(goal.lastReviewedOn),
                "stale": goal.lastReviewedOn.days(to: today) > 180, "today": today.description,
                "observations": goal.observations.map { observation -> [String: Any] in
                    var item: [String: Any] = ["on": DayWords.day(observation.observedOn)]
                    if seesSensitive { item["note"] = observation.note }
                    return item
                },
            ]
            if let description = goal.description { entry["description"] = description }
            if let how = goal.observedHow { entry["observedHow"] = how }
            if let review = goal.reviewOn { entry["reviewOn"] = DayWords.day(review) }
            return entry
        }
        var values: [String: Any] = [
            "goals": goals, "hasGoals": !goals.isEmpty, "mayRecord": mayRecord,
            "behaviours": CoachingBehaviour.allCases.map { ["value": $0.rawValue, "label": words($0)] },
        ]
        let current = profile.coachingPeriods.filter { $0.since <= today && ($0.until.map { $0 >= today } ?? true) }
        if let period = current.first {
            values["coachedWords"] =
                (period.kind == .coached ? "Coached" : "Peer-coached") + " since \(DayWords.day(period.since))."
        }
        return values
    }

    static func personID(_ page: PageRequest) throws -> UUID {
        guard let id = UUID(uuidString: page.parameters.get("id") ?? "") else { throw WebError.notFound }
        return id
    }

    /// Sets a goal from the form; problems come back beside the form.
    static func addGoal(_ page: PageRequest) async throws -> Response {
        let id = try personID(page)
        let location = "/stakeholders/\(id.uuidString.lowercased())"
        let form = page.form
        do {
            try await page.inOrganisation { tx in
                let email = try Stakeholders(tx).find(id: id).email
                var review: CalendarDate?
                if let text = form.text("review_on") {
                    guard let day = CalendarDate(text) else {
                        throw ValidationFailure([
                            ValidationProblem(field: "reviewOn", message: "enter a date such as 2026-03-04")
                        ])
                    }
                    review = day
                }
                try CoachingGoals(tx).add(
                    email: email,
                    CoachingGoalDraft(
                        behaviour: form.text("behaviour"), description: form.text("description"),
                        observedHow: form.text("observed_how"), reviewOn: review),
                    today: CalendarDate(page.now, in: tx.organisation.zone))
            }
        } catch let failure as ValidationFailure {
            return try await again(page, id: id, failure)
        }
        return try await page.redirect(to: location, flash: "The coaching goal is set.")
    }

    /// Records an observation of one goal from the form.
    static func observe(_ page: PageRequest) async throws -> Response {
        let id = try personID(page)
        let location = "/stakeholders/\(id.uuidString.lowercased())"
        guard let goal = page.form.text("goal").flatMap(UUID.init(uuidString:)) else {
            throw WebError.badRequest("The form did not say which goal.")
        }
        let note = page.form.text("note")
        let observedOn = page.form.text("observed_on")
        do {
            try await page.inOrganisation { tx in
                guard let day = observedOn.flatMap(CalendarDate.init) else {
                    throw ValidationFailure([
                        ValidationProblem(field: "observedOn", message: "enter a date such as 2026-03-04")
                    ])
                }
                try CoachingGoals(tx).observe(
                    email: try Stakeholders(tx).find(id: id).email, goal: goal, on: day, note: note)
            }
        } catch let failure as ValidationFailure {
            return try await again(page, id: id, failure)
        }
        return try await page.redirect(to: location, flash: "The observation is recorded.")
    }

    /// The page again with the problem beside the coaching forms, answered 422.
    static func again(
        _ page: PageRequest, id: UUID, _ failure: ValidationFailure, key: String = "coachingError"
    ) async throws -> Response {
        let asOf = page.now
        let profile = try await page.inOrganisation { try StakeholderPage.Profile($0, id: id, asOf: asOf) }
        let user = try page.user
        var values = StakeholderPage.values(profile, seesSensitive: user.seesSensitive, mayTriage: user.may(.triage))
        for (key, value) in Self.values(profile, seesSensitive: user.seesSensitive, mayRecord: user.may(.record)) {
            values[key] = value
        }
        values[key] = failure.problems.map { "\(Words.readable($0.field.formName)) \($0.message)" }
            .joined(separator: "; ")
        return try page.page(
            "stakeholder", title: profile.stakeholder.name, values, status: .unprocessableContent)
    }
}
