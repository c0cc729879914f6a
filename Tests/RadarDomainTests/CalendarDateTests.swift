import Foundation
import RadarDomain
import Testing

@Suite("Calendar dates are days without a time zone")
struct CalendarDateTests {
    @Test func parsesAndPrintsTheISOForm() throws {
        let date = try #require(CalendarDate("2026-03-01"))
        #expect(date == CalendarDate(year: 2026, month: 3, day: 1))
        #expect(date.description == "2026-03-01")
        #expect(CalendarDate(year: 7, month: 1, day: 9).description == "0007-01-09")
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-3-1", "2026-03-01T00:00", "", "20260301", "2024-02-30"])
    func rejectsImpossibleOrMalformedText(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func addsDaysAcrossMonthsYearsAndLeapDays() {
        let start = CalendarDate(year: 2024, month: 2, day: 28)
        #expect(start.adding(days: 1) == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(start.adding(days: 2) == CalendarDate(year: 2024, month: 3, day: 1))
        #expect(start.adding(days: 366) == CalendarDate(year: 2025, month: 2, day: 28))
        #expect(start.adding(days: -59) == CalendarDate(year: 2023, month: 12, day: 31))
        #expect(start.days(to: CalendarDate(year: 2025, month: 2, day: 28)) == 366)
        #expect(start < start.adding(days: 1))
    }

    @Test func convertsToAndFromInstantsInAZone() throws {
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        let losAngeles = try #require(TimeZone(identifier: "America/Los_Angeles"))
        let day = CalendarDate(year: 2026, month: 3, day: 1)
        // Midnight in Tokyo (UTC+9) is 15:00 UTC the day before.
        #expect(day.date(in: tokyo) == Date(timeIntervalSince1970: 1_772_323_200 - 9 * 3600))
        let instant = Date(timeIntervalSince1970: 1_772_323_200 + 3600)  // 2026-03-01 01:00 UTC
        #expect(CalendarDate(instant, in: tokyo) == day)
        #expect(CalendarDate(instant, in: losAngeles) == CalendarDate(year: 2026, month: 2, day: 28))
        #expect(CalendarDate(day.date(in: losAngeles), in: losAngeles) == day)
    }

    @Test func encodesAsAJSONString() throws {
        let day = CalendarDate(year: 2026, month: 3, day: 1)
        let json = try JSONEncoder().encode([day])
        #expect(String(decoding: json, as: UTF8.self) == #"["2026-03-01"]"#)
        #expect(try JSONDecoder().decode([CalendarDate].self, from: json) == [day])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CalendarDate].self, from: Data(#"["March 1st"]"#.utf8))
        }
    }
}
