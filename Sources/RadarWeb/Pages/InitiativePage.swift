import Foundation
import Hummingbird
import Postgres
import RadarDomain
import RadarStore

/// `/initiatives/:id`: one initiative's members, sessions, attendance grid and next session due; HR and
/// administrators enrol people and record a session from here.
enum InitiativePage {
    static let routes: [WebRoute] = [
        .get("/initiatives/:id", .member(.read), show),
        .post("/initiatives/:id/members", .member(.record), enrol),
        .post("/initiatives/:id/sessions", .member(.record), recordSession),
        .post("/initiatives/:id/peer-groups", .member(.record), formPeerGroup),
        .post("/initiatives/:id/benefits", .member(.record), InitiativeBenefits.register),
        .post("/initiatives/:id/benefits/readings", .member(.record), InitiativeBenefits.read),
        .post("/initiatives/:id/expectation", .member(.record), InitiativeBenefits.present),
        .post("/initiatives/:id/expectation/agreement", .member(.record), InitiativeBenefits.agree),
    ]

    /// What the page needs from one transaction.
    struct Reading: Sendable {
        var roster: InitiativeRoster
        var people: [Stakeholder]
        var ids: [String: UUID]
        var today: CalendarDate
        /// The time of day there now, to the quarter hour below (`14:30`): the session form's default, so a session
        /// recorded as held today is never in the future.
        var timeNow: String
        /// Its pairs and trios, when it is a peer-coaching initiative.
        var peerGroups: [PeerGroup]
        /// Its benefits register.
        var benefits: [Benefit]
        /// What it was presented as, if it was.
        var expectation: InitiativeExpectation?
    }

