import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// Sends `value` as a parameter, lets the server cast it to `sqlType`, and decodes what comes back.
private func roundTrip<T: PostgresEncodable & PostgresDecodable>(
    _ value: T,
    as sqlType: String,
    on connection: Connection
) throws -> T {
    let row = try #require(try connection.queryRow("SELECT $1::\(sqlType) AS value", [value]))
    return try row.decode("value", as: T.self)
}

/// Stores `value` in a column of `sqlType` and reads it back.
private func storeAndLoad<T: PostgresEncodable & PostgresDecodable>(
    _ value: T,
    as sqlType: String,
    on connection: Connection
) throws -> T {
    let suffix = sqlType.replacingOccurrences(of: "[]", with: "_array").filter { $0.isLetter || $0 == "_" }
    let table = "stored_" + suffix
    try connection.execute("CREATE TEMP TABLE IF NOT EXISTS \(table) (value \(sqlType))")
    try connection.execute("TRUNCATE \(table)")
    try connection.execute("INSERT INTO \(table) (value) VALUES ($1)", [value])
    let row = try #require(try connection.queryRow("SELECT value FROM \(table)"))
    return try row.decode("value", as: T.self)
}

@Suite("Values survive a round trip through PostgreSQL", .sharedDatabase)
struct ValueRoundTripTests {
    @Test(
        "Text keeps every character",
        arguments: [
            "", "plain", "Zoë", "😀🎉 party", "汉字和中文", "e\u{301} combining accent", "tab\tnew\nline\rreturn",
            "quotes ' \" and back\\slash", "{braces, commas}", "NULL", "  leading and trailing  ",
        ]
    )
    func textKeepsEveryCharacter(text: String) throws {
        try withTestConnection { connection throws in
            #expect(try roundTrip(text, as: "text", on: connection) == text)
            #expect(try storeAndLoad(text, as: "text", on: connection) == text)
            let length = try #require(try connection.queryRow("SELECT char_length($1) AS n", [text]))
            #expect(try length.decode("n", as: Int.self) == text.unicodeScalars.count)
        }
    }

    @Test func integersKeepTheirExtremes() throws {
        try withTestConnection { connection throws in
            for value in [Int64.min, Int64.max, 0, -1, 42] {
                #expect(try roundTrip(value, as: "bigint", on: connection) == value)
                #expect(try storeAndLoad(value, as: "bigint", on: connection) == value)
            }
            for value in [Int.min, Int.max, 7] {
                #expect(try roundTrip(value, as: "bigint", on: connection) == value)
            }
            for value in [Int32.min, Int32.max, 0] {
                #expect(try roundTrip(value, as: "integer", on: connection) == value)
                #expect(try storeAndLoad(value, as: "integer", on: connection) == value)
            }
            for value in [Int16.min, Int16.max] {
                #expect(try roundTrip(value, as: "smallint", on: connection) == value)
            }
            let count = try #require(try connection.queryRow("SELECT count(*) AS n FROM generate_series(1, 3)"))
            #expect(try count.decode("n", as: Int.self) == 3)
        }
    }

    @Test func doublesKeepSpecialValuesAndFullPrecision() throws {
        try withTestConnection { connection throws in
            let values: [Double] = [
                0, -0.0, 0.1, .pi, -1e-300, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity, -.infinity,
            ]
            for value in values {
                let back = try storeAndLoad(value, as: "double precision", on: connection)
                #expect(back == value)
                #expect(back.sign == value.sign)
            }
            #expect(try roundTrip(Double.nan, as: "double precision", on: connection).isNaN)
            for value in [Float.pi, Float(0.1), Float.infinity, -Float.greatestFiniteMagnitude] {
                #expect(try storeAndLoad(value, as: "real", on: connection) == value)
            }
            #expect(try roundTrip(Float.nan, as: "real", on: connection).isNaN)
        }
    }

    @Test func booleansRoundTrip() throws {
        try withTestConnection { connection throws in
            #expect(try roundTrip(true, as: "boolean", on: connection) == true)
            #expect(try storeAndLoad(false, as: "boolean", on: connection) == false)
        }
    }

    @Test func timestampsKeepMicroseconds() throws {
        try withTestConnection { connection throws in
            let instants: [Date] = [
                Date(timeIntervalSince1970: 1_772_368_496.123456),
                Date(timeIntervalSince1970: 0),
                Date(timeIntervalSince1970: -1_000_000_000.5),
                Date(timeIntervalSince1970: 253_402_300_799.5),
                Date(timeIntervalSince1970: -62_135_596_800),
                .distantFuture,
                .distantPast,
            ]
            for instant in instants {
                #expect(try roundTrip(instant, as: "timestamptz", on: connection) == instant)
                #expect(try storeAndLoad(instant, as: "timestamptz", on: connection) == instant)
            }
        }
    }

    @Test func timestampsReadTheSameInstantInAnySessionTimeZone() throws {
        try withTestConnection { connection throws in
            let table = TestServer.uniqueName("instants")
            try connection.execute("CREATE TEMP TABLE \(table) (label text, at timestamptz)")
            let instant = Date(timeIntervalSince1970: 1_772_368_496.25)
            try connection.execute("SET TimeZone = 'America/Los_Angeles'")
            try connection.execute("INSERT INTO \(table) VALUES ('bound', $1)", [instant])
            try connection.execute("INSERT INTO \(table) VALUES ('local text', '2026-03-01 12:00:00')")
            for zone in ["Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns", "UTC", "Europe/Amsterdam"] {
                try connection.execute("SET TimeZone = '\(zone)'")
                let rows = try connection.query("SELECT label, at FROM \(table) ORDER BY label")
                #expect(try rows.rows[0].decode("at", as: Date.self) == instant, "in \(zone)")
                // Noon in Los Angeles on 2026-03-01 (PST, UTC-8) is 20:00 UTC.
                #expect(try rows.rows[1].decode("at", as: Date.self) == Date(timeIntervalSince1970: 1_772_395_200))
            }
            try connection.execute("SET TimeZone = 'Europe/Amsterdam'")
            // Amsterdam's 1900 offset had seconds (+00:19:32); the text carries them and they must count.
            let old = try #require(try connection.queryRow("SELECT '1900-06-01 00:00:00+00'::timestamptz AS at"))
            #expect(try old.decode("at", as: Date.self) == Date(timeIntervalSince1970: -2_195_942_400))
        }
    }

