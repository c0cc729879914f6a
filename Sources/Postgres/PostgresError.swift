import Foundation

/// An error from this module: a failed connect, an error the server sent, a value that cannot be decoded, or a pool
/// that cannot hand out a connection.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, at the level a caller acts on.
    public enum Kind: Sendable, Hashable {
        /// A connection could not be opened (bad connection string, server unreachable, authentication failed).
        case connectionFailed
        /// An open connection broke while in use (server restarted, network cut).
        case connectionLost
        /// The connection was closed by `close()` before this call.
        case connectionClosed
        /// The server answered with an error; `code` holds its SQLSTATE.
        case server
        /// A bind parameter could not be turned into text.
        case encoding
        /// A column value could not be turned into the requested Swift type.
        case decoding
        /// No pooled connection became free within the acquire timeout.
        case poolTimeout
        /// The pool was shut down.
        case poolClosed
        /// A COPY could not be started or streamed (the server's own errors are `.server`).
        case copyFailed
        /// A transaction body swallowed an error, so the server had already aborted the transaction.
        case transactionAborted
        /// libpq or the server did something this layer does not expect.
        case protocolViolation
    }

    /// A SQLSTATE error code, such as `23505` for a unique violation.
    public struct Code: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
        public let rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public init(stringLiteral value: String) {
            self.rawValue = value
        }

        /// The two-character class, such as `23` for integrity constraint violations.
        public var sqlStateClass: String { String(rawValue.prefix(2)) }

        public var description: String { rawValue }

        public static let uniqueViolation: Code = "23505"
        public static let foreignKeyViolation: Code = "23503"
        public static let checkViolation: Code = "23514"
        public static let notNullViolation: Code = "23502"
        public static let exclusionViolation: Code = "23P01"
        public static let invalidTextRepresentation: Code = "22P02"
        public static let insufficientPrivilege: Code = "42501"
        public static let syntaxError: Code = "42601"
        public static let undefinedColumn: Code = "42703"
        public static let undefinedTable: Code = "42P01"
        public static let undefinedObject: Code = "42704"
        public static let duplicateTable: Code = "42P07"
        public static let duplicateObject: Code = "42710"
        public static let serializationFailure: Code = "40001"
        public static let deadlockDetected: Code = "40P01"
        public static let lockNotAvailable: Code = "55P03"
        public static let readOnlySQLTransaction: Code = "25006"
        public static let queryCanceled: Code = "57014"
        public static let adminShutdown: Code = "57P01"
        public static let crashShutdown: Code = "57P02"
        public static let cannotConnectNow: Code = "57P03"
        public static let connectionFailure: Code = "08006"
        public static let invalidPassword: Code = "28P01"
        public static let raiseException: Code = "P0001"

        /// Whether the code says the session is gone (class 08, or the server shutting down).
        public var meansConnectionIsGone: Bool {
            sqlStateClass == "08" || self == .adminShutdown || self == .crashShutdown || self == .cannotConnectNow
        }
    }

    public var kind: Kind
    public var code: Code?
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var schema: String?
    public var table: String?
    public var column: String?
    /// Where in the statement's text the server found the problem: a 1-based character offset (`PG_DIAG_STATEMENT_POSITION`).
    public var position: Int?

    public init(
        kind: Kind,
        message: String,
        code: Code? = nil,
        detail: String? = nil,
        hint: String? = nil,
        constraint: String? = nil,
        schema: String? = nil,
        table: String? = nil,
        column: String? = nil,
        position: Int? = nil
    ) {
        self.kind = kind
        self.message = message
        self.code = code
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.schema = schema
        self.table = table
        self.column = column
        self.position = position
    }

    /// One line naming what failed; server errors carry their SQLSTATE. Never contains `detail`, which may hold row
    /// values.
    public var description: String {
        let line: String
        if kind == .server {
            line = "PostgreSQL error \(code?.rawValue ?? "without SQLSTATE"): \(message)"
        } else {
            line = message
        }
        return line.singleLine
    }
}

extension PostgresError {
    /// A decoding failure whose message the row later prefixes with the column name.
    static func cannotDecode(type oid: UInt32, as swiftType: Any.Type) -> PostgresError {
        PostgresError(
            kind: .decoding,
            message: "cannot decode PostgreSQL type \(PostgresTypeName.describe(oid)) as \(swiftType)"
        )
    }

    /// A decoding failure for text the type itself should have produced.
    public static func invalidText(_ text: String, for swiftType: Any.Type, type oid: UInt32) -> PostgresError {
        let shown = text.count > 60 ? text.prefix(60) + "…" : Substring(text)
        return PostgresError(
            kind: .decoding,
            message: "cannot decode \"\(shown)\" (PostgreSQL type \(PostgresTypeName.describe(oid))) as \(swiftType)"
        )
    }
}

extension String {
    /// The text with line breaks and tabs folded into single spaces, trimmed.
    var singleLine: String {
        split(whereSeparator: { $0.isNewline || $0 == "\t" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
