import Foundation
import Hummingbird
import RadarDigest
import RadarDomain
import RadarRules
import RadarStore

/// `/mine`: my radar: the people the signed-in HR user owns, the riskiest first, with when each is next due a
/// contact, open flags, fears and commitments falling due (`MyRadar`, as `radar mine` and the API read it); and
/// when and where they are told about their people each day.
enum MinePage {
    static let routes: [WebRoute] = [
        .get("/mine", .member(.read), show),
        .post("/mine/notices", .member(.read), saveNotices),
    ]

    static func show(_ page: PageRequest) async throws -> Response {
        try await render(page, problems: [], form: nil)
    }

    static func render(
        _ page: PageRequest, problems: [ValidationProblem], form: NoticePreferences.Changes?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let user = try page.user
        let (now, sensitive) = (page.now, user.may(.readSensitive))
        let (radar, preference, zone) = try await page.inOrganisation { tx in
            (
                try MyRadar.read(
                    owner: user.principal.userID, ownerEmail: user.principal.email, asOf: now, sensitive: sensitive,
                    in: tx),
                try NoticePreferences(tx).find(user: user.principal.userID), tx.organisation.timeZone
            )
        }
        let people = radar.people.enumerated().map { rank, person -> [String: Any] in
            [
                "rank": rank + 1, "name": person.name, "email": person.email, "risk": person.risk,
                "riskClass": "sev-\(person.risk)", "hasRisk": person.risk != "none",
                "score": person.score.map { String(Int($0.rounded())) } ?? "–",
                "nextContact": DayWords.day(person.nextContactDue),
                "overdue": person.contactOverdueDays > 0, "overdueDays": person.contactOverdueDays,
                "rhythm": person.usualIntervalDays.map { "their rhythm: every \(Int($0.rounded())) days" }
                    ?? "no rhythm yet: the \(person.silenceAllowedDays)-day threshold",
                "flags": person.openFlags.map {
                    [
                        "id": $0.id.uuidString.lowercased(), "severity": $0.severity.rawValue,
                        "severityClass": "sev-\($0.severity.rawValue)", "message": $0.message,
                    ]
                },
                "fears": person.openFears,
                "commitments": person.commitmentsDue.map {
                    ["due": DayWords.day($0.dueOn), "overdue": $0.overdue, "description": $0.description ?? "withheld"]
                },
            ]
        }
        let chosen = form
        var values: [String: Any] = [
            "people": people, "hasPeople": !people.isEmpty,
            "sendAt": chosen?.sendAt ?? preference?.sendAt ?? "08:00",
            "timeZone": chosen?.timeZone ?? preference?.timeZone ?? zone,
            "kinds": ChannelKind.allCases.map {
                ["value": $0.rawValue, "selected": $0.rawValue == (chosen?.kind ?? preference?.kind.rawValue ?? "email")]
            },
            "target": chosen?.target ?? preference.map { $0.kind == .email ? $0.target : "" } ?? "",
            "shownTarget": preference?.shownTarget ?? "",
            "enabled": chosen?.enabled ?? preference?.enabled ?? true, "hasPreference": preference != nil,
        ]
        if !problems.isEmpty {
            values["hasErrors"] = true
            values["errors"] = problems.map { ["field": $0.field.description, "message": $0.message] }
        }
        return try page.page("mine", title: "My radar", values, status: status)
    }

    static func saveNotices(_ page: PageRequest) async throws -> Response {
        func text(_ name: String) -> String? {
            let value = page.form[name]?.trimmingCharacters(in: .whitespaces) ?? ""
            return value.isEmpty ? nil : value
        }
        let changes = NoticePreferences.Changes(
            sendAt: text("sendAt"), timeZone: text("timeZone"), kind: text("kind"), target: text("target"),
            enabled: page.form["enabled"] == "on")
        let email = try page.user.principal.email
        let admin = try page.user.may(.administer)
        do {
            let saved = try await page.inOrganisation {
                try NoticePreferences($0).save(email: email, changes, allowDirectory: admin)
            }
            return try await page.redirect(
                to: "/mine",
                flash: saved.enabled
                    ? "You will be told at \(saved.sendAt) (\(saved.timeZone)) by \(saved.kind.rawValue) when "
                        + "something changes for your people."
                    : "You will not be told about your people.")
        } catch let failure as ValidationFailure {
            return try await render(page, problems: failure.problems, form: changes, status: .unprocessableContent)
        }
    }
}
