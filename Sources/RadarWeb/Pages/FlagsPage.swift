import Foundation
import Hummingbird
import Postgres
import RadarDomain
import RadarRules
import RadarStore

/// `/flags`: flag triage. Each flag with its rule, guideline, severity, subject, message, evidence and next step;
/// HR and administrators acknowledge, snooze (until a date, with a reason) and unsnooze through `FlagBook`, exactly
/// as `radar flags ack|snooze|unsnooze` and the API do, and can run a check now as `radar check` does.
enum FlagsPage {
    static let routes: [WebRoute] = [
        .get("/flags", .member(.read), show),
        .post("/flags/check", .member(.triage), runCheck),
        .post("/flags/:id/acknowledge", .member(.triage), acknowledge),
        .post("/flags/:id/snooze", .member(.triage), snooze),
        .post("/flags/:id/unsnooze", .member(.triage), unsnooze),
    ]

    /// Which flags the page lists.
    enum Showing: String, CaseIterable, Sendable {
        /// Open and acknowledged: what needs attention.
        case open, snoozed
        /// Pending, suppressed or silenced: found, but not counted as open.
        case quiet
        case resolved, all

        var label: String {
            switch self {
            case .open: "Needing attention"
            case .snoozed: "Snoozed"
            case .quiet: "Pending, suppressed or silenced"
            case .resolved: "Resolved"
            case .all: "Every flag"
            }
        }

        func includes(_ flag: Flag) -> Bool {
            switch self {
            case .open: flag.needsAttention
            case .snoozed: flag.status == .snoozed
            case .quiet: [.pending, .suppressed, .silenced].contains(flag.status)
            case .resolved: flag.status == .resolved
            case .all: true
            }
        }

        var location: String { self == .open ? "/flags" : "/flags?show=\(rawValue)" }
    }

    /// A snooze form sent back with its problems and its values kept.
    struct SnoozeAttempt: Sendable {
        var flag: UUID
        var until: String
        var reason: String
        var untilError: String?
        var reasonError: String?
        var otherError: String?
    }

    /// What the page shows, read in one transaction.
    struct Triage: Sendable {
        var flags: [Flag]
        var people: Set<UUID>
        var guidelines: [Guideline]
        var zone: TimeZone
        var today: CalendarDate
        var counts: [FlagStatus: Int]

        init(_ tx: TenantTransaction, showing: Showing, asOf: Date) throws {
            let all = try FlagBook(tx).all()
            counts = Dictionary(grouping: all, by: \.status).mapValues(\.count)
            flags = all.filter(showing.includes)
                .sorted {
                    ($0.severity, $1.firstRaisedAt, $1.id.uuidString) > (
                        $1.severity, $0.firstRaisedAt, $0.id.uuidString
                    )
                }
            people = Set(try Stakeholders(tx).list(Stakeholders.Filter(includeLeft: true)).map(\.id))
            guidelines = try GuidelineCatalogue.all(tx)
            zone = tx.organisation.zone
            today = CalendarDate(asOf, in: zone)
        }
    }

    static func show(_ page: PageRequest) async throws -> Response {
        let showing = Showing(rawValue: page.query.text("show") ?? "open") ?? .open
        return try await render(page, showing: showing, attempt: nil)
    }

    static func render(
        _ page: PageRequest, showing: Showing, attempt: SnoozeAttempt?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let asOf = page.now
        let triage = try await page.inOrganisation { try Triage($0, showing: showing, asOf: asOf) }
        let user = try page.user
        return try page.page(
            "flags", title: "Flags",
            values(triage, showing: showing, mayTriage: user.may(.triage), attempt: attempt),
            status: status)
    }

