import Foundation
import Hummingbird
import RadarDomain
import RadarRules

/// `/stakeholders/:id/brief`: the brief before meeting a stakeholder, laid out to print on one page, through
/// `RuleEngine.brief` as `radar brief` and the API read it; notes and statements only for roles that may read them.
enum BriefPage {
    static let routes: [WebRoute] = [
        .get("/stakeholders/:id/brief", .member(.read), show)
    ]

    static func show(_ page: PageRequest) async throws -> Response {
        guard let id = UUID(uuidString: page.parameters.get("id") ?? "") else { throw WebError.notFound }
        let sensitive = try page.user.seesSensitive
        let now = page.now
        let (brief, zone) = try await page.inOrganisation { tx in
            (try RuleEngine(tx).brief(.id(id), asOf: now, sensitive: sensitive), tx.organisation.zone)
        }
        func words(_ text: String) -> String { text.replacingOccurrences(of: "_", with: " ") }
        let values: [String: Any] = [
            "id": id.uuidString.lowercased(), "name": brief.name, "email": brief.email,
            "who": ([brief.title] + [words(brief.tier), words(brief.role)]).compactMap { $0 }.joined(separator: ", "),
            "engagement": brief.engagement ?? "not assessed", "wanted": brief.desiredEngagement ?? "not set",
            "lastContact": brief.lastContactOn ?? "none", "nextDue": brief.nextContactDue ?? "",
            "rhythm": brief.rhythm ?? "",
            "agenda": brief.agenda.map { ["item": $0] },
            "meetings": brief.lastConversations.map {
                [
                    "when": DayWords.moment($0.occurredAt, in: zone), "kind": words($0.kind),
                    "guidelines": $0.guidelines.joined(separator: ", "), "notes": $0.notes ?? "",
                ]
            },
            "fears": brief.openFears.map {
                [
                    "category": $0.category, "severity": $0.severity, "raised": $0.raisedOn, "status": $0.status,
                    "statement": $0.statement ?? "", "mitigation": $0.mitigation ?? "",
                ]
            },
            "commitments": brief.commitments.map {
                [
                    "whose": $0.theirs ? "Theirs" : "To them, by \($0.owner)", "due": $0.dueOn ?? "no date",
                    "overdue": $0.overdue, "description": $0.description ?? "",
                ]
            },
            "flags": brief.flags.map {
                ["severity": $0.severity, "guideline": $0.guideline, "message": $0.message, "next": $0.nextStep]
            },
            "uncovered": brief.guidelinesNeverCovered.joined(separator: "; "),
        ]
        return try page.page("brief", title: "Brief: \(brief.name)", values)
    }
}
