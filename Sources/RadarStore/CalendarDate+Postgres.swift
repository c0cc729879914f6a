import Postgres
import RadarDomain

// The domain's day is a PostgreSQL `date`: the encoding lives here because the libpq layer may not know the domain.
extension CalendarDate: PostgresEncodable {
    public var postgresText: String { description }
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.date }
}

extension CalendarDate: PostgresDecodable {
    public init(postgresText: String, type: UInt32) throws {
        try requireType(type, in: [PostgresTypeOID.date], for: CalendarDate.self)
        guard let date = CalendarDate(postgresText) else {
            throw PostgresError.invalidText(postgresText, for: CalendarDate.self, type: type)
        }
        self = date
    }
}