    /// `instant`'s time of day in `zone`, rounded down to the quarter hour, as `HH:mm`.
    static func quarterHour(_ instant: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: instant)
        return String(format: "%02d:%02d", parts.hour ?? 0, (parts.minute ?? 0) / 15 * 15)
    }

    static func initiativeID(_ page: PageRequest) throws -> UUID {
        guard let id = UUID(uuidString: page.parameters.get("id") ?? "") else { throw WebError.notFound }
        return id
    }

    static func read(_ page: PageRequest, id: UUID) async throws -> Reading {
        let now = page.now
        return try await page.inOrganisation { tx in
            let initiative = try Initiatives(tx).find(id: id)
            let people = try Stakeholders(tx).list(Stakeholders.Filter(includeLeft: true))
            return Reading(
                roster: try InitiativeMembers(tx).roster(initiative: initiative.ref, asOf: now), people: people,
                ids: Dictionary(people.map { ($0.email, $0.id) }, uniquingKeysWith: { first, _ in first }),
                today: CalendarDate(now, in: tx.organisation.zone), timeNow: Self.quarterHour(now, in: tx.organisation.zone),
                peerGroups: initiative.kind == .peerCoaching
                    ? try PeerGroups(tx).groups(initiative: initiative.ref, asOf: now) : [],
                benefits: try Benefits(tx).benefits(initiative: initiative.ref),
                expectation: try Strategy(tx).expectation(of: initiative.id))
        }
    }

    static func show(_ page: PageRequest) async throws -> Response {
        let id = try initiativeID(page)
        do {
            return try render(page, try await read(page, id: id), problem: nil)
        } catch StoreError.notFound {
            throw WebError.notFound
        }
    }

    /// A problem with one of the two forms, shown beside it with what was typed.
    struct Problem {
        var form: String
        var message: String
        var fields: [String: String]
    }

    static func render(
        _ page: PageRequest, _ reading: Reading, problem: Problem?, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let user = try page.user
        let roster = reading.roster
        let initiative = roster.initiative
        let sessions = roster.sessions
        let members: [[String: Any]] = roster.members.map { member in
            var row: [String: Any] = [
                "name": member.name, "role": Words.readable(member.role.rawValue),
                "enrolledOn": InitiativesPage.day(member.enrolledOn), "attended": roster.attended(member),
                "missedInRow": roster.missedInRow(member), "missing": roster.missedInRow(member) >= 2,
                "cells": sessions.map { session -> [String: Any] in
                    switch roster.attendance(of: member, at: session) {
                    case nil: ["mark": "–", "word": "not enrolled", "class": "muted"]
                    case .attended?: ["mark": "✓", "word": "attended", "class": "attended"]
                    case let other?: ["mark": "✗", "word": Words.readable(other.rawValue), "class": "missed"]
                    }
                },
            ]
            if let id = reading.ids[member.email] { row["id"] = id.uuidString.lowercased() }
            if let left = member.leftOn { row["leftOn"] = InitiativesPage.day(left) }
            return row
        }
        var values: [String: Any] = [
            "id": initiative.id.uuidString.lowercased(), "ref": initiative.ref, "title": initiative.title,
            "kind": Words.readable(initiative.kind.rawValue), "status": Words.readable(initiative.status.rawValue),
            "phase": InitiativesPage.phase(initiative, today: reading.today),
            "members": members, "hasMembers": !members.isEmpty,
            "sessions": sessions.map { ["day": InitiativesPage.day($0.day), "date": $0.day.description] },
            "hasSessions": !sessions.isEmpty, "sessionsHeld": roster.heldSessions.count,
            "mayRecord": user.may(.record), "today": reading.today.description,
        ]
        if let cadence = initiative.cadenceDays { values["cadence"] = cadence }
        if let due = roster.nextSessionDue {
            values["nextDue"] = InitiativesPage.day(due)
            let late = due.days(to: reading.today)
            if late > 0 { values["overdueDays"] = late }
        }
        let enrolled = Set(roster.members.filter { $0.leftOn == nil }.map(\.email))
        values["candidates"] = reading.people.filter { $0.active && !enrolled.contains($0.email) }.map {
            [
                "value": $0.email, "label": "\($0.name) (\($0.email))",
                "selected": problem?.fields["email"] == $0.email,
            ]
        }
        values["roles"] = EnrolmentRole.allCases.map {
            [
                "value": $0.rawValue, "label": Words.readable($0.rawValue),
                "selected": problem?.fields["role"] == $0.rawValue,
            ]
        }
        values["kinds"] = ConversationKind.allCases.map {
            [
                "value": $0.rawValue, "label": Words.readable($0.rawValue),
                "selected": (problem?.fields["kind"] ?? ConversationKind.group.rawValue) == $0.rawValue,
            ]
        }
        values["current"] = roster.members.filter { $0.isEnrolled(on: reading.today) }.enumerated().map {
            index, member in
            ["i": index, "email": member.email, "name": member.name]
        }
        values["sessionOn"] = problem?.fields["occurred_on"] ?? reading.today.description
        values["sessionTime"] = problem?.fields["occurred_time"] ?? reading.timeNow
        values["enrolOn"] = problem?.fields["enrolled_on"] ?? initiative.startsOn.description
        if initiative.kind == .peerCoaching {
            values["peerCoaching"] = peerGroupValues(reading, problem: problem)
        }
        for (key, value) in InitiativeBenefits.values(reading) { values[key] = value }
        if let problem { values[problem.form + "Error"] = problem.message }
        return try page.page("initiative", title: initiative.title, values, status: status)
    }

    /// Enrols the chosen person with the chosen role from the chosen day.
    static func enrol(_ page: PageRequest) async throws -> Response {
        let id = try initiativeID(page)
        let fields = [
            "email": page.form.text("email") ?? "", "role": page.form.text("role") ?? "",
            "enrolled_on": page.form.text("enrolled_on") ?? "",
        ]
        let location = "/initiatives/\(id.uuidString.lowercased())"
        do {
            guard let day = CalendarDate(fields["enrolled_on"]!) else {
                throw ValidationFailure([
                    ValidationProblem(field: "enrolledOn", message: "enter a date such as 2026-03-04")
                ])
            }
            let draft = EnrolmentDraft(email: fields["email"], role: fields["role"], enrolledOn: day)
            let member = try await page.inOrganisation { tx in
                try InitiativeMembers(tx).enrol(initiative: try Initiatives(tx).find(id: id).ref, draft)
            }
            return try await page.redirect(to: location, flash: "\(member.name) is enrolled.")
        } catch let failure as ValidationFailure {
            return try render(
                page, try await read(page, id: id),
                problem: Problem(form: "enrol", message: message(failure), fields: fields),
                status: .unprocessableContent)
        }
    }

    /// Records a session: a conversation of the initiative in which each current member ticked attended and
    /// everyone else was a no-show. Its ref is made from the initiative and the time, so sending the form twice
    /// records it once.
    static func recordSession(_ page: PageRequest) async throws -> Response {
        let id = try initiativeID(page)
        let fields = [
            "occurred_on": page.form.text("occurred_on") ?? "", "occurred_time": page.form.text("occurred_time") ?? "",
            "kind": page.form.text("kind") ?? "",
        ]
        let present = Set(page.form.all("attended"))
        let location = "/initiatives/\(id.uuidString.lowercased())"
        let now = page.now
        do {
            let recorded = try await page.inOrganisation { tx -> Bool in
                let zone = tx.organisation.zone
                let initiative = try Initiatives(tx).find(id: id)
                guard let day = CalendarDate(fields["occurred_on"]!) else {
                    throw ValidationFailure([
                        ValidationProblem(field: "occurredOn", message: "enter a date such as 2026-03-04")
                    ])
                }
                let time = fields["occurred_time"]!.split(separator: ":").compactMap { Int($0) }
                guard time.count == 2, (0..<24).contains(time[0]), (0..<60).contains(time[1]) else {
                    throw ValidationFailure([
                        ValidationProblem(field: "occurredTime", message: "enter a time such as 14:30")
                    ])
                }
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = zone
                let at = calendar.date(
                    from: DateComponents(year: day.year, month: day.month, day: day.day, hour: time[0], minute: time[1])
                )!
                let ref = "\(initiative.ref)-\(day)-" + String(format: "%02d%02d", time[0], time[1])
                if (try? Conversations(tx).show(ref: ref)) != nil { return false }
                let members = try InitiativeMembers(tx).members(of: initiative).filter { $0.isEnrolled(on: day) }
                guard !members.isEmpty else {
                    throw ValidationFailure([
                        ValidationProblem(
                            field: "attended", message: "nobody was enrolled on \(day); enrol the members first")
                    ])
                }
                let draft = ConversationDraft(
                    ref: ref, occurredAt: at, kind: .text(fields["kind"]!),
                    participants: members.map {
                        .init(email: $0.email, attendance: .value(present.contains($0.email) ? .attended : .noShow))
                    },
                    initiative: initiative.ref)
                try Conversations(tx).record(draft, now: now)
                return true
            }
            return try await page.redirect(
                to: location, flash: recorded ? "The session is recorded." : "That session was already recorded.")
        } catch let failure as ValidationFailure {
            return try render(
                page, try await read(page, id: id),
                problem: Problem(form: "session", message: message(failure), fields: fields),
                status: .unprocessableContent)
        }
    }

    /// The peer-groups section: each pair or trio with its last meeting, and the form's choices and typed values.
    static func peerGroupValues(_ reading: Reading, problem: Problem?) -> [String: Any] {
        let groups: [[String: Any]] = reading.peerGroups.map { group in
            var entry: [String: Any] = [
                "name": group.name, "members": group.members.map(\.name).joined(separator: ", "),
                "since": InitiativesPage.day(group.startsOn), "rhythm": group.rhythmDays, "meetings": group.meetings,
            ]
            if let last = group.lastMetOn { entry["lastMet"] = InitiativesPage.day(last) }
            if let ended = group.endsOn {
                entry["ended"] = InitiativesPage.day(ended)
            } else {
                let late = group.nextMeetingDue.days(to: reading.today)
                if late > 0 { entry["overdueDays"] = late }
            }
            return entry
        }
        let chosen = Set(problem?.form == "peerGroup" ? (problem?.fields["members"] ?? "").split(separator: ";") : [])
        return [
            "groups": groups, "hasGroups": !groups.isEmpty,
            "people": reading.people.filter(\.active).enumerated().map { index, person in
                [
                    "i": index, "email": person.email, "name": person.name,
                    "checked": chosen.contains(Substring(person.email)),
                ] as [String: Any]
            },
            "groupName": problem?.fields["name"] ?? "", "groupRhythm": problem?.fields["rhythm_days"] ?? "30",
            "groupOn": problem?.fields["starts_on"] ?? reading.today.description,
        ]
    }

    /// Forms a pair or trio from the ticked people.
    static func formPeerGroup(_ page: PageRequest) async throws -> Response {
        let id = try initiativeID(page)
        let members = page.form.all("members")
        let fields = [
            "name": page.form.text("name") ?? "", "rhythm_days": page.form.text("rhythm_days") ?? "",
            "starts_on": page.form.text("starts_on") ?? "", "members": members.joined(separator: ";"),
        ]
        let location = "/initiatives/\(id.uuidString.lowercased())"
        do {
            guard let day = CalendarDate(fields["starts_on"]!) else {
                throw ValidationFailure([
                    ValidationProblem(field: "startsOn", message: "enter a date such as 2026-03-04")
                ])
            }
            guard let rhythm = Int(fields["rhythm_days"]!) else {
                throw ValidationFailure([ValidationProblem(field: "rhythmDays", message: "enter a number of days")])
            }
            let draft = PeerGroupDraft(name: fields["name"], members: members, startsOn: day, rhythmDays: rhythm)
            let group = try await page.inOrganisation { tx in
                try PeerGroups(tx).add(initiative: try Initiatives(tx).find(id: id).ref, draft, today: day)
            }
            return try await page.redirect(to: location, flash: "\(group.name) is formed.")
        } catch let failure as ValidationFailure {
            return try render(
                page, try await read(page, id: id),
                problem: Problem(form: "peerGroup", message: message(failure), fields: fields),
                status: .unprocessableContent)
        }
    }

    static func message(_ failure: ValidationFailure) -> String {
        failure.problems.map { "\(Words.readable($0.field.formName)) \($0.message)" }.joined(separator: "; ")
    }
}
