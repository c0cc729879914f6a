import Foundation
import Postgres
import RadarDomain

/// One check per file; each stages its rows in the order of `TransferFile.columns`.
extension ImportValidation {
    /// People, keyed by e-mail: each e-mail once per file; existing ones will be updated.
    mutating func stakeholders(_ rows: [Cells]) {
        var seen: [String: Int] = [:]
        for row in rows {
            let name = text(row, "name", required: true)
            var email = text(row, "email", required: true)?.lowercased()
            if let address = email, !Checks.isEmail(address) {
                report(row, "email", "\"\(address)\" is not an e-mail address")
                email = nil
            }
            unique(email, in: &seen, row, "email", "\"\(email ?? "")\"")
            if let email { emails.insert(email) }
            // An owner is an HR user of the organisation; a blank cell leaves the person's owner as it is.
            let owner = text(row, "hr_owner")?.lowercased()
            if let owner, !existing.ownerEmails.contains(owner) {
                report(
                    row, "hr_owner",
                    "no HR user (a member with the hr or admin role) with e-mail \"\(owner)\" in this organisation")
            }
            stage(
                row,
                [
                    name, email, text(row, "title"), word(row, "tier", Tier.self, required: true),
                    word(row, "role", ProgrammeRole.self, required: true), text(row, "function"),
                    scale(row, "influence"), scale(row, "interest"), word(row, "engagement", EngagementLevel.self),
                    word(row, "desired_engagement", EngagementLevel.self), day(row, "changed_on")?.description, owner,
                ])
        }
    }

    /// Conversations, keyed by a ref that must be new; more than a day after the as-of instant is refused.
    mutating func conversations(_ rows: [Cells]) {
        var seen: [String: Int] = [:]
        let latest = asOf.addingTimeInterval(24 * 3600)
        for row in rows {
            let ref = text(row, "ref", required: true)
            unique(ref, in: &seen, row, "ref", "\"\(ref ?? "")\"")
            if let ref {
                if existing.conversationRefs.contains(ref) {
                    report(row, "ref", "a conversation with ref \"\(ref)\" already exists in this organisation")
                }
                conversationRefs.insert(ref)
            }
            let occurred = instant(row, "occurred_at", required: true)
            if let occurred, occurred.date > latest {
                report(row, "occurred_at", "\(occurred.text) is more than a day in the future")
            }
            stage(
                row,
                [
                    ref, occurred?.text, word(row, "kind", ConversationKind.self, required: true),
                    person(row, "initiated_by"), guidelines(row), text(row, "summary"),
                    word(row, "purpose", ConversationPurpose.self),
                ])
        }
    }

    /// `G06;G07`: guideline codes separated by semicolons, staged upper-case, in order and without repeats.
    private mutating func guidelines(_ row: Cells) -> String? {
        guard let value = text(row, "guidelines") else { return nil }
        var codes: Set<GuidelineCode> = []
        for part in value.split(separator: ";") {
            let code = part.trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { continue }
            do { codes.insert(try GuidelineCode.parse(code, field: "guidelines")) } catch {
                report(row, "guidelines", error.message)
            }
        }
        return codes.isEmpty ? nil : codes.sorted().map(\.rawValue).joined(separator: ";")
    }

    /// Who took part in which conversation, each pair once.
    mutating func participants(_ rows: [Cells]) {
        var seen: [ParticipantKey: Int] = [:]
        for row in rows {
            let ref = conversation(row, "conversation_ref", required: true)
            let email = person(row, "email", required: true)
            if let ref, let email {
                let key = ParticipantKey(ref: ref, email: email)
                unique(key, in: &seen, row, "email", "\"\(email)\" in conversation \"\(ref)\"")
                if existing.participants.contains(key) {
                    report(row, "email", "\"\(email)\" already takes part in conversation \"\(ref)\"")
                }
            }
            stage(
                row,
                [
                    ref, email, word(row, "attendance", Attendance.self, required: true),
                    word(row, "engagement", EngagementLevel.self),
                ])
        }
    }

