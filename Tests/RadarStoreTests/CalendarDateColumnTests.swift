import Foundation
import Postgres
import PostgresTestSupport
import RadarDomain
import RadarStore
import Testing

/// The domain's calendar day travels to and from PostgreSQL `date` columns unchanged (the store gives it its encoding).
@Suite("Calendar days in date columns")
struct CalendarDateColumnTests {
    static let days = [
        CalendarDate(year: 2026, month: 3, day: 1), CalendarDate(year: 2024, month: 2, day: 29),
        CalendarDate(year: 1, month: 1, day: 1), CalendarDate(year: 9999, month: 12, day: 31),
    ]

    @Test func aDayComesBackAsTheSameDayAndDateArithmeticReadsIt() throws {
        try withTestConnection { connection in
            try connection.execute("CREATE TEMP TABLE stored_days (day date)")
            for day in Self.days {
                let echoed = try #require(try connection.queryRow("SELECT $1::date AS day", [day]))
                #expect(try echoed.decode("day", as: CalendarDate.self) == day)
                try connection.execute("TRUNCATE stored_days")
                try connection.execute("INSERT INTO stored_days (day) VALUES ($1)", [day])
                let stored = try #require(try connection.queryRow("SELECT day FROM stored_days"))
                #expect(try stored.decode("day", as: CalendarDate.self) == day)
            }
            let next = try #require(try connection.queryRow("SELECT $1::date + 1 AS next", [Self.days[1]]))
            #expect(try next.decode("next", as: CalendarDate.self) == CalendarDate(year: 2024, month: 3, day: 1))
        }
    }

    @Test func daysTravelInArraysAndNullStaysNull() throws {
        try withTestConnection { connection in
            let array = try #require(try connection.queryRow("SELECT $1::date[] AS days", [Self.days]))
            #expect(try array.decode("days", as: [CalendarDate].self) == Self.days)
            let none: CalendarDate? = nil
            let null = try #require(try connection.queryRow("SELECT $1::date AS day", [none]))
            #expect(try null.decode("day", as: CalendarDate?.self) == nil)
        }
    }
}
