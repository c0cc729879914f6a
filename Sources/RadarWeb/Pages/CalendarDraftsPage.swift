import Foundation
import Hummingbird
import RadarCalendar
import RadarDomain
import RadarStore

/// `/calendar`: the review queue of meetings captured from calendars. HR ticks several drafts and confirms them in
/// one step with the guidelines they touched (each recorded through `CalendarDrafts.confirm`, as `radar calendar
/// confirm` and the API do), or dismisses them; a pasted .ics file joins the queue.
enum CalendarDraftsPage {
    static let routes: [WebRoute] = [
        .get("/calendar", .member(.record), show),
        .post("/calendar/confirm", .member(.record), confirm),
        .post("/calendar/dismiss", .member(.record), dismiss),
        .post("/calendar/import", .member(.record), importFile),
    ]

    static func show(_ page: PageRequest) async throws -> Response {
        try await render(page, problems: [])
    }

    static func render(
        _ page: PageRequest, problems: [ValidationProblem], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let now = page.now
        let (drafts, zone, guidelines) = try await page.inOrganisation { tx in
            (try CalendarDrafts(tx).list(), tx.organisation.zone, try GuidelineCatalogue.all(tx))
        }
        let rows = drafts.map { draft -> [String: Any] in
            [
                "id": draft.id.uuidString.lowercased(), "when": DayWords.moment(draft.startsAt, in: zone),
                "summary": draft.summary ?? "(no title)", "kind": draft.guessedKind.rawValue.replacingOccurrences(of: "_", with: " "),
                "people": draft.participants.map { person in
                    "\(person.name ?? person.email) (\(person.attendance(startingAt: draft.startsAt, asOf: now)?.rawValue ?? "attendance unknown"))"
                }.joined(separator: ", "),
                "others": draft.people.count - draft.participants.count,
                "source": draft.feed ?? "uploaded file",
            ]
        }
        var values: [String: Any] = [
            "drafts": rows, "hasDrafts": !rows.isEmpty, "count": rows.count,
            "guidelines": guidelines.map { ["code": $0.code, "name": $0.name] },
        ]
        if !problems.isEmpty {
            values["hasErrors"] = true
            values["errors"] = problems.map { ["message": $0.description] }
        }
        return try page.page("calendar", title: "Meetings to review", values, status: status)
    }

    /// The drafts ticked on the form.
    static func chosen(_ page: PageRequest) -> [String] {
        page.form.all("draft").filter { UUID(uuidString: $0) != nil }
    }

    static func confirm(_ page: PageRequest) async throws -> Response {
        let ids = chosen(page)
        guard !ids.isEmpty else {
            return try await render(
                page, problems: [ValidationProblem(field: "draft", message: "tick at least one meeting")],
                status: .unprocessableContent)
        }
        let confirmation = CalendarConfirmation(
            guidelines: page.form.all("guideline").map { .text($0) }, notes: page.form.text("notes"))
        let now = page.now
        do {
            let recorded = try await page.inOrganisation { tx in
                let drafts = CalendarDrafts(tx)
                return try ids.map { try drafts.confirm($0, confirmation, now: now) }
            }
            let noun = recorded.count == 1 ? "conversation" : "conversations"
            return try await page.redirect(to: "/calendar", flash: "Recorded \(recorded.count) \(noun) from the calendar.")
        } catch let failure as ValidationFailure {
            return try await render(page, problems: failure.problems, status: .unprocessableContent)
        } catch let settled as StoreError where settled.isSettled {
            return try await page.redirect(to: "/calendar", flash: "Nothing recorded: \(settled).")
        }
    }

    static func dismiss(_ page: PageRequest) async throws -> Response {
        let ids = chosen(page)
        do {
            let dismissed = try await page.inOrganisation { tx in
                let drafts = CalendarDrafts(tx)
                return try ids.map { try drafts.dismiss($0) }
            }
            return try await page.redirect(
                to: "/calendar", flash: "Dismissed \(dismissed.count); a re-import will not bring them back.")
        } catch let settled as StoreError where settled.isSettled {
            return try await page.redirect(to: "/calendar", flash: "Nothing dismissed: \(settled).")
        }
    }

    static func importFile(_ page: PageRequest) async throws -> Response {
        let text = page.form["content"] ?? ""
        let now = page.now
        do {
            let intake = try await page.inOrganisation { tx in
                let meetings: [CalendarMeeting]
                do {
                    meetings = try CalendarFile(text: text, floatingZone: tx.organisation.zone)
                        .meetings(in: .around(now, before: 400 * 86_400, after: 60 * 86_400))
                } catch {
                    throw ValidationFailure([ValidationProblem(field: "content", message: "\(error)")])
                }
                return try CalendarDrafts(tx).take(meetings, from: .file)
            }
            return try await page.redirect(
                to: "/calendar",
                flash: "Read the file: \(intake.added) new, \(intake.updated) updated, \(intake.withdrawn) withdrawn.")
        } catch let failure as ValidationFailure {
            return try await render(page, problems: failure.problems, status: .unprocessableContent)
        }
    }
}
