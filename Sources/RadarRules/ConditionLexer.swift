/// Splits condition text into tokens, reporting the first malformed one with its position.
struct ConditionLexer {
    private let characters: [Character]
    private var offset = 0

    init(_ characters: [Character]) {
        self.characters = characters
    }

    /// Every token of the text, ending with `.end`.
    static func tokens(of characters: [Character]) throws(ConditionError) -> [ConditionToken] {
        var lexer = ConditionLexer(characters)
        var tokens: [ConditionToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var current: Character? { offset < characters.count ? characters[offset] : nil }

    private func peek(_ distance: Int = 1) -> Character? {
        offset + distance < characters.count ? characters[offset + distance] : nil
    }

    private mutating func next() throws(ConditionError) -> ConditionToken {
        while let character = current, character.isWhitespace { offset += 1 }
        let start = offset
        guard let character = current else { return ConditionToken(kind: .end, range: start..<start) }
        if character.isASCII, character.isLetter || character == "_" { return identifierOrKeyword() }
        if character.isASCII, character.isNumber { return try number() }
        if character == "\"" || character == "'" { return try string(closingWith: character) }
        return try symbol()
    }

    private mutating func identifierOrKeyword() -> ConditionToken {
        let start = offset
        while let character = current, Self.isWordCharacter(character) { offset += 1 }
        let word = String(characters[start..<offset])
        if let keyword = ConditionToken.Keyword(rawValue: word.lowercased()) {
            return ConditionToken(kind: .keyword(keyword), range: start..<offset)
        }
        return ConditionToken(kind: .identifier(word), range: start..<offset)
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_")
    }

    private static func isDigit(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isASCII && character.isNumber
    }

    /// Digits, an optional decimal part and an optional exponent; a sign is the unary minus operator.
    private mutating func number() throws(ConditionError) -> ConditionToken {
        let start = offset
        while Self.isDigit(current) { offset += 1 }
        if current == "." {
            offset += 1
            guard Self.isDigit(current) else {
                throw ConditionError(.invalidNumber, at: start, "expected a digit after the decimal point")
            }
            while Self.isDigit(current) { offset += 1 }
        }
        if current == "e" || current == "E",
            Self.isDigit(peek()) || ((peek() == "+" || peek() == "-") && Self.isDigit(peek(2)))
        {
            offset += 2
            while Self.isDigit(current) { offset += 1 }
        }
        if let character = current, Self.isWordCharacter(character) || character == "." {
            while let character = current, Self.isWordCharacter(character) || character == "." { offset += 1 }
            let spelling = String(characters[start..<offset])
            throw ConditionError(.invalidNumber, at: start, "`\(spelling)` is not a number")
        }
        let spelling = String(characters[start..<offset])
        guard let value = Double(spelling), value.isFinite else {
            throw ConditionError(.invalidNumber, at: start, "number `\(spelling.prefix(40))` is out of range")
        }
        return ConditionToken(kind: .number(value), range: start..<offset)
    }

    /// A string in single or double quotes; a backslash escapes `\\`, `\"`, `\'`, `\n` and `\t`.
    private mutating func string(closingWith quote: Character) throws(ConditionError) -> ConditionToken {
        let start = offset
        offset += 1
        var value = ""
        while let character = current {
            offset += 1
            if character == quote { return ConditionToken(kind: .string(value), range: start..<offset) }
            guard character == "\\" else {
                value.append(character)
                continue
            }
            switch current {
            case "\\": value.append("\\")
            case "\"": value.append("\"")
            case "'": value.append("'")
            case "n": value.append("\n")
            case "t": value.append("\t")
            case nil:
                throw unterminated(at: start, quote)
            case let other?:
                throw ConditionError(
                    .invalidEscape, at: offset - 1,
                    "unknown escape `\\\(other)` in a string (use \\\\, \\\", \\', \\n or \\t)")
            }
            offset += 1
        }
        throw unterminated(at: start, quote)
    }

    private func unterminated(at start: Int, _ quote: Character) -> ConditionError {
        ConditionError(.unterminatedString, at: start, "this string is never closed (add a closing `\(quote)`)")
    }

    private mutating func symbol() throws(ConditionError) -> ConditionToken {
        let start = offset
        let character = current!
        let pair = peek().map { String([character, $0]) } ?? ""
        for symbol in [ConditionToken.Symbol.notEqual, .lessOrGreater, .lessOrEqual, .greaterOrEqual]
        where pair == symbol.rawValue {
            offset += 2
            return ConditionToken(kind: .symbol(symbol), range: start..<offset)
        }
        if let symbol = ConditionToken.Symbol(rawValue: String(character)) {
            if symbol == .equal, peek() == "=" {
                throw ConditionError(.unexpectedCharacter, at: start, "unexpected `==` (write `=` to test equality)")
            }
            offset += 1
            return ConditionToken(kind: .symbol(symbol), range: start..<offset)
        }
        let hint =
            switch character {
            case "!": " (write `!=` or `not`)"
            case "&": " (write `and`)"
            case "|": " (write `or`)"
            default: ""
            }
        let invisible = character.unicodeScalars.allSatisfy {
            [.control, .format].contains($0.properties.generalCategory)
        }
        let codes = character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }
        let shown = invisible ? codes.joined(separator: " ") : String(character)
        throw ConditionError(.unexpectedCharacter, at: start, "unexpected character `\(shown)`\(hint)")
    }
}
