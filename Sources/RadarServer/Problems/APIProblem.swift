internal import Foundation
import HTTPTypes
import RadarDomain

/// An error the API answers with RFC 9457 problem details: the one error type handlers and middleware throw.
struct APIProblem: Error, Sendable {
    var status: HTTPResponse.Status
    /// A short, stable summary of the class of problem (the `title` member).
    var title: String
    /// What went wrong this time, in words a person can act on; never SQL, SQLSTATE or a stack trace.
    var detail: String?
    /// The field errors of a validation problem.
    var errors: [ValidationProblem] = []
    /// Extra response headers, such as `Retry-After` or `Allow`.
    var headers: HTTPFields = [:]

    /// The `type` member: a URI naming the class of problem, stable across releases.
    var type: String {
        "https://commitment-radar.example/problems/" + title.lowercased().replacingOccurrences(of: " ", with: "-")
    }

    static func badRequest(_ detail: String, errors: [ValidationProblem] = []) -> APIProblem {
        APIProblem(status: .badRequest, title: "Invalid request", detail: detail, errors: errors)
    }

    /// A request that cannot be read (a value of the wrong type, a required field missing): 400 naming the fields.
    static func unreadable(_ problems: [ValidationProblem]) -> APIProblem {
        let fields = problems.map(\.field.jsonName).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return .badRequest("The request cannot be read: " + fields.joined(separator: ", ") + ".", errors: problems)
    }

    /// Values the service read but cannot accept (too long, out of range, naming nothing, breaking a rule of the
    /// record): 422, where 400 is kept for requests that cannot be read at all.
    static func validation(_ problems: [ValidationProblem]) -> APIProblem {
        let fields = problems.map(\.field.jsonName).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return APIProblem(
            status: .unprocessableContent, title: "Invalid field values",
            detail: "Some fields need attention: " + fields.joined(separator: ", ") + ".", errors: problems)
    }

    static let unauthenticated = APIProblem(
        status: .unauthorized, title: "Not signed in",
        detail: "Send a valid API token as `Authorization: Bearer <token>`.",
        headers: [.wwwAuthenticate: "Bearer realm=\"radar\""])

    static func forbidden(_ detail: String) -> APIProblem {
        APIProblem(status: .forbidden, title: "Not allowed", detail: detail)
    }

    static func notFound(_ detail: String) -> APIProblem {
        APIProblem(status: .notFound, title: "Not found", detail: detail)
    }

    static func conflict(_ detail: String) -> APIProblem {
        APIProblem(status: .conflict, title: "Conflict", detail: detail)
    }

    static func unavailable(_ detail: String, retryAfter seconds: Int = 5) -> APIProblem {
        APIProblem(
            status: .serviceUnavailable, title: "Service unavailable", detail: detail,
            headers: [.retryAfter: String(seconds)])
    }

    static let internalError = APIProblem(
        status: .internalServerError, title: "Internal error",
        detail: "Something went wrong on our side; it has been logged with this request's id.")
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-ID")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
