import Foundation
import Postgres
import RadarDomain

/// The benefits register: measures initiatives mean to move, with baselines, dated readings and who saw them.
public struct Benefits {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let insert = """
            INSERT INTO benefits (org_id, initiative_id, measure, baseline, baseline_on)
            VALUES (radar_current_org(), $1, $2, $3, $4)
            """
        static let find = """
            SELECT b.id, b.baseline_on
              FROM benefits b JOIN initiatives i ON i.org_id = b.org_id AND i.id = b.initiative_id
             WHERE i.ref = $1 AND b.measure = $2
            """
        static let insertReading = """
            INSERT INTO benefit_readings (org_id, benefit_id, measured_on, value)
            VALUES (radar_current_org(), $1, $2, $3)
            RETURNING id
            """
        static let insertViewers = """
            INSERT INTO benefit_reading_viewers (org_id, reading_id, stakeholder_id)
            SELECT radar_current_org(), $1, unnest($2::uuid[])
            """
        // Readings as three parallel arrays in date order; viewers of each as one ';'-joined text.
        static let benefits = """
            SELECT b.id, i.ref AS initiative_ref, b.measure, b.baseline::float8 AS baseline, b.baseline_on,
                   ARRAY(SELECT r.measured_on::text FROM benefit_readings r
                          WHERE r.org_id = b.org_id AND r.benefit_id = b.id ORDER BY r.measured_on) AS days,
                   ARRAY(SELECT r.value::float8 FROM benefit_readings r
                          WHERE r.org_id = b.org_id AND r.benefit_id = b.id ORDER BY r.measured_on) AS readings,
                   ARRAY(SELECT COALESCE((SELECT string_agg(s.email, ';' ORDER BY s.email)
                                            FROM benefit_reading_viewers v
                                            JOIN stakeholders s ON s.org_id = v.org_id AND s.id = v.stakeholder_id
                                           WHERE v.org_id = r.org_id AND v.reading_id = r.id), '')
                           FROM benefit_readings r
                          WHERE r.org_id = b.org_id AND r.benefit_id = b.id ORDER BY r.measured_on) AS viewers
              FROM benefits b
              JOIN initiatives i ON i.org_id = b.org_id AND i.id = b.initiative_id
             WHERE ($1::text IS NULL OR i.ref = $1)
             ORDER BY i.ref, b.measure
            """
    }

    /// The largest size a benefit's value may have either side of zero, as the API document states.
    static let largestValue = 1e15

    /// A measured value must be a number within ±`largestValue`.
    static func check(_ value: Double, field: FieldPath, in checks: inout Checks) {
        if !value.isFinite {
            checks.add(field, "must be a number")
        } else if abs(value) > largestValue {
            checks.add(field, "must be between -1000000000000000 and 1000000000000000")
        }
    }

    /// Registers a measure the initiative `ref` means to move, with its baseline.
    @discardableResult
    public func add(initiative ref: String, measure: String?, baseline: Double?, on day: CalendarDate) throws -> Benefit
    {
        let initiative = try Initiatives(tx).find(ref: ref)
        var checks = Checks()
        let measure = checks.required(measure, field: "measure", max: TextLimit.line)
        if baseline == nil { checks.add("baseline", "is required") }
        if let baseline { Self.check(baseline, field: "baseline", in: &checks) }
        try checks.finish()
        try mapUniqueViolation(field: "measure", value: measure) {
            try tx.connection.execute(Query.insert, [initiative.id, measure, baseline, day])
        }
        return try benefits(initiative: initiative.ref).first { $0.measure == measure }!
    }

    /// Records a reading of the benefit, and who was shown it.
    @discardableResult
    public func read(
        initiative ref: String, measure: String, value: Double?, on day: CalendarDate, seenBy: [String]
    ) throws -> Benefit {
        let initiative = try Initiatives(tx).find(ref: ref)
        guard let row = try tx.connection.queryRow(Query.find, [initiative.ref, measure]) else {
            throw StoreError.notFound(entity: "benefit", key: "\(initiative.ref)/\(measure)")
        }
        var checks = Checks()
        if value == nil { checks.add("value", "is required") }
        if let value { Self.check(value, field: "value", in: &checks) }
        let baselineOn: CalendarDate = try row.decode("baseline_on")
        if day < baselineOn { checks.add("measuredOn", "\(day) is before the baseline of \(baselineOn)") }
        let emails = Array(Set(seenBy.map(Stakeholders.emailKey))).sorted()
        let known = try Stakeholders(tx).ids(byEmail: emails)
        let people = emails.enumerated().compactMap { index, email in
            Stakeholders(tx).resolve(email, among: known, field: FieldPath("seenBy").at(index), checks: &checks)
        }
        try checks.finish()
        let id: UUID = try mapUniqueViolation(field: "measuredOn", value: day.description) {
            try tx.connection.queryRow(Query.insertReading, [try row.decode("id", as: UUID.self), day, value])!
                .decode("id")
        }
        try tx.connection.execute(Query.insertViewers, [id, people])
        return try benefits(initiative: initiative.ref).first { $0.measure == measure }!
    }

    /// The register, of one initiative or all, by initiative and measure.
    public func benefits(initiative ref: String? = nil) throws -> [Benefit] {
        try tx.connection.query(Query.benefits, [ref]).map { row in
            let days: [String] = try row.decode("days")
            let values: [Double] = try row.decode("readings")
            let viewers: [String] = try row.decode("viewers")
            let readings = zip(days, zip(values, viewers)).compactMap { day, rest -> BenefitReading? in
                CalendarDate(day).map {
                    BenefitReading(
                        measuredOn: $0, value: rest.0, seenBy: rest.1.split(separator: ";").map(String.init))
                }
            }
            return Benefit(
                id: try row.decode("id"), initiativeRef: try row.decode("initiative_ref"),
                measure: try row.decode("measure"), baseline: try row.decode("baseline"),
                baselineOn: try row.decode("baseline_on"), readings: readings)
        }
    }
}
