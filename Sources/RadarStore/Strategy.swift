import Foundation
import Postgres
import RadarDomain

/// The strategy beyond training: initiatives' expectations and the strands in place over time (G12).
public struct Strategy {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        // Presenting again replaces what was said and to whom; an outcome agreed before stays unless a new one is.
        static let expect = """
            INSERT INTO initiative_expectations (org_id, initiative_id, presented_as, presented_to, presented_on,
                                                 realistic_outcome, agreed_on)
            VALUES (radar_current_org(), $1, $2, $3, $4, $5, $6)
            ON CONFLICT (org_id, initiative_id) DO UPDATE
               SET presented_as = EXCLUDED.presented_as, presented_to = EXCLUDED.presented_to,
                   presented_on = EXCLUDED.presented_on,
                   realistic_outcome = COALESCE(EXCLUDED.realistic_outcome, initiative_expectations.realistic_outcome),
                   agreed_on = COALESCE(EXCLUDED.agreed_on, initiative_expectations.agreed_on)
            """
        static let agree = """
            UPDATE initiative_expectations SET realistic_outcome = $2, agreed_on = $3 WHERE initiative_id = $1
            """
        static let expectations = """
            SELECT i.ref, x.presented_as, x.presented_to, x.presented_on, x.realistic_outcome, x.agreed_on
              FROM initiative_expectations x JOIN initiatives i ON i.org_id = x.org_id AND i.id = x.initiative_id
             WHERE ($1::uuid IS NULL OR x.initiative_id = $1)
             ORDER BY i.ref
            """
        static let addElement = """
            INSERT INTO strategy_elements (org_id, element, since, until) VALUES (radar_current_org(), $1, $2, $3)
            """
        static let elements = "SELECT id, element, since, until FROM strategy_elements ORDER BY since, element"
    }

    /// Records what the initiative `ref` was presented as delivering, to whom and on which day.
    @discardableResult
    public func expect(
        initiative ref: String, presentedAs: String?, presentedTo: String?, on day: CalendarDate
    ) throws -> InitiativeExpectation {
        let initiative = try Initiatives(tx).find(ref: ref)
        var checks = Checks()
        let what = checks.required(presentedAs, field: "presentedAs", max: TextLimit.paragraph)
        let whom = checks.required(presentedTo, field: "presentedTo", max: TextLimit.line)
        if let current = try expectation(of: initiative.id), let agreed = current.agreedOn, agreed < day {
            checks.add("presentedOn", "\(day) is after the outcome was agreed on \(agreed)")
        }
        try checks.finish()
        try tx.connection.execute(Query.expect, [initiative.id, what, whom, day, nil as String?, nil as CalendarDate?])
        return try expectation(of: initiative.id)!
    }

    /// Records the realistic outcome agreed for the initiative `ref`, which must have been presented first.
    @discardableResult
    public func agree(initiative ref: String, outcome: String?, on day: CalendarDate) throws -> InitiativeExpectation {
        let initiative = try Initiatives(tx).find(ref: ref)
        var checks = Checks()
        let text = checks.required(outcome, field: "realisticOutcome", max: TextLimit.paragraph)
        guard let current = try expectation(of: initiative.id) else {
            throw ValidationFailure([
                ValidationProblem(field: "realisticOutcome", message: "record what \(ref) was presented as first")
            ])
        }
        if day < current.presentedOn {
            checks.add("agreedOn", "\(day) is before it was presented on \(current.presentedOn)")
        }
        try checks.finish()
        try tx.connection.execute(Query.agree, [initiative.id, text, day])
        return try expectation(of: initiative.id)!
    }

    /// Every initiative's expectation, by ref.
    public func expectations() throws -> [InitiativeExpectation] {
        try read(nil)
    }

    /// The initiative's expectation, if it was presented.
    public func expectation(of initiative: UUID) throws -> InitiativeExpectation? {
        try read(initiative).first
    }

    private func read(_ initiative: UUID?) throws -> [InitiativeExpectation] {
        try tx.connection.query(Query.expectations, [initiative]).map { row in
            InitiativeExpectation(
                initiativeRef: try row.decode("ref"), presentedAs: try row.decode("presented_as"),
                presentedTo: try row.decode("presented_to"), presentedOn: try row.decode("presented_on"),
                realisticOutcome: try row.decode("realistic_outcome"), agreedOn: try row.decode("agreed_on"))
        }
    }

    /// Records that a strand of the strategy is in place from `since` (until `until`, if it stopped).
    @discardableResult
    public func addElement(
        _ element: String?, since: CalendarDate, until: CalendarDate?
    ) throws -> StrategyElementPeriod {
        var checks = Checks()
        let element = checks.word(checks.required(element, field: "element"), StrategyElement.self, field: "element")
        if let until, until < since { checks.add("until", "\(until) is before \(since)") }
        try checks.finish()
        try mapUniqueViolation(field: "since", value: since.description) {
            try tx.connection.execute(Query.addElement, [element?.rawValue, since, until])
        }
        return try elements().first { $0.element == element && $0.since == since }!
    }

    /// Every period of every strand, by start.
    public func elements() throws -> [StrategyElementPeriod] {
        try tx.connection.query(Query.elements).map { row in
            StrategyElementPeriod(
                id: try row.decode("id"), element: try row.word("element"), since: try row.decode("since"),
                until: try row.decode("until"))
        }
    }
}
