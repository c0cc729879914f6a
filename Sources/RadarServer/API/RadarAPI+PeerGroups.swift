internal import Foundation
import RadarDomain
import RadarStore

// Peer-coaching pairs and trios (issue 17): formed in a peer-coaching initiative, met in its sessions.
extension RadarAPI {
    func listPeerGroups(_ input: Operations.ListPeerGroups.Input) async throws -> Operations.ListPeerGroups.Output {
        let (ref, asOf) = (input.path.ref, input.query.asOf ?? .now)
        let groups = try await inOrganisation { try PeerGroups($0).groups(initiative: ref, asOf: asOf) }
        return .ok(.init(body: .json(.init(items: groups.map(Components.Schemas.PeerGroup.init)))))
    }

    func addPeerGroup(_ input: Operations.AddPeerGroup.Input) async throws -> Operations.AddPeerGroup.Output {
        let ref = input.path.ref
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.name, "name", max: TextLimit.line)
        for (index, email) in body.members.enumerated() {
            checks.text(email, "members[\(index)]", max: TextLimit.email)
        }
        let startsOn = checks.date(body.startsOn, "starts_on")
        try checks.finish()
        let draft = PeerGroupDraft(
            name: body.name, members: body.members, startsOn: startsOn, rhythmDays: body.rhythmDays)
        let group = try await inOrganisation { tx in
            try PeerGroups(tx).add(initiative: ref, draft, today: CalendarDate(.now, in: tx.organisation.zone))
        }
        return .created(.init(body: .json(.init(group))))
    }

    func endPeerGroup(_ input: Operations.EndPeerGroup.Input) async throws -> Operations.EndPeerGroup.Output {
        let ref = input.path.ref
        let id = try uuid(input.path.group, "peer group")
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        let endsOn = checks.date(body.endsOn, "ends_on")
        try checks.finish()
        let group = try await inOrganisation { tx in
            let groups = PeerGroups(tx)
            // The group must belong to the initiative in the path, or it is not found there.
            guard try groups.group(id: id, asOf: .now).initiativeRef == Initiatives(tx).find(ref: ref).ref else {
                throw StoreError.notFound(entity: "peer group", key: id.uuidString.lowercased())
            }
            return try groups.end(id: id, on: endsOn ?? CalendarDate(.now, in: tx.organisation.zone))
        }
        return .ok(.init(body: .json(.init(group))))
    }
}

extension Components.Schemas.PeerGroup {
    init(_ group: PeerGroup) {
        self.init(
            id: group.id.apiText, initiative: group.initiativeRef, name: group.name,
            members: group.members.map { .init(email: $0.email, name: $0.name) },
            startsOn: group.startsOn.description, endsOn: group.endsOn?.description, rhythmDays: group.rhythmDays,
            meetings: group.meetings, lastMetOn: group.lastMetOn?.description,
            nextDue: group.endsOn == nil ? group.nextMeetingDue.description : nil, version: group.version)
    }
}
