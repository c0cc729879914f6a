import Logging
import RadarCLI
import RadarDomain
import RadarServer
import Testing

/// `RADAR_LOG_LEVEL` is read one way: the process's log handlers and the service's own loggers agree, so the
/// scheduler's and delivery's warnings reach an operator of `radar serve` by default.
@Suite("Log level")
struct LogLevelTests {
    @Test func theServiceLogsInformationByDefaultAndOtherCommandsOnlyErrors() throws {
        #expect(RadarMain.logLevel(for: ["serve"], environment: [:]) == .info)
        #expect(RadarMain.logLevel(for: ["check", "--org", "acme"], environment: [:]) == .error)
        let configuration = try ServerConfiguration.resolve(
            hostname: nil, port: nil, databaseURL: nil, environment: [:])
        #expect(configuration.logLevel == RadarMain.logLevel(for: ["serve"], environment: [:]))
    }

    @Test func theVariableSetsTheLevelForTheServiceAndForCommandsAlike() throws {
        let environment = ["RADAR_LOG_LEVEL": "Warning"]
        #expect(RadarMain.logLevel(for: ["serve"], environment: environment) == .warning)
        #expect(RadarMain.logLevel(for: ["query", "silent"], environment: environment) == .warning)
        let configuration = try ServerConfiguration.resolve(
            hostname: nil, port: nil, databaseURL: nil, environment: environment)
        #expect(configuration.logLevel == .warning)
    }

    @Test func aLevelThatDoesNotExistIsRefusedByTheServiceNamingTheVariable() {
        #expect {
            try ServerConfiguration.resolve(
                hostname: nil, port: nil, databaseURL: nil, environment: ["RADAR_LOG_LEVEL": "loud"])
        } throws: { error in
            guard let failure = error as? ValidationFailure else { return false }
            return failure.problems.map(\.field) == ["RADAR_LOG_LEVEL"]
        }
    }
}
