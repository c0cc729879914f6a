internal import Foundation
import RadarDomain
import RadarStore

// More than training (issue 17): the strategy's strands and what initiatives were presented as.
extension RadarAPI {
    func listStrategyElements(
        _ input: Operations.ListStrategyElements.Input
    ) async throws -> Operations.ListStrategyElements.Output {
        let items = try await inOrganisation { try Strategy($0).elements() }
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.StrategyElementPeriod.init)))))
    }

    func addStrategyElement(
        _ input: Operations.AddStrategyElement.Input
    ) async throws -> Operations.AddStrategyElement.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        let since = checks.date(body.since, "since")
        let until = checks.date(body.until, "until")
        try checks.finish()
        guard let since else { throw APIProblem.validation([.init(field: "since", message: "is required")]) }
        let period = try await inOrganisation {
            try Strategy($0).addElement(body.element.rawValue, since: since, until: until)
        }
        return .created(.init(body: .json(.init(period))))
    }

    func presentInitiative(
        _ input: Operations.PresentInitiative.Input
    ) async throws -> Operations.PresentInitiative.Output {
        let ref = input.path.ref
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.presentedAs, "presented_as", max: TextLimit.paragraph)
        checks.text(body.presentedTo, "presented_to", max: TextLimit.line)
        let day = checks.date(body.presentedOn, "presented_on")
        try checks.finish()
        let expectation = try await inOrganisation { tx in
            try Strategy(tx).expect(
                initiative: ref, presentedAs: body.presentedAs, presentedTo: body.presentedTo,
                on: day ?? CalendarDate(.now, in: tx.organisation.zone))
        }
        return .ok(.init(body: .json(.init(expectation))))
    }

    func agreeInitiativeOutcome(
        _ input: Operations.AgreeInitiativeOutcome.Input
    ) async throws -> Operations.AgreeInitiativeOutcome.Output {
        let ref = input.path.ref
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.realisticOutcome, "realistic_outcome", max: TextLimit.paragraph)
        let day = checks.date(body.agreedOn, "agreed_on")
        try checks.finish()
        let expectation = try await inOrganisation { tx in
            try Strategy(tx).agree(
                initiative: ref, outcome: body.realisticOutcome, on: day ?? CalendarDate(.now, in: tx.organisation.zone)
            )
        }
        return .ok(.init(body: .json(.init(expectation))))
    }

    func listExpectations(
        _ input: Operations.ListExpectations.Input
    ) async throws -> Operations.ListExpectations.Output {
        let items = try await inOrganisation { try Strategy($0).expectations() }
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.Expectation.init)))))
    }
}

extension Components.Schemas.StrategyElementPeriod {
    init(_ period: StrategyElementPeriod) {
        self.init(
            id: period.id.apiText, element: word(period.element), since: period.since.description,
            until: period.until?.description)
    }
}

extension Components.Schemas.Expectation {
    init(_ expectation: InitiativeExpectation) {
        self.init(
            initiative: expectation.initiativeRef, presentedAs: expectation.presentedAs,
            presentedTo: expectation.presentedTo, presentedOn: expectation.presentedOn.description,
            realisticOutcome: expectation.realisticOutcome, agreedOn: expectation.agreedOn?.description)
    }
}