    /// Fears, with the database's rules on resolution dates checked first.
    mutating func fears(_ rows: [Cells]) {
        for row in rows {
            let email = person(row, "email", required: true)
            let raised = day(row, "raised_on", required: true)
            let category = word(row, "category", FearCategory.self, required: true)
            let statement = text(row, "statement", required: true)
            let severity = word(row, "severity", FearSeverity.self) ?? FearSeverity.medium.rawValue
            let status = word(row, "status", FearStatus.self)
            let resolved = day(row, "resolved_on")
            if let resolved {
                if let raised, resolved < raised {
                    report(row, "resolved_on", "\(resolved) is before the fear was raised on \(raised)")
                }
                // An unreadable status was reported already; an empty one means open.
                let effective = status ?? (row["status"] == nil ? FearStatus.open.rawValue : nil)
                if let effective, !(FearStatus(rawValue: effective)?.isClosed ?? false) {
                    report(row, "resolved_on", "only a resolved or dismissed fear has a resolution date")
                }
            }
            stage(
                row,
                [
                    email, raised?.description, category, statement, severity, status ?? FearStatus.open.rawValue,
                    resolved?.description, conversation(row, "conversation_ref"),
                ])
        }
    }

    /// Commitments, with the database's rules on done dates checked first.
    mutating func commitments(_ rows: [Cells]) {
        for row in rows {
            let owner = person(row, "owner_email", required: true)
            let made = day(row, "made_on", required: true)
            let due = day(row, "due_on")
            let status = word(row, "status", CommitmentStatus.self)
            let done = day(row, "done_on")
            if let done {
                if let made, done < made {
                    report(row, "done_on", "\(done) is before the commitment was made on \(made)")
                }
                let effective = status ?? (row["status"] == nil ? CommitmentStatus.open.rawValue : nil)
                if let effective, effective != CommitmentStatus.done.rawValue {
                    report(row, "done_on", "only a commitment with status done has a done_on date")
                }
            }
            stage(
                row,
                [
                    owner, made?.description, text(row, "description"), due?.description,
                    status ?? CommitmentStatus.open.rawValue, done?.description, conversation(row, "conversation_ref"),
                    person(row, "accountability_partner"),
                ])
        }
    }

    /// Initiatives, keyed by a ref that must be new; a roll-out may name a pilot of the file or of the organisation.
    mutating func initiatives(_ rows: [Cells]) {
        var seen: [String: Int] = [:]
        let filePilots = Set(rows.filter { $0["kind"].flatMap { InitiativeKind(rawValue: $0.lowercased()) } == .pilot }.compactMap { $0["ref"] })
        for row in rows {
            let ref = text(row, "ref", required: true)
            unique(ref, in: &seen, row, "ref", "\"\(ref ?? "")\"")
            if let ref, existing.initiativeRefs.contains(ref) {
                report(row, "ref", "an initiative with ref \"\(ref)\" already exists in this organisation")
            }
            if let ref { initiativeRefs.insert(ref) }
            var cadence: String?
            if let value = text(row, "cadence_days") {
                if let days = Int(value), (1...366).contains(days) {
                    cadence = String(days)
                } else {
                    report(row, "cadence_days", "\"\(value)\" is not a whole number of days from 1 to 366")
                }
            }
            let starts = day(row, "starts_on", required: true)
            let ends = day(row, "ends_on")
            if let starts, let ends, ends < starts {
                report(row, "ends_on", "\(ends) is before the initiative starts on \(starts)")
            }
            stage(
                row,
                [
                    ref, text(row, "title", required: true), word(row, "kind", InitiativeKind.self, required: true),
                    person(row, "owner_email"), starts?.description, ends?.description,
                    word(row, "status", InitiativeStatus.self) ?? InitiativeStatus.planned.rawValue,
                    text(row, "success_measure"), text(row, "outcome"), cadence,
                    pilot(row, own: ref, isPilot: filePilots.contains(ref ?? ""), pilots: filePilots),
                ])
        }
    }

    /// The pilot a roll-out names: another initiative, of kind pilot, in the file or in the organisation.
    mutating func pilot(_ row: Cells, own: String?, isPilot: Bool, pilots: Set<String>) -> String? {
        guard let value = text(row, "pilot") else { return nil }
        if value == own {
            report(row, "pilot", "an initiative cannot spread itself; name the pilot it follows")
        } else if isPilot {
            report(row, "pilot", "a pilot does not spread another pilot; name a pilot only on the initiative that goes wider")
        } else if !pilots.contains(value) && !existing.pilotRefs.contains(value) {
            report(row, "pilot", "no pilot with ref \"\(value)\" in initiatives.csv or in this organisation")
        } else {
            return value
        }
        return nil
    }

