import Foundation
import PackagePlugin

/// Build tool plugin that embeds every file under the package's top-level `sql/` folder into the target,
/// so an installed `radar` binary can migrate a database with no source tree beside it.
@main
struct EmbedSQLPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let sqlDirectory = context.package.directoryURL.appending(path: "sql")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSQL.swift")
        let inputs = Self.files(under: sqlDirectory)
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) files of sql/",
                executable: try context.tool(named: "SQLEmbedder").url,
                arguments: [sqlDirectory.path(percentEncoded: false), output.path(percentEncoded: false)]
                    + inputs.map { $0.path(percentEncoded: false) },
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }

    /// Every regular file below `directory`, sorted so the generated source is stable.
    static func files(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey]
        ) else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }
}
