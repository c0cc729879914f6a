import Foundation

/// Where commands write: the process's stdout and stderr, or buffers when a test drives a command.
public final class Console: Sendable {
    private let writeOut: @Sendable (String) -> Void
    private let writeError: @Sendable (String) -> Void
    /// Whether standard output is a terminal (tables then) or a pipe (also tables unless asked otherwise).
    public let isTerminal: Bool

    public init(
        isTerminal: Bool, out: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void
    ) {
        self.isTerminal = isTerminal
        self.writeOut = out
        self.writeError = error
    }

    /// The process's own standard output and error.
    public static let standard = Console(
        isTerminal: isatty(STDOUT_FILENO) == 1,
        out: { FileHandle.standardOutput.write(Data($0.utf8)) },
        error: { FileHandle.standardError.write(Data($0.utf8)) }
    )

    /// The console commands of the current task write to.
    @TaskLocal public static var current: Console = .standard

    public func print(_ line: String) { writeOut(line.hasSuffix("\n") ? line : line + "\n") }
    public func write(_ text: String) { writeOut(text) }
    public func printError(_ line: String) { writeError(line.hasSuffix("\n") ? line : line + "\n") }
}
