import Foundation
import RadarCLI

exit(await RadarMain.run(Array(CommandLine.arguments.dropFirst())))
