import Foundation
import Postgres
import RadarAccess
import RadarDomain
import RadarStore

/// The record-a-conversation form as typed: every value kept as text so a refused form shows exactly what was
/// entered, and the draft it makes once its own checks pass.
struct ConversationForm: Sendable {
    static let participantRows = 6
    static let fearRows = 3
    static let commitmentRows = 3

    struct ParticipantRow: Sendable { var email = "", attendance = "attended", engagement = "" }
    struct FearRow: Sendable { var email = "", category = "", statement = "", severity = "" }
    struct CommitmentRow: Sendable { var owner = "", description = "", dueOn = "", partner = "" }

    var formID: String
    var occurredOn = ""
    var occurredTime = ""
    var kind = "one_to_one"
    var purpose = ""
    var initiatedBy = ""
    var participants = Array(repeating: ParticipantRow(), count: participantRows)
    var guidelines: Set<String> = []
    var fears = Array(repeating: FearRow(), count: fearRows)
    var commitments = Array(repeating: CommitmentRow(), count: commitmentRows)
    var notes = ""

    /// An empty form dated `now` in the organisation's time zone.
    init(now: Date, zone: TimeZone) {
        formID = WebSessions.randomToken()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: now)
        occurredOn = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        occurredTime = String(format: "%02d:%02d", parts.hour!, parts.minute!)
    }

    /// The form as posted.
    init(_ fields: FormFields) {
        formID =
            fields.text("form_id").flatMap { (16...100).contains($0.count) ? $0 : nil } ?? WebSessions.randomToken()
        occurredOn = fields.text("occurred_on") ?? ""
        occurredTime = fields.text("occurred_time") ?? ""
        kind = fields.text("kind") ?? ""
        purpose = fields.text("purpose") ?? ""
        initiatedBy = fields.text("initiated_by") ?? ""
        participants = (0..<Self.participantRows).map { i in
            ParticipantRow(
                email: fields.text("p\(i)_email") ?? "", attendance: fields.text("p\(i)_attendance") ?? "attended",
                engagement: fields.text("p\(i)_engagement") ?? "")
        }
        guidelines = Set(fields.all("guideline"))
        fears = (0..<Self.fearRows).map { i in
            FearRow(
                email: fields.text("f\(i)_email") ?? "", category: fields.text("f\(i)_category") ?? "",
                statement: fields.text("f\(i)_statement") ?? "", severity: fields.text("f\(i)_severity") ?? "")
        }
        commitments = (0..<Self.commitmentRows).map { i in
            CommitmentRow(
                owner: fields.text("c\(i)_owner") ?? "", description: fields.text("c\(i)_description") ?? "",
                dueOn: fields.text("c\(i)_due") ?? "", partner: fields.text("c\(i)_partner") ?? "")
        }
        notes = fields.text("notes") ?? ""
    }

    /// The draft for `Conversations.record`, or the problems found before the store is asked, by form field.
    func draft(in zone: TimeZone) -> Result<ConversationDraft, ValidationFailure> {
        var problems: [ValidationProblem] = []
        func problem(_ field: String, _ message: String) {
            problems.append(ValidationProblem(field: field, message: message))
        }
        var occurredAt: Date?
        if let day = CalendarDate(occurredOn) {
            let time = occurredTime.split(separator: ":").compactMap { Int($0) }
            if time.count == 2, (0..<24).contains(time[0]), (0..<60).contains(time[1]) {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = zone
                occurredAt = calendar.date(
                    from: DateComponents(
                        year: day.year, month: day.month, day: day.day, hour: time[0], minute: time[1]))
            } else {
                problem("occurred_time", "enter a time such as 14:30")
            }
        } else {
            problem("occurred_on", "enter a date such as 2026-03-04")
        }
        if notes.unicodeScalars.count > 20_000 { problem("notes", "is longer than 20000 characters") }
        let chosen = participants.filter { !$0.email.isEmpty }
        if chosen.isEmpty { problem("participants", "choose at least one participant") }
        var voiced: [ConversationDraft.VoicedFear] = []
        for (i, fear) in fears.enumerated() where !(fear.email + fear.category + fear.statement).isEmpty {
            if fear.email.isEmpty { problem("f\(i)_email", "say who voiced this fear") }
            if fear.category.isEmpty { problem("f\(i)_category", "choose a category") }
            if fear.statement.isEmpty { problem("f\(i)_statement", "write down the fear") }
            if fear.statement.unicodeScalars.count > 5000 {
                problem("f\(i)_statement", "is longer than 5000 characters")
            }
            voiced.append(
                .init(
                    email: fear.email, category: .text(fear.category), statement: fear.statement,
                    severity: fear.severity.isEmpty ? nil : .text(fear.severity)))
        }
        var promises: [ConversationDraft.Promise] = []
        for (i, commitment) in commitments.enumerated() where !(commitment.owner + commitment.description).isEmpty {
            if commitment.owner.isEmpty { problem("c\(i)_owner", "say who made this commitment") }
            if commitment.description.isEmpty { problem("c\(i)_description", "describe the commitment") }
            if commitment.description.unicodeScalars.count > 5000 {
                problem("c\(i)_description", "is longer than 5000 characters")
            }
            var due: CalendarDate?
            if !commitment.dueOn.isEmpty {
                due = CalendarDate(commitment.dueOn)
                if due == nil { problem("c\(i)_due", "enter a date such as 2026-03-31") }
            }
            promises.append(
                .init(
                    ownerEmail: commitment.owner, description: commitment.description, dueOn: due,
                    partnerEmail: commitment.partner.isEmpty ? nil : commitment.partner))
        }
        guard problems.isEmpty, let occurredAt else { return .failure(ValidationFailure(problems)) }
        return .success(
            ConversationDraft(
                occurredAt: occurredAt, kind: .text(kind), purpose: purpose.isEmpty ? nil : .text(purpose),
                initiatedBy: initiatedBy.isEmpty ? nil : initiatedBy,
                participants: chosen.map {
                    .init(
                        email: $0.email, attendance: .text($0.attendance),
                        engagement: $0.engagement.isEmpty ? nil : .text($0.engagement))
                },
                guidelines: guidelines.sorted().map { .text($0) }, notes: notes.isEmpty ? nil : notes, fears: voiced,
                commitments: promises))
    }

    /// Whether `field` names one of this form's inputs (the form's own checks), not a field of the store.
    static func isFormField(_ field: String) -> Bool {
        ["occurred_on", "occurred_time", "participants", "notes"].contains(field)
            || field.range(of: #"^[fc][0-9]+_[a-z]+$"#, options: .regularExpression) != nil
    }

    /// Where on the form a problem the store found in the draft belongs, and how to name it there: the row's own
    /// input where the form has one (`f1_email` for `fears[0].email` when the first fear was typed in the second
    /// row), else the field or section, with the row's number.
    func place(of field: FieldPath) -> (field: String, label: String) {
        let names = field.names
        let part = names.dropFirst().first
        // The draft lists only the rows that were filled in: its positions are not the form's rows.
        func formRow(_ filled: [Int]) -> Int? {
            field.positions.first.flatMap { filled.indices.contains($0) ? filled[$0] : nil }
        }
        func label(_ noun: String, _ row: Int?, _ what: String? = nil) -> String {
            ([noun] + (row.map { [String($0 + 1)] } ?? []) + (what.map { [$0] } ?? [])).joined(separator: " ")
        }
        switch names.first {
        case "occurredAt":
            return ("occurred_on", "occurred at")
        case "kind", "purpose", "notes", "initiatedBy":
            return (field.formName, Words.readable(field.formName))
        case "participants":
            let row = formRow(participants.indices.filter { !participants[$0].email.isEmpty })
            return ("participants", label("participant", row, part == "email" ? nil : part))
        case "guidelines":
            return ("guidelines", "guideline")
        case "fears":
            let row = formRow(
                fears.indices.filter { i in !(fears[i].email + fears[i].category + fears[i].statement).isEmpty })
            if let row, let part, ["email", "category", "statement"].contains(part) {
                return ("f\(row)_\(part)", label("fear", row, part == "email" ? nil : part))
            }
            return ("fears", label("fear", row, part.map { Words.readable(FieldPath($0).formName) }))
        case "commitments":
            let row = formRow(
                commitments.indices.filter { !(commitments[$0].owner + commitments[$0].description).isEmpty })
            let inputs = ["owner": "owner", "description": "description", "dueOn": "due", "accountabilityPartner": "partner"]
            if let row, let part, let input = inputs[part] {
                return ("c\(row)_\(input)", label("commitment", row, part == "owner" ? nil : input))
            }
            return ("commitments", label("commitment", row, part.map { Words.readable(FieldPath($0).formName) }))
        default:
            return ("form", Words.readable(field.formName))
        }
    }
}