    /// Business priorities: each (priority, function) once; recorded_on defaults to the as-of day.
    mutating func priorities(_ rows: [Cells]) {
        var seen: [PriorityKey: Int] = [:]
        let today = CalendarDate(asOf, in: time.zone)
        for row in rows {
            let priority = text(row, "priority", required: true)
            let function = text(row, "function", required: true)
            if let priority, let function {
                let key = PriorityKey(priority: priority, function: function)
                unique(key, in: &seen, row, "priority", "\"\(priority)\" for \"\(function)\"")
                if existing.priorities.contains(key) {
                    report(
                        row, "priority",
                        "\"\(priority)\" for \"\(function)\" is already recorded in this organisation")
                }
            }
            stage(
                row,
                [
                    priority, function, text(row, "how_coaching_helps"), person(row, "endorsed_by"),
                    (day(row, "recorded_on") ?? today).description,
                ])
        }
    }

    /// Enrolments: each person once per initiative; one the organisation holds already is updated.
    mutating func initiativeMembers(_ rows: [Cells]) {
        var seen: [ParticipantKey: Int] = [:]
        for row in rows {
            let ref = initiative(row, "initiative_ref", required: true)
            let email = person(row, "email", required: true)
            if let ref, let email {
                unique(ParticipantKey(ref: ref, email: email), in: &seen, row, "email", "\"\(email)\" in \"\(ref)\"")
            }
            let enrolled = day(row, "enrolled_on", required: true)
            let left = day(row, "left_on")
            if let enrolled, let left, left < enrolled {
                report(row, "left_on", "\(left) is before they enrolled on \(enrolled)")
            }
            stage(
                row,
                [
                    ref, email, word(row, "role", EnrolmentRole.self) ?? EnrolmentRole.participant.rawValue,
                    enrolled?.description, left?.description,
                ])
        }
    }

    /// Which conversations are sessions of which initiative: each conversation once.
    mutating func initiativeSessions(_ rows: [Cells]) {
        var seen: [String: Int] = [:]
        for row in rows {
            let ref = conversation(row, "conversation_ref", required: true)
            unique(ref, in: &seen, row, "conversation_ref", "\"\(ref ?? "")\"")
            stage(row, [ref, initiative(row, "initiative_ref", required: true)])
        }
    }

    /// Coaching goals: each (person, behaviour, day set) once, and new to the organisation.
    mutating func coachingGoals(_ rows: [Cells]) {
        var seen: [GoalKey: Int] = [:]
        for row in rows {
            let email = person(row, "email", required: true)
            let behaviour = word(row, "behaviour", CoachingBehaviour.self, required: true)
            let setOn = day(row, "set_on", required: true)
            let description = text(row, "description")
            if behaviour == CoachingBehaviour.other.rawValue, description == nil {
                report(row, "description", "describe the behaviour when it is not one of the list")
            }
            let review = day(row, "review_on")
            let closed = day(row, "closed_on")
            if let setOn, let review, review < setOn { report(row, "review_on", "\(review) is before \(setOn)") }
            if let setOn, let closed, closed < setOn { report(row, "closed_on", "\(closed) is before \(setOn)") }
            if let email, let behaviour, let setOn {
                let key = GoalKey(email: email, behaviour: behaviour, setOn: setOn.description)
                unique(key, in: &seen, row, "behaviour", "\"\(behaviour)\" for \(email) on \(setOn)")
                if existing.goals.contains(key) {
                    report(row, "behaviour", "\(email) already has a \"\(behaviour)\" goal set on \(setOn)")
                }
                goalKeys.insert(key)
            }
            stage(
                row,
                [
                    email, behaviour, description, text(row, "observed_how"), setOn?.description,
                    review?.description, closed?.description,
                ])
        }
    }

    /// Observations of a goal named by the person, its behaviour and the day it was set.
    mutating func coachingObservations(_ rows: [Cells]) {
        for row in rows {
            let email = person(row, "email", required: true)
            let behaviour = word(row, "behaviour", CoachingBehaviour.self, required: true)
            let setOn = day(row, "goal_set_on", required: true)
            if let email, let behaviour, let setOn,
                !goalKeys.contains(GoalKey(email: email, behaviour: behaviour, setOn: setOn.description))
            {
                report(
                    row, "goal_set_on",
                    "\(email) has no \"\(behaviour)\" goal set on \(setOn) in coaching_goals.csv or in this organisation"
                )
            }
            let observed = day(row, "observed_on", required: true)
            if let setOn, let observed, observed < setOn {
                report(row, "observed_on", "\(observed) is before the goal was set on \(setOn)")
            }
            stage(
                row, [email, behaviour, setOn?.description, observed?.description, text(row, "note", required: true)])
        }
    }

