import Postgres
import RadarDomain

/// The guidelines reference table, read the one way every edge shows it: in the product's order.
public enum GuidelineCatalogue {
    static let query = "SELECT code::text AS code, short_name, description FROM guidelines ORDER BY position"

    /// Every guideline and the principle, G01 first.
    public static func all(_ tx: TenantTransaction) throws -> [Guideline] {
        try read(tx.connection)
    }

    /// The same outside any organisation (the table is reference data, shared by all).
    public static func all(_ database: RadarDatabase) async throws -> [Guideline] {
        try await database.asApplication { try read($0) }
    }

    private static func read(_ connection: Connection) throws -> [Guideline] {
        try connection.query(query).map {
            Guideline(
                code: try $0.decode("code"), name: try $0.decode("short_name"),
                whatItAsks: try $0.decode("description"))
        }
    }
}
