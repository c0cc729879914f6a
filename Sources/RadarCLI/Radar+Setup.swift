import ArgumentParser
import RadarStore

extension Radar {
    /// `radar setup`: creates the database roles; run once per database as a superuser.
    struct Setup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the roles radar_owner and radar_app and their grants (run as a superuser; idempotent)."
        )

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await options.withDatabase(poolSize: 1) { database in
                try await database.setUpRoles()
            }
            Console.current.print("roles radar_owner and radar_app are ready")
        }
    }
}
