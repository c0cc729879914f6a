import Postgres
import RadarStore

extension RadarDatabase {
    enum AccessQuery {
        static let setOrganisation = "SELECT set_config('radar.org_id', $1, true)"
    }

    /// Runs `body` in one transaction as `radar_app` outside any organisation, for the global access tables
    /// the application role may touch (login throttling, idempotency keys, web sessions, the access functions).
    /// A `nil` actor sets none, saving the setting's round trip, for work whose writes the audit leaves out.
    @discardableResult
    package func asApplication<T: Sendable>(
        actor: String?, settings: [(String, String)] = [], _ body: @escaping @Sendable (Connection) throws -> T
    ) async throws -> T {
        let actorSetting = actor.map { [("radar.actor", $0)] } ?? []
        return try await asApplication(settings: actorSetting + settings, body)
    }
}
