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
        .get("/flags/:id", .member(.read), show)
    ]

    static func show(_ page: PageRequest) async throws -> Response {
        guard let id = UUID(uuidString: page.parameters.get("id") ?? "") else { throw WebError.notFound }
        let (flag, events, zone, guidelines) = try await page.inOrganisation { tx in
            let (flag, events) = try FlagBook(tx).history(id.uuidString)
            return (flag, events, tx.organisation.zone, try GuidelineCatalogue.all(tx))
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
        return try page.page("flag", title: "Flag \(flag.rule)", values)
    }
}
