import Foundation
import Logging
import RadarCLI

let arguments = Array(CommandLine.arguments.dropFirst())
let logLevel = RadarMain.logLevel(for: arguments, environment: ProcessInfo.processInfo.environment)
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = logLevel
    return handler
}
exit(await RadarMain.run(arguments))