    static func values(_ triage: Triage, showing: Showing, mayTriage: Bool, attempt: SnoozeAttempt?) -> [String: Any] {
        let flags = triage.flags.map { flag -> [String: Any] in
            var values: [String: Any] = [
                "id": flag.id.uuidString.lowercased(), "shortID": String(flag.id.uuidString.prefix(8)).lowercased(),
                "rule": flag.rule, "guideline": flag.guideline,
                "guidelineName": triage.guidelines.name(of: flag.guideline),
                "severity": flag.severity.rawValue, "severityClass": "sev-\(flag.severity.rawValue)",
                "status": DayWords.flagStatus(flag), "message": flag.message, "nextStep": flag.nextStep,
                "subjectKind": flag.subjectKind.rawValue,
                "subjectName": subjectName(flag),
                "evidence": DayWords.evidence(flag.evidence), "hasEvidence": !flag.evidence.isEmpty,
                "raisedOn": DayWords.day(CalendarDate(flag.firstRaisedAt, in: triage.zone)),
                "lastSeen": DayWords.moment(flag.lastSeenAt, in: triage.zone),
                "isOpen": flag.status == .open, "isAcknowledged": flag.status == .acknowledged,
                "isSnoozed": flag.status == .snoozed, "isResolved": flag.status == .resolved,
                "mayAcknowledge": mayTriage && flag.status == .open,
                "maySnooze": mayTriage && flag.needsAttention,
                "mayUnsnooze": mayTriage && flag.status == .snoozed,
                "untilValue": triage.today.adding(days: 14).description, "reasonValue": "",
            ]
            if flag.subjectKind == .stakeholder, triage.people.contains(flag.subjectID) {
                values["stakeholderID"] = flag.subjectID.uuidString.lowercased()
            }
            if let by = flag.acknowledgedBy { values["acknowledgedBy"] = by }
            // A reason is HR's own free text: the roles that triage read it, viewers do not.
            if mayTriage, let reason = flag.statusReason { values["statusReason"] = reason }
            if mayTriage, let reason = flag.silenceReason { values["silenceReason"] = reason }
            if let suppressor = flag.suppressedBy { values["suppressedBy"] = suppressor.uuidString.lowercased() }
            if let resolved = flag.resolvedAt {
                values["resolvedOn"] = DayWords.day(CalendarDate(resolved, in: triage.zone))
            }
            if flag.reopenCount > 0 { values["reopenCount"] = flag.reopenCount }
            if let attempt, attempt.flag == flag.id {
                values["untilValue"] = attempt.until
                values["reasonValue"] = attempt.reason
                if let error = attempt.untilError { values["untilError"] = error }
                if let error = attempt.reasonError { values["reasonError"] = error }
                if let error = attempt.otherError { values["snoozeError"] = error }
                values["snoozeOpen"] = true
            }
            return values
        }
        return [
            "flags": flags, "hasFlags": !flags.isEmpty, "mayTriage": mayTriage,
            "showing": showing.rawValue, "showingLabel": showing.label,
            "toggles": Showing.allCases.map { choice -> [String: Any] in
                let count =
                    switch choice {
                    case .open: (triage.counts[.open] ?? 0) + (triage.counts[.acknowledged] ?? 0)
                    case .snoozed: triage.counts[.snoozed] ?? 0
                    case .quiet:
                        (triage.counts[.pending] ?? 0) + (triage.counts[.suppressed] ?? 0)
                            + (triage.counts[.silenced] ?? 0)
                    case .resolved: triage.counts[.resolved] ?? 0
                    case .all: triage.counts.values.reduce(0, +)
                    }
                return ["href": choice.location, "label": choice.label, "count": count, "current": choice == showing]
            },
            "today": triage.today.description,
        ]
    }

    /// Who or what the flag is about, in words: a person's or initiative's name, a conversation's kind and ref.
    static func subjectName(_ flag: Flag) -> String {
        switch flag.subjectKind {
        case .conversation:
            [flag.subjectName.map(Words.readable), flag.subject].compactMap { $0 }.joined(separator: " ")
        default:
            flag.subjectName ?? flag.subject ?? "unknown"
        }
    }

    /// Where a form returns to: the list it was sent from.
    static func back(_ page: PageRequest) -> Showing {
        Showing(rawValue: page.form.text("show") ?? "open") ?? .open
    }

    static func flagID(_ page: PageRequest) throws -> UUID {
        guard let id = UUID(uuidString: page.parameters.get("id") ?? "") else { throw WebError.notFound }
        return id
    }