    /// Periods in which a leader was coached or peer-coached.
    mutating func coachingPeriods(_ rows: [Cells]) {
        for row in rows {
            let email = person(row, "email", required: true)
            let kind = word(row, "kind", CoachingKind.self, required: true)
            let since = day(row, "since", required: true)
            let until = day(row, "until")
            if let since, let until, until < since { report(row, "until", "\(until) is before \(since)") }
            stage(row, [email, kind, since?.description, until?.description])
        }
    }

    /// Who takes a lead from whom: two different known people, a kind, and one live link of a kind per pair.
    mutating func influenceLinks(_ rows: [Cells]) {
        var live: [String: Int] = [:]
        for row in rows {
            let email = person(row, "email", required: true)
            let kind = word(row, "kind", InfluenceKind.self, required: true)
            let other = person(row, "other_email", required: true)
            let since = day(row, "since", required: true)
            let until = day(row, "until")
            if let email, let other, email == other { report(row, "other_email", "is the same person as email") }
            if let since, let until, until < since { report(row, "until", "\(until) is before \(since)") }
            if until == nil, let email, let kind, let other {
                unique("\(email) \(kind) \(other)", in: &live, row, "until", "a live \(kind) link to \(other)")
            }
            stage(row, [email, kind, other, since?.description, until?.description])
        }
    }

    /// Peer groups: each name once per initiative, two or three known people, a rhythm from 1 to 366 days.
    mutating func peerGroups(_ rows: [Cells]) {
        var seen: [ParticipantKey: Int] = [:]
        for row in rows {
            let ref = initiative(row, "initiative_ref", required: true)
            let name = text(row, "name", required: true)
            if let name, name.count > TextLimit.line {
                report(row, "name", "is longer than \(TextLimit.line) characters")
            }
            if let ref, let name {
                unique(ParticipantKey(ref: ref, email: name), in: &seen, row, "name", "\"\(name)\" in \"\(ref)\"")
            }
            var members: [String] = []
            if let cell = text(row, "members", required: true) {
                let emails = cell.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                if !(2...3).contains(emails.count) || Set(emails).count != emails.count {
                    report(row, "members", "a peer group has two or three different people, separated by ;")
                }
                for email in emails where !email.isEmpty {
                    if !self.emails.contains(email), emailsComplete {
                        report(
                            row, "members",
                            "no stakeholder with e-mail \"\(email)\" in stakeholders.csv or in this organisation")
                    }
                }
                members = emails
            }
            let starts = day(row, "starts_on", required: true)
            let ends = day(row, "ends_on")
            if let starts, let ends, ends < starts { report(row, "ends_on", "\(ends) is before \(starts)") }
            var rhythm: String?
            if let value = text(row, "rhythm_days", required: true) {
                if let days = Int(value), (1...366).contains(days) {
                    rhythm = String(days)
                } else {
                    report(row, "rhythm_days", "\"\(value)\" is not a whole number of days from 1 to 366")
                }
            }
            stage(
                row,
                [
                    ref, name, members.joined(separator: ";"), starts?.description, ends?.description, rhythm,
                ])
        }
    }

    /// Notes of leaders' cases: each (person, aspect, day) once in the file; readiness only with a cost.
    mutating func leaderCase(_ rows: [Cells]) {
        var seen: [GoalKey: Int] = [:]
        for row in rows {
            let email = person(row, "email", required: true)
            let aspect = word(row, "aspect", LeaderCaseAspect.self, required: true)
            let day = day(row, "recorded_on", required: true)
            if let email, let aspect, let day {
                unique(
                    GoalKey(email: email, behaviour: aspect, setOn: day.description), in: &seen, row, "recorded_on",
                    "\"\(aspect)\" for \(email) on \(day)")
            }
            let words = text(row, "in_their_words", required: true)
            let roleModel = word(row, "role_model", RoleModelReadiness.self)
            if roleModel != nil, aspect == LeaderCaseAspect.personalGain.rawValue {
                report(row, "role_model", "goes with a personal cost, not a gain")
            }
            stage(row, [email, aspect, day?.description, words, roleModel])
        }
    }

    /// Stories and values: each title once in the file.
    mutating func narratives(_ rows: [Cells]) {
        var seen: [String: Int] = [:]
        for row in rows {
            let kind = word(row, "kind", NarrativeKind.self, required: true)
            let title = text(row, "title", required: true)
            if let title, title.count > TextLimit.line {
                report(row, "title", "is longer than \(TextLimit.line) characters")
            }
            unique(title, in: &seen, row, "title", "\"\(title ?? "")\"")
            stage(row, [kind, title, text(row, "statement"), day(row, "recorded_on", required: true)?.description])
        }
    }

