import Foundation

/// One file of the top-level `sql/` folder, as embedded in the binary at build time.
public struct SQLFile: Sendable, Hashable {
    /// Path relative to `sql/`, e.g. `migrations/001_schema.sql`.
    public var path: String
    public var text: String

    /// The file name without its folder, e.g. `001_schema.sql`.
    public var name: String { String(path.split(separator: "/").last ?? Substring(path)) }
}

/// The embedded copy of `sql/`: setup script, migrations, and the definitions of views and functions.
public enum SQLFiles {
    /// Every embedded file, sorted by path.
    public static let all: [SQLFile] = EmbeddedSQL.files.map { entry in
        let bytes = Data(base64Encoded: entry.base64) ?? Data()
        return SQLFile(path: entry.path, text: String(decoding: bytes, as: UTF8.self))
    }.sorted { $0.path < $1.path }

    /// Forward-only migrations in the order they apply.
    public static var migrations: [SQLFile] {
        all.filter { $0.path.hasPrefix("migrations/") && $0.path.hasSuffix(".sql") }
    }

    /// The current text of each view and function, one file each, recreated by `radar migrate` when it changes.
    public static var definitions: [SQLFile] {
        all.filter { $0.path.hasPrefix("definitions/") && $0.path.hasSuffix(".sql") }
    }

    /// Creates the roles and grants; run once per database by a superuser.
    public static var roleSetup: SQLFile {
        guard let file = all.first(where: { $0.path == "setup/roles.sql" }) else {
            preconditionFailure("sql/setup/roles.sql was not embedded at build time")
        }
        return file
    }
}
