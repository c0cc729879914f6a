import Logging
import RadarDomain

/// `RADAR_LOG_LEVEL`, read one way for the whole process: the service's loggers and the logging bootstrap agree.
public enum LogLevelSetting {
    public static let variable = "RADAR_LOG_LEVEL"

    /// The level `radar serve` logs at unless told otherwise: operators read its log.
    public static let serviceDefault: Logger.Level = .info
    /// The level every other command logs at unless told otherwise: commands report their own results.
    public static let commandDefault: Logger.Level = .error

    /// The level the environment names; `nil` when the variable is unset or empty.
    public static func read(_ environment: [String: String]) throws(ValidationProblem) -> Logger.Level? {
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationProblem(
                field: variable,
                message: "\"\(text)\" is not a log level; expected one of "
                    + Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return level
    }
}