    /// Tensions: who raised them must be a known person; discussed not before raised.
    mutating func tensions(_ rows: [Cells]) {
        for row in rows {
            let raised = day(row, "raised_on", required: true)
            let discussed = day(row, "discussed_on")
            if let raised, let discussed, discussed < raised {
                report(row, "discussed_on", "\(discussed) is before it was raised on \(raised)")
            }
            stage(
                row,
                [
                    text(row, "stated_value", required: true), text(row, "rewarded_behaviour", required: true),
                    person(row, "raised_by"), raised?.description, discussed?.description,
                ])
        }
    }

    /// A number as PostgreSQL's numeric reads it, or a problem on the column.
    mutating func number(_ row: Cells, _ column: String, required: Bool = false) -> String? {
        guard let value = text(row, column, required: required) else { return nil }
        guard let number = Double(value), number.isFinite else {
            report(row, column, "\"\(value)\" is not a number")
            return nil
        }
        return value
    }

    /// Benefits: each measure once per initiative in the file.
    mutating func benefits(_ rows: [Cells]) {
        var seen: [ParticipantKey: Int] = [:]
        for row in rows {
            let ref = initiative(row, "initiative_ref", required: true)
            let measure = text(row, "measure", required: true)
            if let ref, let measure {
                unique(
                    ParticipantKey(ref: ref, email: measure), in: &seen, row, "measure", "\"\(measure)\" in \"\(ref)\"")
            }
            stage(
                row,
                [
                    ref, measure, number(row, "baseline", required: true),
                    day(row, "baseline_on", required: true)?.description,
                ])
        }
    }

    /// Readings of a benefit named by its initiative and measure; who saw them as e-mails separated by `;`.
    mutating func benefitReadings(_ rows: [Cells]) {
        for row in rows {
            let ref = initiative(row, "initiative_ref", required: true)
            let measure = text(row, "measure", required: true)
            let measured = day(row, "measured_on", required: true)
            var viewers: [String] = []
            if let cell = text(row, "seen_by") {
                for email in cell.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() })
                where !email.isEmpty {
                    if !emails.contains(email), emailsComplete {
                        report(
                            row, "seen_by",
                            "no stakeholder with e-mail \"\(email)\" in stakeholders.csv or in this organisation")
                    }
                    viewers.append(email)
                }
            }
            stage(
                row,
                [
                    ref, measure, measured?.description, number(row, "value", required: true),
                    viewers.joined(separator: ";"),
                ])
        }
    }

    /// Strands of the strategy: each (strand, first day) once in the file; the last day not before the first.
    mutating func strategyElements(_ rows: [Cells]) {
        var seen: [ParticipantKey: Int] = [:]
        for row in rows {
            let element = word(row, "element", StrategyElement.self, required: true)
            let since = day(row, "since", required: true)
            let until = day(row, "until")
            if let element, let since {
                unique(
                    ParticipantKey(ref: element, email: since.description), in: &seen, row, "since",
                    "\"\(element)\" from \(since)")
            }
            if let since, let until, until < since { report(row, "until", "\(until) is before \(since)") }
            stage(row, [element, since?.description, until?.description])
        }
    }

    /// Expectations: one per initiative; an outcome agreed comes with its day, not before the presentation.
    mutating func expectations(_ rows: [Cells]) {
        var seen: [String: Int] = [:]
        for row in rows {
            let ref = initiative(row, "initiative_ref", required: true)
            unique(ref, in: &seen, row, "initiative_ref", "\"\(ref ?? "")\"")
            let presented = day(row, "presented_on", required: true)
            let outcome = text(row, "realistic_outcome")
            let agreed = day(row, "agreed_on")
            if (outcome == nil) != (agreed == nil) {
                report(
                    row, outcome == nil ? "realistic_outcome" : "agreed_on", "goes with the other: give both or neither"
                )
            }
            if let presented, let agreed, agreed < presented {
                report(row, "agreed_on", "\(agreed) is before it was presented on \(presented)")
            }
            stage(
                row,
                [
                    ref, text(row, "presented_as", required: true), text(row, "presented_to", required: true),
                    presented?.description, outcome, agreed?.description,
                ])
        }
    }
}
