internal import Foundation
internal import OpenAPIRuntime
import OpenIDConnect
import Postgres
import RadarAccess
import RadarDomain
import RadarStore

/// The generated `APIProtocol`, implemented over the store's repositories. Permissions were checked by
/// `AuthorisationMiddleware` before any of these runs; each handler's database work is one transaction inside the
/// caller's organisation.
struct RadarAPI: APIProtocol {
    let database: RadarDatabase
    let metrics: ServerMetrics
    /// Single sign-on's client, shared with the pages (one cache of providers' documents and keys).
    let openID: OpenIDClient

    /// The caller inside the organisation of the path, as the authorisation middleware established it.
    var access: OrganisationAccess {
        get throws {
            guard let access = OrganisationAccess.current else { throw APIProblem.unauthenticated }
            return access
        }
    }

    /// Runs `body` in one transaction as the application role inside the caller's organisation. A request holding
    /// an idempotency key marks it in the same transaction when it wrote, so the key outlives a failure after commit.
    func inOrganisation<T: Sendable>(_ body: @escaping @Sendable (TenantTransaction) throws -> T) async throws -> T {
        let access = try access
        let claim = IdempotencyKeys.Claim.current
        return try await database.inOrganisation(
            access.slug, actor: access.principal.actor, member: access.principal.userID
        ) { tx in
            let result = try body(tx)
            if let claim { try IdempotencyKeys.markWritten(claim, in: tx) }
            return result
        }
    }
}

/// Small checks of request values the store does not make itself (lengths, formats, ids, cursors).
struct RequestChecks {
    private(set) var problems: [ValidationProblem] = []

    mutating func add(_ field: String, _ message: String) {
        problems.append(ValidationProblem(field: field, message: message))
    }

    /// The text, refused when longer than `max` characters (counted as the document and PostgreSQL count them: in
    /// Unicode code points, not in the grapheme clusters of `String.count`).
    @discardableResult
    mutating func text(_ value: String?, _ field: String, max: Int) -> String? {
        if let value, value.unicodeScalars.count > max { add(field, "is longer than \(max) characters") }
        return value
    }

    /// A `YYYY-MM-DD` date, refused when malformed.
    mutating func date(_ value: String?, _ field: String) -> CalendarDate? {
        guard let value else { return nil }
        guard let date = CalendarDate(value) else {
            add(field, "\"\(value.prefix(40))\" is not a date (YYYY-MM-DD)")
            return nil
        }
        return date
    }

    /// A version number as PostgreSQL stores it.
    mutating func version(_ value: Int) -> Int {
        if !(0...Int(Int32.max)).contains(value) { add("version", "\(value) is not a version number") }
        return value
    }

    func finish() throws {
        if !problems.isEmpty { throw APIProblem.validation(problems) }
    }
}

/// Ids in paths: anything that is not a UUID names nothing, so it is 404 like an id of another organisation.
func uuid(_ text: String, _ entity: String) throws -> UUID {
    guard let id = UUID(uuidString: text) else { throw APIProblem.notFound("No such \(entity) in this organisation.") }
    return id
}

/// Converts between the document's enumerations and the domain's vocabularies, which share their words.
func word<Source: RawRepresentable, Target: RawRepresentable>(_ value: Source) -> Target
where Source.RawValue == String, Target.RawValue == String {
    guard let target = Target(rawValue: value.rawValue) else {
        preconditionFailure("\(Target.self) lacks \"\(value.rawValue)\": the document and the domain disagree")
    }
    return target
}

func optionalWord<Source: RawRepresentable, Target: RawRepresentable>(_ value: Source?) -> Target?
where Source.RawValue == String, Target.RawValue == String {
    value.map { word($0) }
}

/// A JSON object for the document's free-form objects (facts, evidence, exported documents).
func objectContainer(_ value: some Encodable) throws -> OpenAPIObjectContainer {
    try JSONDecoder().decode(OpenAPIObjectContainer.self, from: JSONEncoder().encode(value))
}
