import Foundation
import RadarCLI
import Synchronization
import Testing

/// What one `radar` invocation printed and how it exited.
public struct RadarRun: Sendable {
    public var exitCode: Int32
    public var out: String
    public var err: String
}

/// Runs `radar` through its parsed entry point against the test database, capturing its output.
public func radar(_ arguments: String..., org: String? = nil) async throws -> RadarRun {
    try await radarArray(arguments, org: org)
}

public func radarArray(_ arguments: [String], org: String?) async throws -> RadarRun {
    let out = Mutex("")
    let err = Mutex("")
    let console = Console(
        isTerminal: false,
        out: { text in out.withLock { $0 += text } },
        error: { text in err.withLock { $0 += text } })
    var full = arguments + ["--database-url", try TestDatabase.superuserURL()]
    if let org { full += ["--org", org] }
    let code = await RadarMain.run(full, console: console)
    return RadarRun(exitCode: code, out: out.withLock { $0 }, err: err.withLock { $0 })
}
