import Foundation
import Postgres
import RadarDomain

/// Initiatives of one organisation: add, list, update, complete.
public struct Initiatives {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let insert = """
            INSERT INTO initiatives (org_id, ref, title, kind, owner_id, starts_on, ends_on, status, success_measure,
                                     outcome, evidence, cadence_days, pilot_id)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """
        static let columns = """
            i.id, i.ref, i.title, i.kind, s.email AS owner_email, i.starts_on, i.ends_on, i.status,
                   i.success_measure, i.outcome, i.evidence, i.cadence_days, p.ref AS pilot, i.version
            """
        static let from = """
             FROM initiatives i LEFT JOIN stakeholders s ON s.id = i.owner_id
             LEFT JOIN initiatives p ON p.org_id = i.org_id AND p.id = i.pilot_id
            """
        static let select = "SELECT \(columns)" + from
        static let byRef = select + " WHERE i.ref = $1"
        static let byID = select + " WHERE i.id = $1"
        static let idByRef = "SELECT id FROM initiatives WHERE ref = $1"
        static let pilotByRef = "SELECT id, kind::text AS kind FROM initiatives WHERE ref = $1"
        static let followers = "SELECT count(*)::int AS n FROM initiatives WHERE pilot_id = $1"
        static let matching = " WHERE ($1::text IS NULL OR i.status = $1) AND ($2::text IS NULL OR i.kind = $2)"
        static let list = select + matching + " ORDER BY i.starts_on, i.ref"
        // `list`'s order, the id last to make the key unique; $3 is the key to read after, NULL on the first page.
        static let page =
            "SELECT \(columns), ARRAY[i.starts_on::text, i.ref, i.id::text] AS page_key" + from
            + matching + """
                   AND ($3::text[] IS NULL OR (i.starts_on, i.ref, i.id) > ($3[1]::date, $3[2], $3[3]::uuid))
                 ORDER BY i.starts_on, i.ref, i.id
                 LIMIT $4
                """
        static let keyset = Keyset(.date, .text, .uuid)
        // $15 says whether the pilot link ($14, NULL to remove it) is part of the change.
        static let update = """
            UPDATE initiatives
               SET title = $3, kind = $4, owner_id = $5, starts_on = $6, ends_on = $7, status = $8,
                   success_measure = $9, outcome = $10, evidence = $11, changed_at = $12, cadence_days = $13,
                   pilot_id = CASE WHEN $15 THEN $14::uuid ELSE pilot_id END
             WHERE id = $1 AND version = $2
            """
    }

    @discardableResult
    public func add(_ draft: InitiativeDraft) throws -> Initiative {
        var checks = Checks()
        let ref = checks.required(draft.ref, field: "ref")
        let title = checks.required(draft.title, field: "title")
        let kind = checks.word(checks.required(draft.kind, field: "kind"), InitiativeKind.self, field: "kind")
        let status = checks.word(draft.status, InitiativeStatus.self, field: "status") ?? .planned
        if draft.startsOn == nil { checks.add("startsOn", "is required") }
        checkDates(starts: draft.startsOn, ends: draft.endsOn, checks: &checks)
        let ownerEmail = checks.optional(draft.ownerEmail, field: "owner", max: TextLimit.email)
        let owner = try Stakeholders(tx).resolveOptional(ownerEmail, field: "owner", checks: &checks)
        let successMeasure = checks.optional(draft.successMeasure, field: "successMeasure", max: TextLimit.paragraph)
        let outcome = checks.optional(draft.outcome, field: "outcome", max: TextLimit.paragraph)
        let evidence = checks.optional(draft.evidence, field: "evidence", max: TextLimit.paragraph)
        let cadence = Self.checkCadence(draft.cadenceDays, checks: &checks)
        let pilot = try pilot(draft.pilot, for: ref, kind: kind, checks: &checks)
        try checks.finish()
        try mapUniqueViolation(field: "ref", value: ref) {
            try tx.connection.execute(
                Query.insert,
                [
                    ref, title, kind?.rawValue, owner, draft.startsOn, draft.endsOn, status.rawValue,
                    successMeasure, outcome, evidence, cadence, pilot,
                ])
        }
        return try find(ref: ref)
    }

    public func find(ref: String) throws -> Initiative {
        guard let row = try tx.connection.queryRow(Query.byRef, [ref]) else {
            throw StoreError.notFound(entity: "initiative", key: ref)
        }
        return try Self.decode(row)
    }

    /// The initiative with this id.
    public func find(id: UUID) throws -> Initiative {
        guard let row = try tx.connection.queryRow(Query.byID, [id]) else {
            throw StoreError.notFound(entity: "initiative", key: id.uuidString.lowercased())
        }
        return try Self.decode(row)
    }

    /// The id of the initiative with this ref, or a problem on `field` saying there is none.
    func id(ref: String, field: FieldPath, checks: inout Checks) throws -> UUID? {
        guard let row = try tx.connection.queryRow(Query.idByRef, [ref]) else {
            checks.add(field, "no initiative with ref \"\(ref)\" in this organisation")
            return nil
        }
        return try row.decode("id")
    }

    public func list(status: InitiativeStatus? = nil, kind: InitiativeKind? = nil) throws -> [Initiative] {
        try tx.connection.query(Query.list, [status?.rawValue, kind?.rawValue]).map(Self.decode)
    }

    /// One page of `list`, read after the request's cursor in the same order.
    public func list(
        status: InitiativeStatus? = nil, kind: InitiativeKind? = nil, page request: PageRequest
    ) throws
        -> Page<Initiative>
    {
        let (after, limit) = try Query.keyset.bounds(request)
        let rows = try tx.connection.query(Query.page, [status?.rawValue, kind?.rawValue, after, limit]).rows
        return try Query.keyset.page(rows, request, item: Self.decode)
    }

    /// Applies the non-nil fields of `changes` if the initiative is still at `expectedVersion`; the change takes
    /// effect at `changedAt` for the facts (nil: now).
    @discardableResult
    public func update(
        ref: String, expectedVersion: Int?, _ changes: InitiativeDraft, changedAt: Date? = nil
    ) throws -> Initiative {
        let current = try find(ref: ref)
        var checks = Checks()
        let title = changes.title.map { checks.required($0, field: "title") } ?? current.title
        let kind = changes.kind.map { checks.word($0, InitiativeKind.self, field: "kind") } ?? current.kind
        let status = changes.status.map { checks.word($0, InitiativeStatus.self, field: "status") } ?? current.status
        let starts = changes.startsOn ?? current.startsOn
        let ends = changes.endsOn ?? current.endsOn
        checkDates(starts: starts, ends: ends, checks: &checks)
        let ownerEmail =
            changes.ownerEmail.map { checks.optional($0, field: "owner", max: TextLimit.email) }
            ?? current.ownerEmail
        let owner = try Stakeholders(tx).resolveOptional(ownerEmail, field: "owner", checks: &checks)
        let outcome =
            changes.outcome.map { checks.optional($0, field: "outcome", max: TextLimit.paragraph) }
            ?? current.outcome
        let successMeasure =
            changes.successMeasure.map {
                checks.optional($0, field: "successMeasure", max: TextLimit.paragraph)
            } ?? current.successMeasure
        let evidence =
            changes.evidence.map { checks.optional($0, field: "evidence", max: TextLimit.paragraph) }
            ?? current.evidence
        let cadence =
            changes.cadenceDays.map { $0 == 0 ? nil : Self.checkCadence($0, checks: &checks) } ?? current.cadenceDays
        // Only a pilot named in `changes` is looked up; otherwise the update keeps the link it has.
        let pilot = try changes.pilot.flatMap { try self.pilot($0, for: current.ref, kind: kind, checks: &checks) }
        if changes.pilot == nil, current.pilot != nil, kind == .pilot {
            checks.add("kind", "it spreads the pilot \"\(current.pilot!)\", so it cannot be a pilot itself; remove that link first")
        }
        if current.kind == .pilot, kind != .pilot {
            let followers: Int = try tx.connection.queryRow(Query.followers, [current.id])?.decode("n") ?? 0
            if followers > 0 {
                checks.add("kind", "\(followers) initiative\(followers == 1 ? "" : "s") name it as the pilot they spread; it stays a pilot while they do")
            }
        }
        if status == .done, kind == .pilot, outcome == nil {
            checks.add("outcome", "a pilot cannot be completed without saying what it showed")
        }
        try checks.finish()
        let version = expectedVersion ?? current.version
        let changed = try tx.connection.execute(
            Query.update,
            [
                current.id, version, title, kind?.rawValue, owner, starts, ends, status?.rawValue,
                successMeasure, outcome, evidence, changedAt, cadence, pilot, changes.pilot != nil,
            ])
        guard changed == 1 else {
            throw StoreError.staleVersion(entity: "initiative", key: ref, expected: version, current: current.version)
        }
        return try find(ref: ref)
    }

    /// Marks an initiative done on `day` with its outcome (and evidence, for pilots).
    @discardableResult
    public func complete(
        ref: String, outcome: String, evidence: String?, on day: CalendarDate,
        expectedVersion: Int? = nil
    ) throws -> Initiative {
        var changes = InitiativeDraft(status: InitiativeStatus.done.rawValue, outcome: outcome, evidence: evidence)
        if outcome.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationFailure([ValidationProblem(field: "outcome", message: "is required")])
        }
        let current = try find(ref: ref)
        if current.endsOn == nil || current.endsOn! > day { changes.endsOn = max(day, current.startsOn) }
        // Done from the start of that day, for a check of any later instant.
        return try update(
            ref: ref, expectedVersion: expectedVersion, changes, changedAt: day.date(in: tx.organisation.zone))
    }

    /// The id of the pilot named by `ref` for the initiative `own` of `kind`, or a problem on `pilot`: it must be
    /// another initiative of this organisation, of kind pilot, and a pilot does not spread another pilot.
    func pilot(_ ref: String?, for own: String?, kind: InitiativeKind?, checks: inout Checks) throws -> UUID? {
        guard let ref = ref?.trimmingCharacters(in: .whitespaces), !ref.isEmpty else { return nil }
        if ref == own {
            checks.add("pilot", "an initiative cannot spread itself; name the pilot it follows")
            return nil
        }
        if kind == .pilot {
            checks.add("pilot", "a pilot does not spread another pilot; name a pilot only on the initiative that goes wider")
            return nil
        }
        guard let row = try tx.connection.queryRow(Query.pilotByRef, [ref]) else {
            checks.add("pilot", "no initiative with ref \"\(ref)\" in this organisation")
            return nil
        }
        guard try row.decode("kind", as: String.self) == InitiativeKind.pilot.rawValue else {
            checks.add("pilot", "\"\(ref)\" is not a pilot")
            return nil
        }
        return try row.decode("id")
    }

    /// A cadence of 1 to 366 days, or a problem on `cadenceDays`.
    static func checkCadence(_ days: Int?, checks: inout Checks) -> Int? {
        guard let days else { return nil }
        guard (1...366).contains(days) else {
            checks.add("cadenceDays", "\(days) is not a number of days from 1 to 366")
            return nil
        }
        return days
    }

    private func checkDates(starts: CalendarDate?, ends: CalendarDate?, checks: inout Checks) {
        if let starts, let ends, ends < starts {
            checks.add("endsOn", "\(ends) is before the start on \(starts)")
        }
    }

    static func decode(_ row: Row) throws -> Initiative {
        Initiative(
            id: try row.decode("id"), ref: try row.decode("ref"), title: try row.decode("title"),
            kind: try row.word("kind"), ownerEmail: try row.decode("owner_email"),
            startsOn: try row.decode("starts_on"), endsOn: try row.decode("ends_on"), status: try row.word("status"),
            successMeasure: try row.decode("success_measure"), outcome: try row.decode("outcome"),
            evidence: try row.decode("evidence"), cadenceDays: try row.decode("cadence_days"),
            pilot: try row.decode("pilot"), version: try row.decode("version"))
    }
}