    static func acknowledge(_ page: PageRequest) async throws -> Response {
        let id = try flagID(page)
        let reason = page.form.text("reason")
        let now = page.now
        do {
            let flag = try await page.inOrganisation {
                try FlagBook($0).acknowledge(id.uuidString, reason: reason, at: now)
            }
            return try await page.redirect(
                to: back(page).location,
                flash: "Flag acknowledged: \(flag.message)")
        } catch let failure as ValidationFailure {
            return try await page.redirect(
                to: back(page).location,
                flash: "Not acknowledged: " + failure.problems.map(\.message).joined(separator: "; "))
        } catch let settled as StoreError where settled.isSettled {
            return try await page.redirect(to: back(page).location, flash: "Not acknowledged: \(settled).")
        }
    }

    static func snooze(_ page: PageRequest) async throws -> Response {
        let id = try flagID(page)
        let untilText = page.form["until"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let reasonText = page.form["reason"] ?? ""
        let reason = reasonText.trimmingCharacters(in: .whitespacesAndNewlines)
        let now = page.now
        var attempt = SnoozeAttempt(flag: id, until: untilText, reason: reasonText)
        let until = CalendarDate(untilText)
        if untilText.isEmpty {
            attempt.untilError = "Give the day the flag may speak again."
        } else if until == nil {
            attempt.untilError = "Give a date as year-month-day, such as 2026-04-01."
        }
        if reason.isEmpty {
            attempt.reasonError = "Say why the flag is snoozed."
        } else if reason.count > 2000 {
            attempt.reasonError = "Keep the reason under 2000 characters."
        }
        do {
            if let until, attempt.untilError == nil, attempt.reasonError == nil {
                let flag = try await page.inOrganisation { tx -> Flag in
                    let today = CalendarDate(now, in: tx.organisation.zone)
                    guard until > today else {
                        throw ValidationFailure([
                            ValidationProblem(
                                field: "until", message: "Choose a day after today (\(DayWords.day(today))).")
                        ])
                    }
                    return try FlagBook(tx).snooze(id.uuidString, until: until, reason: reason, at: now)
                }
                return try await page.redirect(
                    to: back(page).location,
                    flash: "Flag snoozed until \(DayWords.day(until)): \(flag.message)")
            }
        } catch let failure as ValidationFailure {
            for problem in failure.problems {
                switch problem.field {
                case "until": attempt.untilError = problem.message
                case "reason": attempt.reasonError = "Say why the flag is snoozed."
                default: attempt.otherError = problem.message
                }
            }
        } catch let settled as StoreError where settled.isSettled {
            attempt.otherError = "\(settled)."
        }
        return try await render(page, showing: back(page), attempt: attempt, status: .unprocessableContent)
    }

    static func unsnooze(_ page: PageRequest) async throws -> Response {
        let id = try flagID(page)
        let now = page.now
        do {
            let flag = try await page.inOrganisation { try FlagBook($0).unsnooze(id.uuidString, at: now) }
            return try await page.redirect(to: back(page).location, flash: "Flag open again: \(flag.message)")
        } catch let failure as ValidationFailure {
            return try await page.redirect(
                to: back(page).location,
                flash: "Not changed: " + failure.problems.map(\.message).joined(separator: "; "))
        } catch let settled as StoreError where settled.isSettled {
            return try await page.redirect(to: back(page).location, flash: "Not changed: \(settled).")
        }
    }

    /// How many of the flags found wait, are made redundant or are silenced, when any are.
    static func quieted(_ result: FlagBook.CheckResult) -> String {
        let parts = [(result.pending, "pending"), (result.suppressed, "suppressed"), (result.silenced, "silenced")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? "" : " Of those found: " + parts.joined(separator: ", ") + "."
    }

    /// Evaluates every enabled rule as of the page's "now" and updates the flags, as `radar check` does.
    static func runCheck(_ page: PageRequest) async throws -> Response {
        let now = page.now
        let (result, zone) = try await page.inOrganisation { tx in
            (try FlagBook(tx).check(asOf: now), tx.organisation.zone)
        }
        return try await page.redirect(
            to: back(page).location,
            flash: "Check run as of \(DayWords.moment(now, in: zone)): \(result.raised) raised, "
                + "\(result.reopened) reopened, \(result.stillOpen) still open, \(result.resolved) resolved."
                + quieted(result))
    }
}
