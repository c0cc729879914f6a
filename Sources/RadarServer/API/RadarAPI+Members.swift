internal import Foundation
import RadarDomain
import RadarStore

// An initiative's members and sessions (issue 17): enrolment, the attendance of each member, the next session due.
extension RadarAPI {
    func listInitiativeMembers(
        _ input: Operations.ListInitiativeMembers.Input
    ) async throws -> Operations.ListInitiativeMembers.Output {
        let (ref, asOf) = (input.path.ref, input.query.asOf ?? .now)
        let roster = try await inOrganisation { try InitiativeMembers($0).roster(initiative: ref, asOf: asOf) }
        let items = roster.members.map { member in
            Components.Schemas.InitiativeMember(
                member, attended: roster.attended(member), missedInRow: roster.missedInRow(member))
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func enrolInitiativeMember(
        _ input: Operations.EnrolInitiativeMember.Input
    ) async throws -> Operations.EnrolInitiativeMember.Output {
        let ref = input.path.ref
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.email, "email", max: TextLimit.email)
        let enrolled = checks.date(body.enrolledOn, "enrolled_on")
        try checks.finish()
        let draft = EnrolmentDraft(email: body.email, role: body.role?.rawValue, enrolledOn: enrolled)
        let member = try await inOrganisation { try InitiativeMembers($0).enrol(initiative: ref, draft) }
        return .created(.init(body: .json(.init(member, attended: nil, missedInRow: nil))))
    }

    func listInitiativeSessions(
        _ input: Operations.ListInitiativeSessions.Input
    ) async throws -> Operations.ListInitiativeSessions.Output {
        let (ref, asOf) = (input.path.ref, input.query.asOf ?? .now)
        let roster = try await inOrganisation { try InitiativeMembers($0).roster(initiative: ref, asOf: asOf) }
        let items = roster.sessions.map { session in
            Components.Schemas.InitiativeSession(
                ref: session.ref, occurredAt: session.occurredAt, kind: word(session.kind),
                attended: session.attendance.filter { $0.value == .attended }.keys.sorted(),
                missed: roster.members.filter { (roster.attendance(of: $0, at: session) ?? .attended) != .attended }
                    .map(\.email))
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: items, sessionsHeld: roster.heldSessions.count,
                        cadenceDays: roster.initiative.cadenceDays,
                        nextSessionDue: roster.nextSessionDue?.description))))
    }
}

extension Components.Schemas.InitiativeMember {
    init(_ member: InitiativeMember, attended: Int?, missedInRow: Int?) {
        self.init(
            email: member.email, name: member.name, role: word(member.role),
            enrolledOn: member.enrolledOn.description, leftOn: member.leftOn?.description, attended: attended,
            missedInRow: missedInRow, version: member.version)
    }
}
