import Foundation

/// One-dimensional arrays in PostgreSQL's array text format: `{1,2,NULL}`, `{"a,b","say \"hi\""}`.
enum PostgresArrayText {
    /// Writes elements, quoting every non-NULL one so commas, quotes, braces and spaces survive.
    static func encode(_ elements: [String?]) -> String {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            guard let element else {
                text += "NULL"
                continue
            }
            text += "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { text += "\\" }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        return text + "}"
    }

    /// Reads the elements of a one-dimensional array; `nil` for malformed or multi-dimensional text.
    static func decode(_ text: String) -> [String?]? {
        var scalars = Substring(text).unicodeScalars[...]
        // Arrays with non-default bounds are prefixed with their dimensions: "[0:2]={1,2,3}".
        if scalars.first == "[" {
            guard let equals = scalars.firstIndex(of: "=") else { return nil }
            scalars = scalars[scalars.index(after: equals)...]
        }
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        scalars = scalars.dropFirst().dropLast()
        var elements: [String?] = []
        if scalars.allSatisfy({ $0 == " " }) { return elements }

        var iterator = scalars.makeIterator()
        var current = String.UnicodeScalarView()
        var quoted = false
        var wasQuoted = false
        var sawEnd = false
        while true {
            guard let scalar = iterator.next() else {
                sawEnd = true
                break
            }
            if quoted {
                switch scalar {
                case "\\":
                    guard let escaped = iterator.next() else { return nil }
                    current.append(escaped)
                case "\"":
                    quoted = false
                default:
                    current.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                quoted = true
                wasQuoted = true
            case "\\":
                guard let escaped = iterator.next() else { return nil }
                current.append(escaped)
            case "{", "}":
                return nil
            case ",":
                elements.append(finish(current, wasQuoted: wasQuoted))
                current = String.UnicodeScalarView()
                wasQuoted = false
            default:
                current.append(scalar)
            }
        }
        guard sawEnd, !quoted else { return nil }
        elements.append(finish(current, wasQuoted: wasQuoted))
        return elements
    }

    /// An unquoted `NULL` is SQL NULL; surrounding blanks of unquoted elements are not part of the value.
    private static func finish(_ scalars: String.UnicodeScalarView, wasQuoted: Bool) -> String? {
        let text = String(scalars)
        if wasQuoted { return text }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.caseInsensitiveCompare("NULL") == .orderedSame ? nil : trimmed
    }
}

extension Array: PostgresEncodable where Element: PostgresEncodable {
    public var postgresText: String {
        (try? postgresBindText()) ?? "{}"
    }

    /// The array type of the element type (`integer[]` for `Int32`); `0` when the element type is unspecified.
    public static var postgresTypeOID: UInt32 {
        PostgresTypeOID.arrayOfElement[Element.postgresTypeOID] ?? PostgresTypeOID.unspecified
    }

    public func postgresBindText() throws -> String? {
        PostgresArrayText.encode(try map { try $0.postgresBindText() })
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// Reads a one-dimensional array; NULL elements need an optional element type (`[Int?]`).
    public init(postgresText: String, type: UInt32) throws {
        let elementType: UInt32
        if type == PostgresTypeOID.unspecified {
            elementType = PostgresTypeOID.unspecified
        } else if let known = PostgresTypeOID.elementOfArray[type] {
            elementType = known
        } else if type >= 16_384 {
            // A user-defined type (an enum array, a domain): elements decode untyped.
            elementType = PostgresTypeOID.unspecified
        } else {
            throw PostgresError.cannotDecode(type: type, as: Self.self)
        }
        guard let elements = PostgresArrayText.decode(postgresText) else {
            throw PostgresError.invalidText(postgresText, for: Self.self, type: type)
        }
        self = try elements.enumerated().map { index, text in
            guard let text else {
                guard let null = Element.postgresNull else {
                    throw PostgresError(
                        kind: .decoding,
                        message: "array element \(index + 1) is NULL; decode as [\(Element.self)?] to allow NULL"
                    )
                }
                return null
            }
            return try Element(postgresText: text, type: elementType)
        }
    }
}
