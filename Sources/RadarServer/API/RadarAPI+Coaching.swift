internal import Foundation
import RadarDomain
import RadarStore

// Leaders' own coaching (issue 17): goals phrased as behaviours, dated observations, coaching periods.
extension RadarAPI {
    func getLeaderCoaching(
        _ input: Operations.GetLeaderCoaching.Input
    ) async throws -> Operations.GetLeaderCoaching.Output {
        let id = try uuid(input.path.id, "stakeholder")
        let (goals, periods) = try await inOrganisation { tx in
            let email = try Stakeholders(tx).find(id: id).email
            return (try CoachingGoals(tx).goals(email: email), try CoachingGoals(tx).coaching(email: email))
        }
        let sensitive = try access.seesSensitive
        return .ok(
            .init(
                body: .json(
                    .init(
                        goals: goals.map { .init($0, sensitive: sensitive) }, coaching: periods.map { .init($0) }))))
    }

    func addCoachingGoal(
        _ input: Operations.AddCoachingGoal.Input
    ) async throws -> Operations.AddCoachingGoal.Output {
        let id = try uuid(input.path.id, "stakeholder")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.description, "description", max: TextLimit.paragraph)
        checks.text(body.observedHow, "observed_how", max: TextLimit.paragraph)
        let setOn = checks.date(body.setOn, "set_on")
        let reviewOn = checks.date(body.reviewOn, "review_on")
        try checks.finish()
        let draft = CoachingGoalDraft(
            behaviour: body.behaviour.rawValue, description: body.description, observedHow: body.observedHow,
            setOn: setOn, reviewOn: reviewOn)
        let goal = try await inOrganisation { tx in
            try CoachingGoals(tx).add(
                email: try Stakeholders(tx).find(id: id).email, draft,
                today: CalendarDate(.now, in: tx.organisation.zone))
        }
        return .created(.init(body: .json(.init(goal, sensitive: try access.seesSensitive))))
    }

    func observeCoachingGoal(
        _ input: Operations.ObserveCoachingGoal.Input
    ) async throws -> Operations.ObserveCoachingGoal.Output {
        let id = try uuid(input.path.id, "stakeholder")
        let goalID = try uuid(input.path.goal, "coaching goal")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.note, "note", max: TextLimit.paragraph)
        let observedOn = checks.date(body.observedOn, "observed_on")
        try checks.finish()
        let goal = try await inOrganisation { tx in
            try CoachingGoals(tx).observe(
                email: try Stakeholders(tx).find(id: id).email, goal: goalID,
                on: observedOn ?? CalendarDate(.now, in: tx.organisation.zone), note: body.note)
        }
        return .created(.init(body: .json(.init(goal, sensitive: try access.seesSensitive))))
    }

    func addCoachingPeriod(
        _ input: Operations.AddCoachingPeriod.Input
    ) async throws -> Operations.AddCoachingPeriod.Output {
        let id = try uuid(input.path.id, "stakeholder")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        let since = checks.date(body.since, "since")
        let until = checks.date(body.until, "until")
        try checks.finish()
        guard let since else { throw APIProblem.validation([.init(field: "since", message: "is required")]) }
        let period = try await inOrganisation { tx in
            try CoachingGoals(tx).addCoaching(
                email: try Stakeholders(tx).find(id: id).email, kind: body.kind.rawValue, since: since, until: until)
        }
        return .created(.init(body: .json(.init(period))))
    }
}

extension Components.Schemas.CoachingGoal {
    init(_ goal: CoachingGoal, sensitive: Bool) {
        self.init(
            id: goal.id.apiText, email: goal.email, behaviour: word(goal.behaviour), description: goal.description,
            observedHow: goal.observedHow, setOn: goal.setOn.description, reviewOn: goal.reviewOn?.description,
            closedOn: goal.closedOn?.description, lastReviewedOn: goal.lastReviewedOn.description,
            observations: goal.observations.map {
                .init(id: $0.id.apiText, observedOn: $0.observedOn.description, note: sensitive ? $0.note : nil)
            },
            version: goal.version)
    }
}

extension Components.Schemas.CoachingPeriod {
    init(_ period: LeaderCoaching) {
        self.init(
            id: period.id.apiText, email: period.email, kind: word(period.kind), since: period.since.description,
            until: period.until?.description)
    }
}
