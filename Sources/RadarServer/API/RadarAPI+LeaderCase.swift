internal import Foundation
import RadarDomain
import RadarStore

// The leader's case (issue 17): dated notes in their words of what the change gives and costs them.
extension RadarAPI {
    func getLeaderCase(_ input: Operations.GetLeaderCase.Input) async throws -> Operations.GetLeaderCase.Output {
        let id = try uuid(input.path.id, "stakeholder")
        let notes = try await inOrganisation { tx in
            try LeaderCases(tx).notes(email: try Stakeholders(tx).find(id: id).email)
        }
        let sensitive = try access.seesSensitive
        return .ok(.init(body: .json(.init(items: notes.map { .init($0, sensitive: sensitive) }))))
    }

    func addLeaderCaseNote(
        _ input: Operations.AddLeaderCaseNote.Input
    ) async throws -> Operations.AddLeaderCaseNote.Output {
        let id = try uuid(input.path.id, "stakeholder")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.inTheirWords, "in_their_words", max: TextLimit.paragraph)
        let recordedOn = checks.date(body.recordedOn, "recorded_on")
        try checks.finish()
        let draft = LeaderCaseDraft(
            aspect: body.aspect.rawValue, words: body.inTheirWords, roleModel: body.roleModel?.rawValue,
            recordedOn: recordedOn)
        let note = try await inOrganisation { tx in
            try LeaderCases(tx).record(
                email: try Stakeholders(tx).find(id: id).email, draft,
                today: CalendarDate(.now, in: tx.organisation.zone))
        }
        return .created(.init(body: .json(.init(note, sensitive: try access.seesSensitive))))
    }
}

extension Components.Schemas.LeaderCaseNote {
    init(_ note: LeaderCaseNote, sensitive: Bool) {
        self.init(
            id: note.id.apiText, email: note.email, aspect: word(note.aspect), recordedOn: note.recordedOn.description,
            inTheirWords: sensitive ? note.words : nil, roleModel: optionalWord(note.roleModel))
    }
}
