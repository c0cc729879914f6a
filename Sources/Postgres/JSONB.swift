import Foundation

/// A `Codable` value stored as `jsonb` (or read from `json`), encoded with `JSONEncoder`'s default strategies.
public struct JSONB<T: Codable & Sendable>: PostgresEncodable, PostgresDecodable {
    public var value: T

    public init(_ value: T) {
        self.value = value
    }

    public init(value: T) {
        self.value = value
    }

    public static var postgresTypeOID: UInt32 { PostgresTypeOID.jsonb }

    /// The JSON text, or `null` if the value cannot be encoded (binding reports that as an error instead).
    public var postgresText: String {
        (try? postgresBindText()) ?? "null"
    }

    public func postgresBindText() throws -> String? {
        do {
            return String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        } catch {
            throw PostgresError(kind: .encoding, message: "cannot encode \(T.self) as JSON: \(error)")
        }
    }

    public init(postgresText: String, type: UInt32) throws {
        try requireType(type, in: [PostgresTypeOID.jsonb, PostgresTypeOID.json], for: JSONB<T>.self)
        do {
            self.value = try JSONDecoder().decode(T.self, from: Data(postgresText.utf8))
        } catch let error as DecodingError {
            throw PostgresError(kind: .decoding, message: "cannot decode JSON as \(T.self): \(error.summary)")
        }
    }
}

extension JSONB: Equatable where T: Equatable {}
extension JSONB: Hashable where T: Hashable {}

extension DecodingError {
    /// The reason and the coding path in one short line.
    var summary: String {
        let context: Context
        switch self {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            context = c
        @unknown default:
            return String(describing: self)
        }
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? context.debugDescription : "\(context.debugDescription) (at \(path))"
    }
}
