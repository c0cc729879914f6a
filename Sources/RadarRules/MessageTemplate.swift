import RadarDomain

/// A rule's message with `{fact}` placeholders, checked against the known facts and rendered for one subject.
///
/// `{{` and `}}` stand for literal braces. Numbers render without a trailing `.0` and with at most two
/// decimals, NULL as "none", true/false as "yes"/"no" and text as it is.
public struct MessageTemplate: Sendable, Hashable, CustomStringConvertible {
    /// A run of literal text or one placeholder.
    enum Segment: Sendable, Hashable {
        case literal(String)
        case fact(String)
    }

    /// The template exactly as written.
    public let text: String
    let segments: [Segment]

    /// The fact names the placeholders refer to, sorted and unique.
    public var factsRead: [String] {
        Array(Set(segments.compactMap { if case .fact(let name) = $0 { name } else { nil } })).sorted()
    }

    public var description: String { text }

    /// Parses `text`, refusing unknown placeholders and unbalanced braces with their position.
    public static func parse(
        _ text: String, knownFacts: [String: FactType]
    ) throws(ConditionError) -> MessageTemplate {
        let characters = Array(text)
        var segments: [Segment] = []
        var literal = ""
        var offset = 0
        while offset < characters.count {
            let character = characters[offset]
            let next = offset + 1 < characters.count ? characters[offset + 1] : nil
            if (character == "{" || character == "}"), next == character {
                literal.append(character)
                offset += 2
            } else if character == "}" {
                throw ConditionError(.unbalancedBrace, at: offset, "unmatched `}` (write `}}` for a brace)")
            } else if character == "{" {
                guard let close = characters[offset...].firstIndex(of: "}") else {
                    throw ConditionError(
                        .unbalancedBrace, at: offset, "this `{` is never closed (write `{{` for a brace)")
                }
                let name = try placeholder(characters, from: offset, to: close, knownFacts: knownFacts)
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                segments.append(.fact(name))
                offset = close + 1
            } else {
                literal.append(character)
                offset += 1
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return MessageTemplate(text: text, segments: segments)
    }

    /// The fact name between the braces at `open` and `close`, which may be padded with spaces.
    private static func placeholder(
        _ characters: [Character], from open: Int, to close: Int, knownFacts: [String: FactType]
    ) throws(ConditionError) -> String {
        let inside = characters[(open + 1)..<close]
        guard let first = inside.firstIndex(where: { !$0.isWhitespace }),
            let last = inside.lastIndex(where: { !$0.isWhitespace })
        else {
            throw ConditionError(.unexpectedToken, at: open, "empty placeholder `{}`; name a fact inside the braces")
        }
        let name = String(characters[first...last])
        if let nested = inside.firstIndex(of: "{") {
            throw ConditionError(.unbalancedBrace, at: nested, "unexpected `{` inside a placeholder")
        }
        guard knownFacts[name] != nil else {
            throw ConditionError.unknownFact(name, at: first, knownFacts: knownFacts.keys)
        }
        return name
    }

    /// The message for one subject's facts; a fact missing from `facts` renders as NULL does.
    public func render(_ facts: [String: FactValue]) -> String {
        var message = ""
        for segment in segments {
            switch segment {
            case .literal(let text): message += text
            case .fact(let name): message += Self.render(facts[name] ?? .null)
            }
        }
        return message
    }

    /// One value as a sponsor should read it.
    static func render(_ value: FactValue) -> String {
        switch value {
        case .null: return "none"
        case .bool(let holds): return holds ? "yes" : "no"
        case .text(let text): return text
        case .number(let number):
            let rounded = (number * 100).rounded() / 100
            guard rounded.isFinite, abs(rounded) < 1e15 else { return String(number) }
            if rounded == rounded.rounded() { return String(Int(rounded)) }
            var digits = String(Int((abs(rounded) * 100).rounded()))
            while digits.count < 3 { digits = "0" + digits }
            var fraction = String(digits.suffix(2))
            if fraction.hasSuffix("0") { fraction.removeLast() }
            return (rounded < 0 ? "-" : "") + digits.dropLast(2) + "." + fraction
        }
    }
}
