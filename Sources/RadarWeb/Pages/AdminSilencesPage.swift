import Foundation
import Hummingbird
import RadarDomain
import RadarRules
import RadarStore

/// `/admin/silences`: the organisation's silences, active, expired and ended; an administrator silences flags by
/// rule, guideline, subject or tier until a day with a reason, or ends a silence, through `Silences` as
/// `radar silence …` and the API do (audited, with the administrator as the actor).
enum AdminSilencesPage {
    static let routes: [WebRoute] = [
        .get("/admin/silences", .member(.administer), show),
        .post("/admin/silences", .member(.administer), add),
        .post("/admin/silences/:id/end", .member(.administer), end),
    ]

    /// The add form as typed.
    struct AddForm {
        var rule = ""
        var guideline = ""
        var subject = ""
        var tier = ""
        var until = ""
        var reason = ""
    }

    static func show(_ page: PageRequest) async throws -> Response {
        try await render(page, form: AddForm(), problems: [])
    }

    static func render(
        _ page: PageRequest, form: AddForm, problems: [ValidationProblem], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let now = page.now
        let (silences, rules, guidelines, today) = try await page.inOrganisation { tx in
            (
                try Silences(tx).all(), try RuleEngine(tx).rules().map(\.code), try GuidelineCatalogue.all(tx),
                CalendarDate(now, in: tx.organisation.zone)
            )
        }
        let rows = silences.reversed().map { silence -> [String: Any] in
            let state = silence.endedAt != nil ? "ended" : silence.until <= today ? "expired" : "active"
            return [
                "id": silence.id.uuidString.lowercased(), "matches": silence.matcherText,
                "until": DayWords.day(silence.until), "reason": silence.reason, "state": state,
                "active": state == "active", "by": silence.createdBy,
            ]
        }
        func choices(_ words: [String], _ chosen: String) -> [[String: Any]] {
            words.map { ["value": $0, "selected": $0 == chosen] }
        }
        var values: [String: Any] = [
            "silences": rows, "hasSilences": !rows.isEmpty,
            "rules": choices(rules, form.rule), "guidelines": choices(guidelines.map(\.code), form.guideline),
            "tiers": choices(Tier.allCases.map(\.rawValue), form.tier),
            "form": [
                "subject": form.subject, "until": form.until.isEmpty ? today.adding(days: 30).description : form.until,
                "reason": form.reason,
            ],
        ]
        for problem in problems {
            let field = problem.field.description
            let known = ["rule", "guideline", "subject", "tier", "until", "reason"].contains(field) ? field : "matcher"
            values[known + "Error"] = problem.message.prefix(1).uppercased() + problem.message.dropFirst() + "."
        }
        if !problems.isEmpty { values["hasErrors"] = true }
        return try page.page("admin-silences", title: "Silences", values, status: status)
    }

    static func add(_ page: PageRequest) async throws -> Response {
        func chosen(_ name: String) -> String {
            page.form[name]?.trimmingCharacters(in: .whitespaces) ?? ""
        }
        let form = AddForm(
            rule: chosen("rule"), guideline: chosen("guideline"), subject: chosen("subject"), tier: chosen("tier"),
            until: chosen("until"), reason: page.form["reason"] ?? "")
        let until = CalendarDate(form.until)
        if !form.until.isEmpty, until == nil {
            return try await render(
                page, form: form,
                problems: [
                    ValidationProblem(field: "until", message: "give a date as year-month-day, such as 2026-11-01")
                ],
                status: .unprocessableContent)
        }
        let draft = Silences.Draft(
            rule: form.rule.isEmpty ? nil : form.rule, guideline: form.guideline.isEmpty ? nil : form.guideline,
            subject: form.subject.isEmpty ? nil : form.subject, tier: form.tier.isEmpty ? nil : form.tier,
            until: until, reason: form.reason)
        let now = page.now
        do {
            let silence = try await page.inOrganisation { try Silences($0).add(draft, at: now) }
            return try await page.redirect(
                to: "/admin/silences",
                flash:
                    "Silenced \(silence.matcherText) until \(DayWords.day(silence.until)); "
                    + "it holds from the next check."
            )
        } catch let failure as ValidationFailure {
            return try await render(page, form: form, problems: failure.problems, status: .unprocessableContent)
        }
    }

    static func end(_ page: PageRequest) async throws -> Response {
        guard let id = UUID(uuidString: page.parameters.get("id") ?? "") else { throw WebError.notFound }
        let now = page.now
        do {
            let silence = try await page.inOrganisation { try Silences($0).end(id.uuidString, at: now) }
            return try await page.redirect(
                to: "/admin/silences",
                flash: "Silence of \(silence.matcherText) ended; its flags speak again at the next check.")
        } catch let settled as StoreError where settled.isSettled {
            return try await page.redirect(to: "/admin/silences", flash: "Not changed: \(settled).")
        }
    }
}
