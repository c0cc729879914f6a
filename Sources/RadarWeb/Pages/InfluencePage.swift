import Foundation
import Hummingbird
import RadarDomain
import RadarStore

/// `/influence`: who influences whom, function by function, from the top team down, each person with their
/// engagement colour and the people they take a lead from; HR links two people here.
enum InfluencePage {
    static let routes: [WebRoute] = [
        .get("/influence", .member(.read), show),
        .post("/influence", .member(.record), add),
        .post("/influence/end", .member(.record), end),
    ]

    static func show(_ page: PageRequest) async throws -> Response {
        try await render(page, problem: nil)
    }

    static func render(_ page: PageRequest, problem: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let now = page.now
        let (people, links, today) = try await page.inOrganisation { tx in
            let today = CalendarDate(now, in: tx.organisation.zone)
            return (try Stakeholders(tx).list(Stakeholders.Filter()).filter(\.active),
                    try InfluenceLinks(tx).links(on: today), today)
        }
        let byEmail = Dictionary(people.map { ($0.email, $0) }, uniquingKeysWith: { first, _ in first })
        // A person's influencers: whom they report to or listen to, their peers, and whoever sponsors them.
        var takesLeadFrom: [String: [(InfluenceLink, String)]] = [:]
        for link in links {
            switch link.kind {
            case .reportsTo, .listensTo: takesLeadFrom[link.person.email, default: []].append((link, link.other.email))
            case .sponsorOf: takesLeadFrom[link.other.email, default: []].append((link, link.person.email))
            case .peersWith:
                takesLeadFrom[link.person.email, default: []].append((link, link.other.email))
                takesLeadFrom[link.other.email, default: []].append((link, link.person.email))
            }
        }
        let functions = Dictionary(grouping: people) { $0.function?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" }
        let tierOrder = Dictionary(uniqueKeysWithValues: Tier.allCases.enumerated().map { ($1, $0) })
        let groups: [[String: Any]] = functions.keys.sorted { ($0.isEmpty ? "~" : $0) < ($1.isEmpty ? "~" : $1) }.map {
            key in
            let members = functions[key]!.sorted { (tierOrder[$0.tier]!, $0.name) < (tierOrder[$1.tier]!, $1.name) }
            return [
                "function": key.isEmpty ? "No function recorded" : Words.readable(members[0].function ?? key),
                "people": members.map { person -> [String: Any] in
                    let influencers = (takesLeadFrom[person.email] ?? []).map { link, email -> [String: Any] in
                        let other = byEmail[email]
                        return [
                            "how": link.kind == .sponsorOf ? "sponsored by" : link.kind.phrase,
                            "name": other?.name ?? email, "anchor": other.map { "person-\($0.id.uuidString.lowercased())" } ?? "",
                            "engagementClass": DashboardPage.engagementClass(other?.engagement),
                            "engagementWord": other?.engagement.map { Words.readable($0.rawValue) } ?? "not assessed",
                            "id": link.id.uuidString.lowercased(),
                        ]
                    }
                    return [
                        "name": person.name, "email": person.email, "id": person.id.uuidString.lowercased(),
                        "tier": Words.readable(person.tier.rawValue), "role": Words.readable(person.role.rawValue),
                        "engagementClass": DashboardPage.engagementClass(person.engagement),
                        "engagementWord": person.engagement.map { Words.readable($0.rawValue) } ?? "not assessed",
                        "influencers": influencers, "hasInfluencers": !influencers.isEmpty,
                    ]
                },
            ]
        }
        var values: [String: Any] = [
            "groups": groups, "hasLinks": !links.isEmpty, "mayRecord": try page.user.may(.record),
            "today": today.description,
            "people": people.map { ["value": $0.email, "label": "\($0.name) (\($0.email))"] },
            "kinds": InfluenceKind.allCases.map { ["value": $0.rawValue, "label": $0.phrase] },
        ]
        if let problem { values["linkError"] = problem }
        return try page.page("influence", title: "Who influences whom", values, status: status)
    }

    static func add(_ page: PageRequest) async throws -> Response {
        let form = page.form
        let (person, kind, other, since) = (
            form.text("person") ?? "", form.text("kind") ?? "", form.text("other") ?? "", form.text("since")
        )
        return try await submit(page, flash: "The link is recorded.") { tx, today in
            try InfluenceLinks(tx).add(
                person: person, kind: kind, other: other,
                since: try NarrativesPage.day(since, field: "since"), today: today)
        }
    }

    static func end(_ page: PageRequest) async throws -> Response {
        guard let id = page.form.text("link").flatMap(UUID.init(uuidString:)) else {
            throw WebError.badRequest("The form did not say which link.")
        }
        return try await submit(page, flash: "The link is ended.") { tx, today in
            try InfluenceLinks(tx).end(id: id, on: today)
        }
    }

    /// Runs one form's write and redirects with `flash`, or shows the page again with the problem above the form.
    static func submit(
        _ page: PageRequest, flash: String, _ write: @escaping @Sendable (TenantTransaction, CalendarDate) throws -> Void
    ) async throws -> Response {
        try await page.submit(to: "/influence", flash: flash, refused: { failure in
            try await render(page, problem: InitiativePage.message(failure), status: .unprocessableContent)
        }, write)
    }
}
