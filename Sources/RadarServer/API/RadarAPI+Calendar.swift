internal import Foundation
import RadarCalendar
import RadarDomain
import RadarStore

// Conversations captured from calendars (issue 20): .ics uploads, the review queue, subscribed feeds.
extension RadarAPI {
    func importCalendar(_ input: Operations.ImportCalendar.Input) async throws -> Operations.ImportCalendar.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.content, "content", max: 80_000)
        try checks.finish()
        let (text, asOf) = (body.content, body.asOf)
        let intake = try await inOrganisation { tx in
            let meetings: [CalendarMeeting]
            do {
                meetings = try CalendarFile(text: text, floatingZone: tx.organisation.zone)
                    .meetings(in: .around(asOf ?? .now, before: 400 * 86_400, after: 60 * 86_400))
            } catch {
                throw ValidationFailure([ValidationProblem(field: "content", message: "\(error)")])
            }
            return try CalendarDrafts(tx).take(meetings, from: .file)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        added: intake.added, updated: intake.updated, withdrawn: intake.withdrawn,
                        unchanged: intake.unchanged, ignored: intake.ignored))))
    }

    func listCalendarDrafts(
        _ input: Operations.ListCalendarDrafts.Input
    ) async throws -> Operations.ListCalendarDrafts.Output {
        let state: CalendarDraftState = input.query.state.map { word($0) } ?? .pending
        let drafts = try await inOrganisation { try CalendarDrafts($0).list(state: state) }
        return .ok(.init(body: .json(.init(items: drafts.map { .init($0, asOf: .now) }))))
    }

    func confirmCalendarDraft(
        _ input: Operations.ConfirmCalendarDraft.Input
    ) async throws -> Operations.ConfirmCalendarDraft.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.notes, "notes", max: TextLimit.notes)
        try checks.finish()
        var engagement: [String: Word<EngagementLevel>] = [:]
        var attendance: [String: Word<Attendance>] = [:]
        for person in body.participants ?? [] {
            if let level = person.engagement { engagement[person.email] = .value(word(level)) }
            if let attended = person.attendance { attendance[person.email] = .value(word(attended)) }
        }
        let confirmation = CalendarConfirmation(
            kind: body.kind.map { .value(word($0)) }, purpose: body.purpose.map { .value(word($0)) },
            guidelines: (body.guidelines ?? []).map { .value(word($0)) }, engagement: engagement,
            attendance: attendance, notes: body.notes)
        let key = input.path.draft
        let conversation = try await inOrganisation { try CalendarDrafts($0).confirm(key, confirmation, now: .now) }
        return .created(.init(body: .json(.init(conversation, sensitive: try access.seesSensitive))))
    }

    func dismissCalendarDraft(
        _ input: Operations.DismissCalendarDraft.Input
    ) async throws -> Operations.DismissCalendarDraft.Output {
        let key = input.path.draft
        let draft = try await inOrganisation { try CalendarDrafts($0).dismiss(key) }
        return .ok(.init(body: .json(.init(draft, asOf: .now))))
    }

    func listCalendarFeeds(_ input: Operations.ListCalendarFeeds.Input) async throws -> Operations.ListCalendarFeeds.Output {
        let feeds = try await inOrganisation { try CalendarFeeds($0).list() }
        return .ok(.init(body: .json(.init(items: feeds.map(Components.Schemas.CalendarFeed.init)))))
    }

    func addCalendarFeed(_ input: Operations.AddCalendarFeed.Input) async throws -> Operations.AddCalendarFeed.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        let (url, owner) = (body.url, body.owner)
        let feed = try await inOrganisation { try CalendarFeeds($0).add(url: url, ownerEmail: owner) }
        return .created(.init(body: .json(.init(feed))))
    }

    func removeCalendarFeed(_ input: Operations.RemoveCalendarFeed.Input) async throws -> Operations.RemoveCalendarFeed.Output {
        let key = input.path.feed
        let feed = try await inOrganisation { try CalendarFeeds($0).remove(key) }
        return .ok(.init(body: .json(.init(feed))))
    }
}

extension Components.Schemas.CalendarDraft {
    init(_ draft: CalendarDraft, asOf instant: Date) {
        self.init(
            id: draft.id.apiText, uid: draft.uid, occurrence: draft.occurrence, summary: draft.summary,
            startsAt: draft.startsAt, endsAt: draft.endsAt, allDay: draft.allDay, kind: word(draft.guessedKind),
            organiser: draft.organiserEmail,
            people: draft.people.map { person in
                .init(
                    email: person.email, name: person.name,
                    reply: .init(rawValue: person.reply) ?? .noAnswer, tracked: person.tracked,
                    attendance: person.tracked
                        ? .init(rawValue: person.attendance(startingAt: draft.startsAt, asOf: instant)?.rawValue ?? "unknown")
                        : nil)
            },
            state: word(draft.state), source: draft.feed ?? draft.source, conversation: draft.conversationRef)
    }
}

extension Components.Schemas.CalendarFeed {
    init(_ feed: RadarStore.CalendarFeed) {
        self.init(
            id: feed.id.apiText, address: feed.shownURL, owner: feed.ownerEmail, lastPolledAt: feed.lastPolledAt,
            lastChangedAt: feed.lastChangedAt, nextPollAt: feed.nextPollAt, failures: feed.failures,
            lastError: feed.lastError)
    }
}
