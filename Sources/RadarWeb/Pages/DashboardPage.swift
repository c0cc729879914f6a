import Foundation
import Hummingbird
import RadarDomain
import RadarRules
import RadarStore

/// `/`: the radar: leaders ranked by risk with their score's twelve weeks, silence, engagement and flags; the
/// organisation's own flags; and the power/interest grid.
enum DashboardPage {
    static let routes: [WebRoute] = [
        .get("/", .member(.read), show)
    ]

    static func show(_ page: PageRequest) async throws -> Response {
        let asOf = page.now
        // "Mine" narrows the radar to the people the signed-in HR user owns; "everyone" is the default.
        let mine = page.query["show"] == "mine"
        let user = try page.user.principal.userID
        let (reading, zone, queue, upcoming) = try await page.inOrganisation { tx in
            var reading = try RadarReading(tx, asOf: asOf)
            if mine {
                let owned = Set(try HROwners(tx).people(of: user))
                reading.people = reading.people.filter { owned.contains($0.id) }
            }
            return (
                reading, tx.organisation.zone, try CalendarDrafts(tx).queue(),
                try CalendarDrafts(tx).upcoming(from: asOf, until: asOf.addingTimeInterval(7 * 86_400))
            )
        }
        var values = values(reading, asOf: asOf, zone: zone)
        values["showMine"] = mine
        // Meetings of the coming week with tracked people, each with a brief to read beforehand.
        values["meetingsThisWeek"] = upcoming.map { meeting -> [String: Any] in
            [
                "when": meeting.allDay
                    ? DayWords.day(CalendarDate(meeting.startsAt, in: zone)) : DayWords.moment(meeting.startsAt, in: zone),
                "summary": meeting.summary ?? "",
                "people": meeting.people.map { ["id": $0.id.uuidString.lowercased(), "name": $0.name] },
            ]
        }
        values["hasMeetingsThisWeek"] = !upcoming.isEmpty
        // The review queue's size and age, for those who may confirm: a queue left waiting is why records go stale.
        if queue.pending > 0, try page.user.may(.record) {
            values["draftQueue"] = [
                "count": queue.pending, "plural": queue.pending != 1,
                "since": queue.oldest.map { DayWords.moment($0, in: zone) } ?? "",
            ]
        }
        return try page.page("dashboard", title: "Radar", values)
    }

    /// The template's values for `reading` as of `asOf`.
    static func values(_ reading: RadarReading, asOf: Date, zone: TimeZone) -> [String: Any] {
        let leaders = reading.leadersByRisk.enumerated().map { rank, person in leader(person, rank: rank + 1) }
        let placed = reading.people.filter { $0.influence != nil && $0.interest != nil }
        var perCell: [String: Int] = [:]
        // Dots carry a number and the key below the grid names them: names beside the dots ran into each other.
        let dots = placed.enumerated().map { index, person -> [String: Any] in
            let key = "\(person.interest!)-\(person.influence!)"
            let offset = perCell[key, default: 0]
            perCell[key] = offset + 1
            let (x, y) = Charts.gridPosition(interest: person.interest!, influence: person.influence!, offset: offset)
            return [
                "number": index + 1, "id": person.id.uuidString.lowercased(),
                "name": person.name, "cx": Charts.format(x), "cy": Charts.format(y), "numberY": Charts.format(y + 3),
                "engagementClass": engagementClass(person.engagement),
                "engagementWord": person.engagement.map { Words.readable($0.rawValue) } ?? "not assessed",
                "influence": person.influence!, "interest": person.interest!,
            ]
        }
        let formatter = DateFormatter()
        formatter.timeZone = zone
        formatter.locale = Locale(identifier: "en_GB")
        formatter.dateFormat = "d MMMM yyyy, HH:mm"
        return [
            "asOf": formatter.string(from: asOf),
            "leaders": leaders, "hasLeaders": !leaders.isEmpty,
            "organisationFlags": reading.organisationFlags.map(flag),
            "hasOrganisationFlags": !reading.organisationFlags.isEmpty,
            "dots": dots, "hasDots": !dots.isEmpty, "unplaced": reading.people.count - placed.count,
            "hasUnplaced": reading.people.count > placed.count,
            "legend": EngagementLevel.allCases.map {
                ["class": "eng-\($0.rawValue)", "word": Words.readable($0.rawValue)]
            }
                + [["class": "eng-none", "word": "not assessed"]],
            "gridTicks": (1...5).map { tick -> [String: Any] in
                let cell = (Charts.gridSide - Charts.gridMargin) / 5
                return [
                    "value": tick,
                    "x": Charts.format(Charts.gridMargin + (Double(tick) - 0.5) * cell),
                    "y": Charts.format((5.5 - Double(tick)) * cell + 3),
                ]
            },
        ]
    }

    static func leader(_ person: RadarReading.Person, rank: Int) -> [String: Any] {
        let spark = Charts.sparkline(person.scores)
        var values: [String: Any] = [
            "rank": rank, "id": person.id.uuidString.lowercased(), "name": person.name,
            "points": spark.points,
            "silence": person.daysSinceContact.map { $0 == 1 ? "1 day" : "\($0) days" } ?? "no contact yet",
            "engagementClass": engagementClass(person.engagement),
            "engagementWord": person.engagement.map { Words.readable($0.rawValue) } ?? "not assessed",
            "desiredClass": engagementClass(person.desiredEngagement),
            "desiredWord": person.desiredEngagement.map { Words.readable($0.rawValue) } ?? "not set",
            "flags": person.flags.map(flag), "hasFlags": !person.flags.isEmpty,
        ]
        if let title = person.title { values["title"] = title }
        if let score = person.score { values["score"] = score }
        if let last = spark.last { values["lastX"] = Charts.format(last.x); values["lastY"] = Charts.format(last.y) }
        return values
    }

    static func flag(_ flag: Flag) -> [String: Any] {
        [
            "severity": flag.severity.rawValue, "severityClass": "sev-\(flag.severity.rawValue)",
            "message": flag.message, "nextStep": flag.nextStep, "guideline": flag.guideline,
            "acknowledged": flag.status == .acknowledged,
        ]
    }

    static func engagementClass(_ level: EngagementLevel?) -> String {
        level.map { "eng-\($0.rawValue)" } ?? "eng-none"
    }
}
