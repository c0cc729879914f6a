import Foundation
import Logging
import RadarCLI

// Commands report their own results; logs are for operators and stay quiet unless RADAR_LOG_LEVEL asks.
let logLevel = ProcessInfo.processInfo.environment["RADAR_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = logLevel
    return handler
}
exit(await RadarMain.run(Array(CommandLine.arguments.dropFirst())))
