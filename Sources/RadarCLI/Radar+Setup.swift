import ArgumentParser
import RadarStore

extension Radar {
    /// `radar setup`: creates the database roles; run once per database as a superuser.
    struct Setup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the roles radar_owner, radar_app and radar_service and their grants (as a superuser; idempotent)."
        )

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await options.withDatabase(poolSize: 1) { database in
                try await database.setUpRoles()
            }
            Console.current.print("roles radar_owner, radar_app and radar_service are ready")
        }
    }
}
