internal import Foundation
import Postgres
import RadarDigest
import RadarDomain
import RadarRules
import RadarStore

// Owners: who in HR looks after whom, each owner's radar and notice preference, and actions from flags.
extension RadarAPI {
    func getMyRadar(_ input: Operations.GetMyRadar.Input) async throws -> Operations.GetMyRadar.Output {
        let access = try access
        var checks = RequestChecks()
        checks.text(input.query.user, "user", max: TextLimit.email)
        try checks.finish()
        let (email, asOf, sensitive) = (input.query.user ?? access.principal.email, input.query.asOf ?? .now, access.seesSensitive)
        // Another owner's radar is for HR and administrators, who stand in for each other; a viewer sees only their own.
        if email.lowercased() != access.principal.email.lowercased(), !access.role.allows(.record) {
            throw APIProblem.forbidden("Another member's radar is for HR users and administrators; leave out user to read your own.")
        }
        let radar = try await inOrganisation { tx in
            let member = try HROwners(tx).member(email: email)
            return try MyRadar.read(owner: member.id, ownerEmail: member.email, asOf: asOf, sensitive: sensitive, in: tx)
        }
        return .ok(.init(body: .json(.init(radar))))
    }

    func getMyNoticePreference(
        _ input: Operations.GetMyNoticePreference.Input
    ) async throws -> Operations.GetMyNoticePreference.Output {
        let principal = try access.principal
        let (preference, zone) = try await inOrganisation { tx in
            (try NoticePreferences(tx).find(user: principal.userID), tx.organisation.timeZone)
        }
        guard let preference else {
            return .ok(
                .init(
                    body: .json(
                        .init(
                            user: principal.email, sendAt: "08:00", timeZone: zone, kind: .email,
                            target: principal.email, enabled: true, chosen: false))))
        }
        return .ok(.init(body: .json(.init(preference))))
    }

    func setMyNoticePreference(
        _ input: Operations.SetMyNoticePreference.Input
    ) async throws -> Operations.SetMyNoticePreference.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.target, "target", max: 2000)
        checks.text(body.timeZone, "time_zone", max: 64)
        try checks.finish()
        let (email, admin) = (try access.principal.email, try access.role == .admin)
        let changes = NoticePreferences.Changes(
            sendAt: body.sendAt, timeZone: body.timeZone, kind: body.kind?.rawValue, target: body.target,
            enabled: body.enabled)
        let saved = try await inOrganisation { try NoticePreferences($0).save(email: email, changes, allowDirectory: admin) }
        return .ok(.init(body: .json(.init(saved))))
    }

    func listOwners(_ input: Operations.ListOwners.Input) async throws -> Operations.ListOwners.Output {
        let rows = try await inOrganisation { try HROwners($0).assignments() }
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: rows.map {
                            .init(email: $0.email, name: $0.name, hrOwnerEmail: $0.ownerEmail, hrOwnerName: $0.ownerName)
                        }))))
    }

    func assignOwners(_ input: Operations.AssignOwners.Input) async throws -> Operations.AssignOwners.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.ownerEmail, "owner_email", max: TextLimit.email)
        if body.people.count > 1000 { checks.add("people", "names more than 1000 people; send them in parts") }
        for (index, email) in body.people.enumerated() { checks.text(email, "people[\(index)]", max: TextLimit.email) }
        try checks.finish()
        let (owner, people) = (body.ownerEmail, body.people)
        let changed = try await inOrganisation { try HROwners($0).assign(owner, to: people) }
        return .ok(.init(body: .json(.init(changed: changed))))
    }

    func addFlagAction(_ input: Operations.AddFlagAction.Input) async throws -> Operations.AddFlagAction.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        let id = try uuid(input.path.id, "flag")
        var checks = RequestChecks()
        checks.text(body.owner, "owner", max: TextLimit.email)
        checks.text(body.step, "step", max: FlagActions.longestStep)
        let due = checks.date(body.due, "due")
        try checks.finish()
        let (owner, step) = (body.owner, body.step)
        let action = try await inOrganisation { tx in
            try FlagActions(tx).add(flag: id.uuidString, owner: owner, due: due, step: step, at: .now)
        }
        return .created(.init(body: .json(.init(action))))
    }

    func listFlagActions(_ input: Operations.ListFlagActions.Input) async throws -> Operations.ListFlagActions.Output {
        let includeDone = input.query.includeDone ?? false
        let actions = try await inOrganisation { tx in
            try FlagActions(tx).list(includeDone: includeDone, today: CalendarDate(.now, in: tx.organisation.zone))
        }
        return .ok(.init(body: .json(.init(items: actions.map(Components.Schemas.FlagAction.init)))))
    }

    func completeFlagAction(
        _ input: Operations.CompleteFlagAction.Input
    ) async throws -> Operations.CompleteFlagAction.Output {
        let id = try uuid(input.path.id, "action")
        let action = try await inOrganisation { try FlagActions($0).done(id.uuidString, at: .now) }
        return .ok(.init(body: .json(.init(action))))
    }
}

extension Components.Schemas.MyRadar {
    init(_ radar: MyRadar) {
        self.init(
            owner: radar.owner, asOf: radar.asOf,
            people: radar.people.map { person in
                .init(
                    email: person.email, name: person.name, tier: person.tier, role: person.role,
                    risk: Components.Schemas.MyRadarPerson.RiskPayload(rawValue: person.risk)
                        ?? Components.Schemas.MyRadarPerson.RiskPayload.none,
                    score: person.score,
                    daysSinceContact: person.daysSinceContact, usualIntervalDays: person.usualIntervalDays,
                    silenceAllowedDays: person.silenceAllowedDays, nextContactDue: person.nextContactDue.description,
                    contactOverdueDays: person.contactOverdueDays, fromRhythm: person.fromRhythm,
                    openFlags: person.openFlags.map {
                        .init(
                            id: $0.id.apiText, rule: $0.rule, severity: word($0.severity), status: $0.status.rawValue,
                            message: $0.message)
                    },
                    openFears: person.openFears,
                    commitmentsDue: person.commitmentsDue.map {
                        .init(
                            id: $0.id.apiText, description: $0.description, dueOn: $0.dueOn.description,
                            overdue: $0.overdue)
                    })
            })
    }
}

extension Components.Schemas.NoticePreference {
    init(_ preference: NoticePreference) {
        self.init(
            user: preference.email, sendAt: preference.sendAt, timeZone: preference.timeZone,
            kind: .init(rawValue: preference.kind.rawValue) ?? .email, target: preference.shownTarget,
            enabled: preference.enabled, chosen: true)
    }
}

extension Components.Schemas.FlagAction {
    init(_ action: RadarRules.FlagAction) {
        self.init(
            id: action.id.apiText, flag: action.flag.apiText, step: action.step, ownerEmail: action.ownerEmail,
            ownerName: action.ownerName, ownerIsUser: action.ownerIsUser, dueOn: action.dueOn.description,
            createdAt: action.createdAt, createdBy: action.createdBy, doneAt: action.doneAt, doneBy: action.doneBy,
            state: action.doneAt != nil ? .done : action.overdue ? .overdue : .open)
    }
}
