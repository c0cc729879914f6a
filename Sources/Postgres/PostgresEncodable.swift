import Foundation

/// A Swift value that can be sent as a query parameter, in PostgreSQL's text format.
public protocol PostgresEncodable: Sendable {
    /// The value as PostgreSQL reads it in text format, such as `42`, `t` or `2026-03-01`.
    var postgresText: String { get }
    /// The parameter type to declare; `0` lets the server infer it from the statement.
    static var postgresTypeOID: UInt32 { get }
    /// The text actually bound: `nil` binds NULL, and a value that cannot be encoded throws.
    func postgresBindText() throws -> String?
}

extension PostgresEncodable {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.unspecified }

    public func postgresBindText() throws -> String? { postgresText }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// Empty for `nil`; binding uses `postgresBindText()`, which sends NULL.
    public var postgresText: String { self?.postgresText ?? "" }

    public static var postgresTypeOID: UInt32 { Wrapped.postgresTypeOID }

    public func postgresBindText() throws -> String? {
        try self?.postgresBindText()
    }
}

// String declares no type, so the server reads it as whatever the context needs (uuid, enum, citext…).
extension String: PostgresEncodable {
    public var postgresText: String { self }
}

extension Substring: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Int: PostgresEncodable {
    public var postgresText: String { String(self) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int8 }
}

extension Int64: PostgresEncodable {
    public var postgresText: String { String(self) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int8 }
}

extension Int32: PostgresEncodable {
    public var postgresText: String { String(self) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int4 }
}

extension Int16: PostgresEncodable {
    public var postgresText: String { String(self) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int2 }
}

extension Double: PostgresEncodable {
    public var postgresText: String { FloatText.encode(self) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.float8 }
}

extension Float: PostgresEncodable {
    public var postgresText: String { FloatText.encode(Double(self), shortest: String(self)) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.float4 }
}

extension Bool: PostgresEncodable {
    public var postgresText: String { self ? "true" : "false" }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.bool }
}

extension Date: PostgresEncodable {
    /// ISO 8601 in UTC with microseconds, such as `2026-03-01T12:30:00.250000+00:00`.
    public var postgresText: String { TimestampText.encode(self) }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.timestamptz }
}

extension UUID: PostgresEncodable {
    public var postgresText: String { uuidString.lowercased() }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.uuid }
}

/// PostgreSQL's spellings of floating-point values.
enum FloatText {
    static func encode(_ value: Double, shortest: String? = nil) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "Infinity" }
        if value == -.infinity { return "-Infinity" }
        return shortest ?? String(value)
    }

    static func decode(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            // Double(String) also accepts spellings PostgreSQL never sends ("inf", hex); reject letters outright.
            guard !text.isEmpty, text.allSatisfy({ "0123456789+-.eE".contains($0) }) else { return nil }
            return Double(text)
        }
    }
}
