internal import Foundation
import Hummingbird
internal import OpenAPIRuntime
import Postgres
import RadarAccess
import RadarDomain
import RadarStore

extension APIProblem {
    /// Translates any error into the problem the API answers with: the one place where errors of the layers below
    /// become HTTP statuses. `nil` means "a bug of ours": the caller logs it and answers 500.
    static func translating(_ error: any Error) -> APIProblem? {
        switch error {
        case let problem as APIProblem:
            return problem
        case let error as ServerError:
            return translating(server: error)
        case let failure as ValidationFailure:
            return .validation(failure.problems)
        case let problem as ValidationProblem:
            return .validation([problem])
        case let error as StoreError:
            return translating(store: error)
        case let error as AccessError:
            return translating(access: error)
        case let error as PostgresError:
            return translating(postgres: error)
        case let error as DecodingError:
            return translating(decoding: error)
        case let error as HTTPError:
            return APIProblem(
                status: error.status, title: error.status.reasonPhrase,
                detail: error.body ?? "The request could not be handled.", headers: error.headers)
        case is CancellationError:
            return .unavailable("The request was cancelled while the service was busy; try again.")
        default:
            return nil
        }
    }

    /// Errors from the generated server: its decoding of the request, our handlers, our OpenAPI middleware.
    private static func translating(server error: ServerError) -> APIProblem? {
        if let problem = translating(error.underlyingError) { return problem }
        // Output present means our response could not be serialised: that is ours, not the caller's.
        if error.operationOutput != nil || error.operationInput != nil { return nil }
        return .badRequest("The request could not be read: \(error.causeDescription).")
    }

    private static func translating(store error: StoreError) -> APIProblem? {
        switch error {
        case .organisationNotFound:
            return .notFound("No such organisation.")
        case .notFound(let entity, _):
            return .notFound("No such \(entity) in this organisation.")
        case .staleVersion(let entity, _, let expected, let current):
            return .conflict(
                "The \(entity) was changed by someone else: the change was based on version \(expected), "
                    + "it is now at version \(current). Reload it and apply the change again.")
        case .settled(let entity, _, let state):
            return .conflict("The \(entity) is already \(state), so this change no longer applies to it.")
        case .duplicate(let field, let value):
            return .validation([ValidationProblem(field: field, message: "\"\(value)\" is already taken")])
        case .migrationChanged, .unknownAppliedMigration, .rolesMissing, .definitionFailed:
            return .unavailable("The database is not ready for this version of the service.", retryAfter: 30)
        }
    }

    private static func translating(access error: AccessError) -> APIProblem {
        switch error {
        case .unauthenticated:
            return .unauthenticated
        case .invalidCredentials:
            return APIProblem(
                status: .unauthorized, title: "Not signed in",
                detail: "The e-mail address or the password is wrong.")
        case .throttled(let seconds):
            return APIProblem(
                status: .tooManyRequests, title: "Too many requests",
                detail: "Too many failed sign-ins; try again in \(seconds) seconds.",
                headers: [.retryAfter: String(max(1, seconds))])
        case .passwordSignInOff(let provider):
            return APIProblem(
                status: .forbidden, title: "Forbidden",
                detail: "Password sign-in is switched off for your organisation; sign in with \(provider).")
        }
    }

    /// Database errors: unavailability is 503; values the database refuses are the caller's 4xx; anything else is
    /// ours. The server's message is never shown: it may quote SQL or row values.
    private static func translating(postgres error: PostgresError) -> APIProblem? {
        switch error.kind {
        case .connectionFailed, .connectionLost, .connectionClosed, .poolTimeout, .poolClosed:
            return .unavailable("The database cannot be reached just now; try again shortly.")
        case .server:
            guard let code = error.code else { return nil }
            if code.meansConnectionIsGone || code == .queryCanceled || code == .readOnlySQLTransaction {
                return .unavailable("The database cannot serve this request just now; try again shortly.")
            }
            if code == .serializationFailure || code == .deadlockDetected || code == .lockNotAvailable {
                return APIProblem(
                    status: .conflict, title: "Conflict",
                    detail: "Another change to the same record happened at the same time; try again.",
                    headers: [.retryAfter: "1"])
            }
            if code == .uniqueViolation {
                return .conflict("A record with the same identifying value already exists.")
            }
            let field = error.column ?? "body"
            switch code.sqlStateClass {
            case "22":
                return .validation([ValidationProblem(field: field, message: "is not a value that can be stored")])
            case "23":
                return .validation([ValidationProblem(field: field, message: "does not satisfy the record's rules")])
            default:
                return nil
            }
        case .encoding:
            // Read, but not sendable to the database: text with NUL in a query or path parameter, say.
            return APIProblem(
                status: .unprocessableContent, title: "Invalid field values",
                detail: "A value in the request holds a character the database cannot store (such as NUL).")
        case .decoding, .copyFailed, .transactionAborted, .protocolViolation:
            return nil
        }
    }

    /// A body the generated decoder refused: names the field by its JSON path.
    static func translating(decoding error: DecodingError) -> APIProblem {
        func path(_ keys: [any CodingKey]) -> String {
            let parts = keys.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            let joined = parts.enumerated().map { index, part in
                index == 0 || part.hasPrefix("[") ? part : "." + part
            }.joined()
            return joined.isEmpty ? "body" : joined
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .unreadable([ValidationProblem(field: path(context.codingPath + [key]), message: "is required")])
        case .typeMismatch(let type, let context):
            return .unreadable([
                ValidationProblem(
                    field: path(context.codingPath), message: "has the wrong type; expected \(describe(type))")
            ])
        case .valueNotFound(let type, let context):
            return .unreadable([
                ValidationProblem(
                    field: path(context.codingPath), message: "must not be null; expected \(describe(type))")
            ])
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .badRequest(
                    "The body is not valid JSON.",
                    errors: [ValidationProblem(field: "body", message: "is not valid JSON")])
            }
            return .unreadable([ValidationProblem(field: path(context.codingPath), message: "is not an accepted value")]
            )
        @unknown default:
            return .badRequest("The body could not be read.")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: "a string"
        case is Int.Type, is Int32.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is Date.Type: "an ISO 8601 date-time"
        default: "another kind of value"
        }
    }
}
