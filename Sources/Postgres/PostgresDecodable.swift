import Foundation

/// A Swift value that can be read from a column in PostgreSQL's text format.
public protocol PostgresDecodable: Sendable {
    /// Reads the server's text for a column of type `type` (an OID; `0` when unknown), throwing
    /// `PostgresError(kind: .decoding)` when the type or the text does not fit.
    init(postgresText: String, type: UInt32) throws
    /// The value that stands for SQL NULL, or `nil` when this type cannot hold NULL.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText: String, type: UInt32) throws {
        self = .some(try Wrapped(postgresText: postgresText, type: type))
    }

    public static var postgresNull: Self? { .some(.none) }
}

/// Checks a column type against the types a Swift type accepts; `0` (unknown) always passes. Public for the
/// conformances of types that live above this layer.
public func requireType(_ oid: UInt32, in accepted: Set<UInt32>, for swiftType: Any.Type) throws {
    guard oid == PostgresTypeOID.unspecified || accepted.contains(oid) else {
        throw PostgresError.cannotDecode(type: oid, as: swiftType)
    }
}

// Any column reads as String: text is how the server sends every type.
extension String: PostgresDecodable {
    public init(postgresText: String, type: UInt32) throws {
        self = postgresText
    }
}

private let integerTypes: Set<UInt32> = [
    PostgresTypeOID.int2, PostgresTypeOID.int4, PostgresTypeOID.int8, PostgresTypeOID.oid, PostgresTypeOID.numeric,
]

/// Parses integer text for any fixed-width integer, including integral `numeric` values such as `12` (not `12.5`).
private func decodeInteger<I: FixedWidthInteger>(_ text: String, type oid: UInt32, as swiftType: I.Type) throws -> I {
    try requireType(oid, in: integerTypes, for: swiftType)
    guard let value = I(text) else {
        throw PostgresError.invalidText(text, for: swiftType, type: oid)
    }
    return value
}

extension Int: PostgresDecodable {
    public init(postgresText: String, type: UInt32) throws {
        self = try decodeInteger(postgresText, type: type, as: Int.self)
    }
}

extension Int64: PostgresDecodable {
    public init(postgresText: String, type: UInt32) throws {
        self = try decodeInteger(postgresText, type: type, as: Int64.self)
    }
}

extension Int32: PostgresDecodable {
    public init(postgresText: String, type: UInt32) throws {
        self = try decodeInteger(postgresText, type: type, as: Int32.self)
    }
}

extension Int16: PostgresDecodable {
    public init(postgresText: String, type: UInt32) throws {
        self = try decodeInteger(postgresText, type: type, as: Int16.self)
    }
}

private let floatingTypes: Set<UInt32> = integerTypes.union([PostgresTypeOID.float4, PostgresTypeOID.float8])

extension Double: PostgresDecodable {
    public init(postgresText: String, type: UInt32) throws {
        try requireType(type, in: floatingTypes, for: Double.self)
        guard let value = FloatText.decode(postgresText) else {
            throw PostgresError.invalidText(postgresText, for: Double.self, type: type)
        }
        self = value
    }
}

extension Float: PostgresDecodable {
    public init(postgresText: String, type: UInt32) throws {
        try requireType(type, in: floatingTypes, for: Float.self)
        guard let value = FloatText.decode(postgresText) else {
            throw PostgresError.invalidText(postgresText, for: Float.self, type: type)
        }
        self = Float(value)
    }
}

extension Bool: PostgresDecodable {
    public init(postgresText: String, type: UInt32) throws {
        try requireType(type, in: [PostgresTypeOID.bool], for: Bool.self)
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresError.invalidText(postgresText, for: Bool.self, type: type)
        }
    }
}

extension Date: PostgresDecodable {
    /// Reads `timestamptz` in any session time zone, and `timestamp` (without zone) as UTC.
    public init(postgresText: String, type: UInt32) throws {
        try requireType(type, in: [PostgresTypeOID.timestamptz, PostgresTypeOID.timestamp], for: Date.self)
        guard let date = TimestampText.decode(postgresText) else {
            throw PostgresError.invalidText(postgresText, for: Date.self, type: type)
        }
        self = date
    }
}

extension UUID: PostgresDecodable {
    public init(postgresText: String, type: UInt32) throws {
        try requireType(type, in: [PostgresTypeOID.uuid], for: UUID.self)
        guard let uuid = UUID(uuidString: postgresText) else {
            throw PostgresError.invalidText(postgresText, for: UUID.self, type: type)
        }
        self = uuid
    }
}
