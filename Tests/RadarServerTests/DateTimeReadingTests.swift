import Foundation
@testable import RadarServer
import Testing

@Suite("Date-times in requests are read as RFC 3339 allows")
struct DateTimeReadingTests {
    @Test(arguments: [
        ("2026-03-01T09:30:00Z", 1_772_357_400.0),
        ("2026-03-01t09:30:00.250z", 1_772_357_400.25),
        ("2024-02-29T23:59:59+05:30", 1_709_231_399.0),
        // Far past, six fractional digits and an offset of almost a day: valid, and read on the Gregorian calendar.
        ("0011-08-31T07:06:44.666177-22:19", -61_799_049_255.333824),
    ])
    func validDateTimesAreRead(text: String, seconds: Double) throws {
        let date = try #require(LenientDateTranscoder.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_01)
    }

    @Test(arguments: [
        "2026-03-01", "2026-02-30T00:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T09:30:00", "2026-03-01T09:30:00.Z",
        "2026-03-01T09:30:00+0100", "2026-03-01T09:30:00+24:00", "2026-03-01T09:30:00Z ", "",
    ])
    func otherTextIsRefused(text: String) {
        #expect(LenientDateTranscoder.parse(text) == nil)
    }

    @Test func answersAreWrittenInWholeSecondsInUTC() throws {
        #expect(
            try LenientDateTranscoder().encode(Date(timeIntervalSince1970: 1_772_357_400.7)) == "2026-03-01T09:30:00Z")
    }
}
