/// A cursor over ASCII text, for the fixed formats the server sends (dates, timestamps).
struct TextScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    var isAtEnd: Bool { index == bytes.count }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Consumes `byte` if it is next.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Consumes `literal` if the text continues with it.
    mutating func skip(_ literal: String) -> Bool {
        let expected = Array(literal.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            return false
        }
        index += expected.count
        return true
    }

    /// Reads a run of digits, at least `minimum` and at most `maximum` long.
    mutating func readNumber(minimum: Int, maximum: Int = 18) -> Int? {
        var value = 0
        var count = 0
        while count < maximum, let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            count += 1
            index += 1
        }
        return count >= minimum ? value : nil
    }

    /// Reads `YYYY-MM-DD` (four or more year digits) and checks the day exists.
    mutating func readCalendarDate() -> CalendarDate? {
        guard let year = readNumber(minimum: 4, maximum: 9), skip(UInt8(ascii: "-")),
            let month = readNumber(minimum: 2, maximum: 2), skip(UInt8(ascii: "-")),
            let day = readNumber(minimum: 2, maximum: 2),
            CalendarDate.isValid(year: year, month: month, day: day)
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}
