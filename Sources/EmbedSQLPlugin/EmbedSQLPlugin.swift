import Foundation
import PackagePlugin

/// Build tool plugin that embeds every file under the package's top-level `sql/` folder into the target,
/// so an installed `radar` binary can migrate a database with no source tree beside it.
@main
struct EmbedSQLPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let sqlDirectory = context.package.directoryURL.appending(path: "sql")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSQL.swift")
        let entries = Self.entries(under: sqlDirectory)
        return [
            .buildCommand(
                displayName: "Embedding the files of sql/",
                executable: try context.tool(named: "SQLEmbedder").url,
                arguments: [sqlDirectory.path(percentEncoded: false), output.path(percentEncoded: false)],
                // The folders are inputs as well as the files: SwiftPM may reuse this list from an earlier build,
                // and a file added since then still changes its folder, so the embedder runs again and, walking
                // sql/ itself, picks it up.
                inputFiles: [sqlDirectory] + entries,
                outputFiles: [output]
            )
        ]
    }

    /// Every file and folder below `directory`, sorted so the command is stable.
    static func entries(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }.sorted { $0.path < $1.path }
    }
}
