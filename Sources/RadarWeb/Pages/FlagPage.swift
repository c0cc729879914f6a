import Foundation
import Hummingbird
import RadarDomain
import RadarRules
import RadarStore

/// `/flags/:id`: one flag and its timeline, each change in its life with the facts at that moment, read through
/// `FlagBook.history` as `radar flags history` and the API read it. Free-text reasons (an acknowledgement's,
/// a snooze's, a silence's) show only to the roles that triage.
enum FlagPage {
    static let routes: [WebRoute] = [
        .get("/flags/:id", .member(.read), show),
        .post("/flags/:id/actions", .member(.triage), addAction),
        .post("/flags/:id/actions/:action/done", .member(.triage), actionDone),
    ]

    static func show(_ page: PageRequest) async throws -> Response {
        try await render(page, problems: [])
    }

    static func render(
        _ page: PageRequest, problems: [ValidationProblem], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let id = UUID(uuidString: page.parameters.get("id") ?? "") else { throw WebError.notFound }
        let now = page.now
        let (flag, events, zone, guidelines, actions) = try await page.inOrganisation { tx in
            let (flag, events) = try FlagBook(tx).history(id.uuidString)
            let today = CalendarDate(now, in: tx.organisation.zone)
            return (
                flag, events, tx.organisation.zone, try GuidelineCatalogue.all(tx),
                try FlagActions(tx).of(flag: flag.id, today: today)
            )
        }
        let mayTriage = try page.user.may(.triage)
        let timeline = events.map { event -> [String: Any] in
            var values: [String: Any] = [
                "when": DayWords.moment(event.occurredAt, in: zone), "event": event.kind.rawValue,
                "severity": event.severity.rawValue, "severityClass": "sev-\(event.severity.rawValue)",
                "facts": DayWords.evidence(event.evidence ?? [:]), "hasFacts": !(event.evidence ?? [:]).isEmpty,
            ]
            if let actor = event.actor { values["actor"] = actor }
            if let resolution = event.resolution { values["resolution"] = Words.readable(resolution.rawValue) }
            if let until = event.snoozedUntil { values["until"] = DayWords.day(until) }
            if let reason = event.reason, mayTriage || !event.reasonIsPersonal { values["reason"] = reason }
            if let suppressor = event.suppressedBy { values["suppressedBy"] = suppressor.uuidString.lowercased() }
            return values
        }
        var values: [String: Any] = [
            "id": flag.id.uuidString.lowercased(), "shortID": String(flag.id.uuidString.prefix(8)).lowercased(),
            "rule": flag.rule, "guideline": flag.guideline, "guidelineName": guidelines.name(of: flag.guideline),
            "severity": flag.severity.rawValue, "severityClass": "sev-\(flag.severity.rawValue)",
            "status": DayWords.flagStatus(flag), "message": flag.message, "nextStep": flag.nextStep,
            "subjectName": FlagsPage.subjectName(flag), "subjectKind": flag.subjectKind.rawValue,
            "events": timeline, "hasEvents": !timeline.isEmpty,
        ]
        if let suppressor = flag.suppressedBy { values["suppressedBy"] = suppressor.uuidString.lowercased() }
        if mayTriage, let reason = flag.silenceReason { values["silenceReason"] = reason }
        values["actions"] = actions.map { action -> [String: Any] in
            [
                "id": action.id.uuidString.lowercased(), "flagID": flag.id.uuidString.lowercased(), "step": action.step, "owner": action.ownerName ?? "nobody",
                "ownerEmail": action.ownerEmail ?? "", "due": DayWords.day(action.dueOn),
                "state": action.doneAt != nil ? "done" : action.overdue ? "overdue" : "open",
                "open": action.doneAt == nil && mayTriage,
            ]
        }
        values["hasActions"] = !actions.isEmpty
        values["mayAct"] = mayTriage && flag.status != .resolved
        values["defaultDue"] = CalendarDate(page.now, in: zone).adding(days: 7).description
        if !problems.isEmpty {
            values["actionErrors"] = problems.map { ["message": "\($0.field): \($0.message)"] }
        }
        return try page.page("flag", title: "Flag \(flag.rule)", values, status: status)
    }

    /// Makes the flag's next step an action with the owner and due day chosen.
    static func addAction(_ page: PageRequest) async throws -> Response {
        guard let id = UUID(uuidString: page.parameters.get("id") ?? "") else { throw WebError.notFound }
        let owner = page.form["owner"] ?? ""
        let dueText = page.form["due"] ?? ""
        let step = page.form["step"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let now = page.now
        do {
            _ = try await page.inOrganisation { tx in
                try FlagActions(tx).add(flag: id.uuidString, owner: owner, due: CalendarDate(dueText), step: step, at: now)
            }
        } catch let failure as ValidationFailure {
            return try await render(page, problems: failure.problems, status: .unprocessableContent)
        }
        return try await page.redirect(to: "/flags/\(id.uuidString.lowercased())", flash: "Action added for \(owner).")
    }

    static func actionDone(_ page: PageRequest) async throws -> Response {
        guard let id = UUID(uuidString: page.parameters.get("id") ?? ""),
            let action = UUID(uuidString: page.parameters.get("action") ?? "")
        else { throw WebError.notFound }
        let now = page.now
        do {
            _ = try await page.inOrganisation { try FlagActions($0).done(action.uuidString, at: now) }
        } catch let settled as StoreError where settled.isSettled {
            return try await page.redirect(to: "/flags/\(id.uuidString.lowercased())", flash: "Not changed: \(settled).")
        }
        return try await page.redirect(to: "/flags/\(id.uuidString.lowercased())", flash: "Action done.")
    }
}