    @Test func uuidsRoundTrip() throws {
        try withTestConnection { connection throws in
            let id = UUID()
            #expect(try roundTrip(id, as: "uuid", on: connection) == id)
            #expect(try storeAndLoad(id, as: "uuid", on: connection) == id)
            let generated = try #require(try connection.queryRow("SELECT gen_random_uuid() AS id"))
            _ = try generated.decode("id", as: UUID.self)
        }
    }

    struct Preferences: Codable, Equatable, Sendable {
        var name: String
        var tags: [String]
        var limits: [String: Int]
        var note: String?
    }

    @Test func jsonbHoldsCodableValues() throws {
        try withTestConnection { connection throws in
            let preferences = Preferences(
                name: "Zoë \"the\" admin", tags: ["a,b", "\\"], limits: ["daily": 3], note: nil
            )
            let back = try storeAndLoad(JSONB(preferences), as: "jsonb", on: connection)
            #expect(back.value == preferences)
            let field = try #require(
                try connection.queryRow("SELECT $1::jsonb ->> 'name' AS name", [JSONB(preferences)])
            )
            #expect(try field.decode("name", as: String.self) == preferences.name)
            let json = try #require(
                try connection.queryRow(#"SELECT '{"name":"x","tags":[],"limits":{}}'::json AS j"#)
            )
            #expect(try json.decode("j", as: JSONB<Preferences>.self).value.name == "x")
        }
    }

    @Test func textArraysKeepQuotingBackslashesAndNulls() throws {
        try withTestConnection { connection throws in
            let values: [String?] = [
                "plain", "with,comma", "with \"quotes\"", "back\\slash", nil, "NULL", "", " spaced ", "{braces}",
                "Zoë 😀",
            ]
            #expect(try roundTrip(values, as: "text[]", on: connection) == values)
            #expect(try storeAndLoad(values, as: "text[]", on: connection) == values)
            let nullPosition = try #require(
                try connection.queryRow(
                    "SELECT $1::text[] IS NULL AS isnull, ($1::text[])[5] IS NULL AS fifth",
                    [values]
                )
            )
            #expect(try nullPosition.decode("isnull", as: Bool.self) == false)
            #expect(try nullPosition.decode("fifth", as: Bool.self) == true)
            let empty: [String] = []
            #expect(try roundTrip(empty, as: "text[]", on: connection) == empty)
            let server = try #require(try connection.queryRow("SELECT ARRAY['a b', NULL, 'c\"d', 'e\\f'] AS a"))
            #expect(try server.decode("a", as: [String?].self) == ["a b", nil, "c\"d", "e\\f"])
        }
    }

    @Test func numberAndIdentifierArraysRoundTrip() throws {
        try withTestConnection { connection throws in
            let numbers = [Int.min, -1, 0, 1, Int.max]
            #expect(try roundTrip(numbers, as: "bigint[]", on: connection) == numbers)
            let small: [Int32?] = [1, nil, 3]
            #expect(try roundTrip(small, as: "integer[]", on: connection) == small)
            let ids = [UUID(), UUID()]
            #expect(try roundTrip(ids, as: "uuid[]", on: connection) == ids)
            let membership = try #require(try connection.queryRow("SELECT $1 = ANY($2) AS found", [ids[1], ids]))
            #expect(try membership.decode("found", as: Bool.self))
            let bounded = try #require(try connection.queryRow("SELECT '[0:1]={5,6}'::int[] AS a"))
            #expect(try bounded.decode("a", as: [Int].self) == [5, 6])
        }
    }

    @Test func nullRoundTripsForEveryType() throws {
        try withTestConnection { connection throws in
            func expectNull<T: PostgresEncodable & PostgresDecodable>(_ type: T.Type, as sqlType: String) throws {
                let none: T? = nil
                #expect(try roundTrip(none, as: sqlType, on: connection) == nil, "\(T.self) as \(sqlType)")
                #expect(try storeAndLoad(none, as: sqlType, on: connection) == nil, "\(T.self) as \(sqlType)")
            }
            try expectNull(String.self, as: "text")
            try expectNull(Int.self, as: "bigint")
            try expectNull(Int64.self, as: "bigint")
            try expectNull(Int32.self, as: "integer")
            try expectNull(Double.self, as: "double precision")
            try expectNull(Float.self, as: "real")
            try expectNull(Bool.self, as: "boolean")
            try expectNull(Date.self, as: "timestamptz")
            try expectNull(UUID.self, as: "uuid")
            try expectNull(JSONB<Preferences>.self, as: "jsonb")
            try expectNull([String].self, as: "text[]")
            try expectNull([Int].self, as: "bigint[]")
            let literalNil = try #require(try connection.queryRow("SELECT $1::text IS NULL AS isnull", [nil]))
            #expect(try literalNil.decode("isnull", as: Bool.self))
        }
    }
}
