import ArgumentParser
import Foundation
import Logging
import Postgres
import RadarDomain
import RadarServer
import RadarStore

/// The one entry point: parses arguments, runs the command and turns every error into one line per problem
/// on stderr and an exit code (0 success, 2 usage or validation, 1 anything else, 3 for `--fail-on`).
public enum RadarMain {
    public static func run(_ arguments: [String], console: Console = .standard) async -> Int32 {
        await Console.$current.withValue(console) {
            var optionNames: [FieldPath: String] = [:]
            do {
                var command = try Radar.parseAsRoot(arguments)
                optionNames = (command as? any OptionNaming).map { type(of: $0).optionNames } ?? [:]
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
                return 0
            } catch {
                return report(error, console: console, optionNames: optionNames)
            }
        }
    }

    /// The level this process logs at: `RADAR_LOG_LEVEL` read as `radar serve` reads it, else `info` for the service
    /// and `error` for every other command. A bad value falls back to the default here; `serve` refuses it with its
    /// other settings.
    public static func logLevel(for arguments: [String], environment: [String: String]) -> Logger.Level {
        let serving = (try? Radar.parseAsRoot(arguments)) is Radar.Serve
        let fallback = serving ? LogLevelSetting.serviceDefault : LogLevelSetting.commandDefault
        return (try? LogLevelSetting.read(environment)) ?? fallback
    }

    /// Writes the error for a person and returns the exit code it deserves; a validation problem names its field as
    /// the command's option (`optionNames` holds the command's own names, such as `--at` for `occurredAt`).
    static func report(_ error: any Error, console: Console, optionNames: [FieldPath: String] = [:]) -> Int32 {
        func line(_ problem: ValidationProblem) -> String {
            "radar: \(optionNames[problem.field] ?? problem.field.optionName): \(problem.message)"
        }
        switch error {
        case let failure as ValidationFailure:
            failure.problems.forEach { console.printError(line($0)) }
            return 2
        case let problem as ValidationProblem:
            console.printError(line(problem))
            return 2
        case let error as StoreError:
            console.printError("radar: \(error)")
            if case .staleVersion = error { return 1 }
            if case .settled = error { return 1 }
            return error.isUsageProblem ? 2 : 1
        case let error as PostgresError:
            console.printError("radar: \(error)")
            return 1
        default:
            let code = Radar.exitCode(for: error)
            let message = Radar.message(for: error)
            if code == .success {
                // --help and --version are not failures.
                console.print(Radar.fullMessage(for: error))
                return 0
            }
            if !message.isEmpty {
                console.printError(
                    error is ValidationError || code == .validationFailure
                        ? "radar: \(message)\n\(Radar.usageString(for: error))" : "radar: \(message)")
            }
            return code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue
        }
    }
}

extension Radar {
    /// The usage line of whichever command the error came from, to follow a usage error.
    static func usageString(for error: any Error) -> String {
        let full = fullMessage(for: error)
        return full.split(separator: "\n").first { $0.hasPrefix("Usage:") }.map(String.init) ?? ""
    }
}

extension StoreError {
    /// Problems with what the user asked for (as opposed to the state of the system).
    var isUsageProblem: Bool {
        switch self {
        case .organisationNotFound, .notFound, .duplicate: true
        default: false
        }
    }
}
