import Postgres

/// Failures the store knows how to name for a person; everything else surfaces as a `PostgresError`.
public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    case organisationNotFound(slug: String)
    case notFound(entity: String, key: String)
    /// An update was based on a version that is no longer current.
    case staleVersion(entity: String, key: String, expected: Int, current: Int)
    /// The record is in a state the change cannot apply to (a resolved flag cannot be snoozed).
    case settled(entity: String, key: String, state: String)
    case migrationChanged(name: String, applied: String, embedded: String)
    case unknownAppliedMigration(name: String)
    case rolesMissing
    /// A view or function of `sql/definitions/` could not be created; `line` is where PostgreSQL pointed, if it did.
    case definitionFailed(file: String, line: Int?, message: String)
    case duplicate(field: String, value: String)

    public var description: String {
        switch self {
        case .organisationNotFound(let slug):
            "organisation \"\(slug)\" does not exist (see `radar org list`)"
        case .notFound(let entity, let key):
            "\(entity) \"\(key)\" does not exist in this organisation"
        case .staleVersion(let entity, let key, let expected, let current):
            "\(entity) \"\(key)\" was changed by someone else (you edited version \(expected), it is now at "
                + "version \(current)); reload it and apply your change again"
        case .settled(let entity, let key, let state):
            "\(entity) \(key) is already \(state)"
        case .migrationChanged(let name, let applied, let embedded):
            "migration \(name) was changed after it was applied (checksum \(applied.prefix(12)) in the database, "
                + "\(embedded.prefix(12)) in this binary); migrations are forward-only: restore the file and add a new one"
        case .unknownAppliedMigration(let name):
            "the database has migration \(name) applied, which this radar binary does not know: use a newer radar"
        case .definitionFailed(let file, let line, let message):
            "sql/\(file)\(line.map { ":\($0)" } ?? ""): \(message); nothing was changed"
        case .rolesMissing:
            "the roles radar_owner and radar_app do not exist: run `radar setup` once as a PostgreSQL superuser"
        case .duplicate(let field, let value):
            "\(field): \"\(value)\" is already taken"
        }
    }
}

extension StoreError {
    /// Whether this is a change refused because of the record's state, which the person can see and accept.
    public var isSettled: Bool {
        if case .settled = self { return true }
        return false
    }
}
