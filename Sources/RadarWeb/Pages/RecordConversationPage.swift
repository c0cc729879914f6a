import Foundation
import Hummingbird
import Postgres
import RadarAccess
import RadarDomain
import RadarStore

/// `/conversations/new`: record a whole conversation in one form, with the store call the API uses, in one
/// transaction that also claims the form's one-time id, so a second submission of the same form records nothing.
enum RecordConversationPage {
    static let routes: [WebRoute] = [
        .get("/conversations/new", .member(.record), show),
        .post("/conversations/new", .member(.record), record),
    ]

    /// What the form offers: the organisation's active stakeholders and the guidelines.
    struct Choices: Sendable {
        var stakeholders: [Stakeholder]
        var guidelines: [Guideline]
        var zone: TimeZone

        init(_ tx: TenantTransaction) throws {
            stakeholders = try Stakeholders(tx).list()
            guidelines = try GuidelineCatalogue.all(tx)
            zone = tx.organisation.zone
        }
    }

    /// What happened to a submitted form.
    enum Outcome: Sendable {
        case recorded(ref: String, location: String)
        /// This form was already recorded (a double click, or back and send again).
        case alreadyRecorded(location: String)
    }

    static func show(_ page: PageRequest) async throws -> Response {
        let choices = try await page.inOrganisation { try Choices($0) }
        return try render(page, ConversationForm(now: page.now, zone: choices.zone), choices: choices, problems: [])
    }

    static func record(_ page: PageRequest) async throws -> Response {
        let user = try page.user
        let form = ConversationForm(page.form)
        let now = page.now
        do {
            let outcome = try await page.inOrganisation { tx -> Outcome in
                let draft = try form.draft(in: tx.organisation.zone).get()
                let stakeholders = Stakeholders(tx)
                let first = draft.participants.first.flatMap { try? stakeholders.find(email: $0.email) }
                let location = first.map { "/stakeholders/\($0.id.uuidString.lowercased())" } ?? "/"
                let submissions = FormSubmissions(tx)
                guard try submissions.claim(form.formID, by: user.principal.userID, at: now, location: location) else {
                    return .alreadyRecorded(location: try submissions.earlierLocation(of: form.formID))
                }
                let conversation = try Conversations(tx).record(draft, now: now)
                return .recorded(ref: conversation.ref, location: location)
            }
            switch outcome {
            case .recorded(let ref, let location):
                return try await page.redirect(to: location, flash: "Conversation \(ref) recorded.")
            case .alreadyRecorded(let location):
                return try await page.redirect(to: location, flash: "This conversation was already recorded.")
            }
        } catch let failure as ValidationFailure {
            let choices = try await page.inOrganisation { try Choices($0) }
            return try render(page, form, choices: choices, problems: failure.problems, status: .unprocessableContent)
        }
    }

    /// The form with `form`'s values and each problem beside its field.
    static func render(
        _ page: PageRequest, _ form: ConversationForm, choices: Choices, problems: [ValidationProblem],
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        var errors: [String: [String]] = [:]
        for problem in problems {
            if ConversationForm.isFormField(problem.field.description) {
                errors[problem.field.description, default: []].append(problem.message)
            } else {
                let (field, label) = form.place(of: problem.field)
                errors[field, default: []].append("\(label): \(problem.message)")
            }
        }
        func error(_ field: String) -> Any? {
            errors[field].map { $0.joined(separator: "; ") }
        }
        let people = choices.stakeholders.map { person in
            (value: person.email, label: person.title.map { "\(person.name), \($0)" } ?? person.name)
        }
        func options(_ choices: [(value: String, label: String)], _ selected: String, blank: String?) -> [[String: Any]]
        {
            (blank.map { [["value": "", "label": $0, "selected": selected.isEmpty]] } ?? [])
                + choices.map { ["value": $0.value, "label": $0.label, "selected": $0.value == selected] }
        }
        func words<V: Vocabulary & RawRepresentable>(_ type: V.Type) -> [(value: String, label: String)]
        where V.RawValue == String {
            V.allCases.map { ($0.rawValue, Words.readable($0.rawValue)) }
        }
        var values: [String: Any] = [
            "formID": form.formID, "occurredOn": form.occurredOn, "occurredTime": form.occurredTime,
            "zone": choices.zone.identifier,
            "kinds": options(words(ConversationKind.self), form.kind, blank: nil),
            "purposes": options(words(ConversationPurpose.self), form.purpose, blank: "Not recorded"),
            "initiators": options(people, form.initiatedBy, blank: "Not recorded"),
            "participants": form.participants.enumerated().map { i, row -> [String: Any] in
                [
                    "i": i, "number": i + 1,
                    "people": options(people, row.email, blank: "—"),
                    "attendances": options(words(Attendance.self), row.attendance, blank: nil),
                    "engagements": options(words(EngagementLevel.self), row.engagement, blank: "Not observed"),
                ]
            },
            "guidelines": choices.guidelines.map {
                [
                    "code": $0.code, "name": $0.name, "description": $0.whatItAsks,
                    "checked": form.guidelines.contains($0.code),
                ] as [String: Any]
            },
            "fears": form.fears.enumerated().map { i, row -> [String: Any] in
                var values: [String: Any] = [
                    "i": i, "number": i + 1, "statement": row.statement,
                    "people": options(people, row.email, blank: "—"),
                    "categories": options(words(FearCategory.self), row.category, blank: "—"),
                    "severities": options(words(FearSeverity.self), row.severity, blank: "Not rated"),
                ]
                for (key, field) in [
                    ("emailError", "f\(i)_email"), ("categoryError", "f\(i)_category"),
                    ("statementError", "f\(i)_statement"),
                ] {
                    values[key] = error(field)
                }
                return values
            },
            "commitments": form.commitments.enumerated().map { i, row -> [String: Any] in
                var values: [String: Any] = [
                    "i": i, "number": i + 1, "description": row.description, "dueOn": row.dueOn,
                    "people": options(people, row.owner, blank: "—"),
                    "partners": options(people, row.partner, blank: "—"),
                ]
                for (key, field) in [
                    ("ownerError", "c\(i)_owner"), ("descriptionError", "c\(i)_description"),
                    ("dueError", "c\(i)_due"), ("partnerError", "c\(i)_partner"),
                ] {
                    values[key] = error(field)
                }
                return values
            },
            "notes": form.notes,
            "hasProblems": !problems.isEmpty,
        ]
        for (key, field) in [
            ("occurredOnError", "occurred_on"), ("occurredTimeError", "occurred_time"), ("kindError", "kind"),
            ("purposeError", "purpose"),
            ("initiatedByError", "initiated_by"), ("participantsError", "participants"),
            ("guidelinesError", "guidelines"), ("fearsError", "fears"), ("commitmentsError", "commitments"),
            ("notesError", "notes"), ("formError", "form"),
        ] {
            values[key] = error(field)
        }
        return try page.page("conversation-new", title: "Record a conversation", values, status: status)
    }
}
