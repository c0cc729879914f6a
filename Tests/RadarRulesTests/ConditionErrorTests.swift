import RadarRules
import Testing

/// Refused conditions: the kind of mistake, its column and the message a rule author sees.
@Suite("Condition errors")
struct ConditionErrorTests {
    @Test(arguments: [
        ("", ConditionError.Code.empty, 0),
        ("   ", .empty, 0),
        ("tier = @x", .unexpectedCharacter, 7),
        ("flag_a && flag_b", .unexpectedCharacter, 7),
        ("flag_a || flag_b", .unexpectedCharacter, 7),
        ("days_since_contact == 3", .unexpectedCharacter, 19),
        ("! flag_a", .unexpectedCharacter, 0),
        (#"tier = "top"#, .unterminatedString, 7),
        ("tier = 'top\\", .unterminatedString, 7),
        (#"tier = "a\qb""#, .invalidEscape, 9),
        ("days_since_contact > 30d", .invalidNumber, 21),
        ("days_since_contact > 3.", .invalidNumber, 21),
        ("days_since_contact > 1.2.3", .invalidNumber, 21),
        ("days_since_contact > 1e999", .invalidNumber, 21),
        ("days_since_contact >", .unexpectedToken, 20),
        ("flag_a and", .unexpectedToken, 10),
        ("(flag_a", .unexpectedToken, 0),
        ("flag_a)", .unexpectedToken, 6),
        ("(flag_a flag_b)", .unexpectedToken, 8),
        ("flag_a flag_b", .unexpectedToken, 7),
        ("tier in ()", .unexpectedToken, 9),
        ("tier in ('a',)", .unexpectedToken, 13),
        ("tier in ('a' 'b')", .unexpectedToken, 13),
        ("tier in 'a'", .unexpectedToken, 8),
        ("days_since_contact is 3", .unexpectedToken, 22),
        ("days_since_contact is not", .unexpectedToken, 25),
        ("1 < 2 < 3", .unexpectedToken, 6),
        ("tier not like 'x'", .unexpectedToken, 5),
        ("flag_a and or flag_b", .unexpectedToken, 11),
        ("days_since_contct > 30", .unknownFact, 0),
        ("tier = 'x' and xyzzy", .unknownFact, 15),
        (#"days_since_contact > "30""#, .typeMismatch, 21),
        ("days_since_contact and flag_a", .typeMismatch, 0),
        ("flag_a and days_since_contact", .typeMismatch, 11),
        ("flag_a or tier", .typeMismatch, 10),
        ("tier + 1 > 2", .typeMismatch, 0),
        ("1 + tier > 2", .typeMismatch, 4),
        ("-tier = 'x'", .typeMismatch, 1),
        ("flag_a < flag_b", .typeMismatch, 7),
        ("days_since_contact", .typeMismatch, 0),
        ("not tier", .typeMismatch, 4),
        ("tier in ('a', 3)", .typeMismatch, 14),
        ("days_since_contact = null", .misplacedNull, 21),
        ("tier in ('a', null)", .misplacedNull, 14),
    ])
    func everyMistakeIsReportedAtTheOffendingToken(text: String, code: ConditionError.Code, position: Int) throws {
        let error = try #require(StakeholderFacts.parseError(text))
        #expect(error.code == code, "\(error)")
        #expect(error.position == position, "\(error)")
        #expect(error.description.hasPrefix("column \(position + 1): "))
    }

    @Test(arguments: [
        (
            "days_since_contct > 30",
            #"column 1: unknown fact "days_since_contct" (did you mean "days_since_contact"?)"#
        ),
        ("tier = 'x' and xyzzy", #"column 16: unknown fact "xyzzy""#),
        ("Tier = 'x'", #"column 1: unknown fact "Tier" (did you mean "tier"?)"#),
        (
            #"days_since_contact > "30""#,
            #"column 22: cannot compare `days_since_contact` (a number) with `"30"` (text)"#
        ),
        (
            "days_since_contact and flag_a",
            "column 1: `and` needs true/false operands, but `days_since_contact` is a number"
        ),
        ("tier + 1 > 2", "column 1: `+` needs numbers, but `tier` is text"),
        ("contacts_30d * 2", "column 1: a condition must be true or false, but `contacts_30d * 2` is a number"),
        ("flag_a < flag_b", "column 8: `<` cannot order true/false values"),
        ("days_since_contact = null", "column 22: test for null with `is null` or `is not null`"),
        ("(flag_a", "column 1: this `(` is never closed"),
        ("(flag_a flag_b)", "column 9: expected `)` to close the `(` at column 1, found `flag_b`"),
        ("flag_a && flag_b", "column 8: unexpected character `&` (write `and`)"),
        ("tier = \u{7}", "column 8: unexpected character `U+7`"),
        ("flag_a and", "column 11: the condition ends too soon; expected a fact or a value"),
        (#"tier = "a\qb""#, #"column 10: unknown escape `\q` in a string (use \\, \", \', \n or \t)"#),
        ("1 < 2 < 3", "column 7: comparisons cannot be chained; join them with `and`"),
        (#"tier = "top"#, "column 8: this string is never closed (add a closing `\"`)"),
        ("days_since_contact is not", "column 26: expected `null` after `is not`, found the end of the condition"),
        ("days_since_contact > 30d", "column 22: `30d` is not a number"),
    ])
    func messagesSayWhatIsWrongInTheRuleAuthorsWords(text: String, description: String) throws {
        #expect(try #require(StakeholderFacts.parseError(text)).description == description)
    }

    @Test func aConditionLongerThanTheLimitIsRefused() throws {
        let text = Array(repeating: "flag_a", count: 600).joined(separator: " or ")
        let error = try #require(StakeholderFacts.parseError(text))
        #expect(error.code == .tooLong)
        #expect(error.position == Condition.maximumLength)
        #expect(error.description == "column 4001: the condition is longer than 4000 characters")
    }

    @Test func nestingBeyondTheLimitIsRefusedAtTheFirstLevelTooMany() throws {
        let depth = Condition.maximumDepth + 1
        let parenthesised = String(repeating: "(", count: depth) + "flag_a" + String(repeating: ")", count: depth)
        let negated = String(repeating: "not ", count: depth) + "flag_a"
        let minus = String(repeating: "-", count: depth) + "1 > 0"
        let sum = Array(repeating: "1", count: depth + 1).joined(separator: "+") + " > 0"
        for (text, position) in [
            (parenthesised, depth - 1), (negated, 4 * (depth - 1)), (minus, depth - 1),
            (sum, 2 * depth - 1),
        ] {
            let error = try #require(StakeholderFacts.parseError(text))
            #expect(error.code == .tooDeep)
            #expect(error.position == position)
            #expect(error.message == "the condition nests more than 64 levels deep")
        }
    }

    @Test func theColumnCountsCharactersNotBytes() throws {
        let error = try #require(StakeholderFacts.parseError("tier = 'Équipe 🎯' and nope"))
        #expect(error.position == 22)
        #expect(error.column == 23)
    }
}
