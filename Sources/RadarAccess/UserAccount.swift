import Foundation
import Postgres

/// A person who may sign in, with the organisations they belong to.
public struct UserAccount: Sendable, Hashable {
    public var id: UUID
    public var email: String
    public var displayName: String
    /// When the account was disabled; a disabled account cannot sign in and its tokens are refused.
    public var disabledAt: Date?
    public var createdAt: Date
    /// The person's role in each organisation they belong to, keyed by organisation slug.
    public var memberships: [String: AccessRole]

    public var isDisabled: Bool { disabledAt != nil }

    public init(
        id: UUID, email: String, displayName: String, disabledAt: Date?, createdAt: Date,
        memberships: [String: AccessRole]
    ) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.disabledAt = disabledAt
        self.createdAt = createdAt
        self.memberships = memberships
    }

    /// Reads a row with id, email, display_name, disabled_at, created_at, org_slugs and roles.
    init(row: Row) throws {
        self.init(
            id: try row.decode("id"), email: try row.decode("email"), displayName: try row.decode("display_name"),
            disabledAt: try row.decode("disabled_at"), createdAt: try row.decode("created_at"),
            memberships: try Self.memberships(row))
    }

    /// Pairs the parallel `org_slugs` and `roles` arrays the access queries answer.
    static func memberships(_ row: Row) throws -> [String: AccessRole] {
        let slugs: [String] = try row.decode("org_slugs")
        let roles: [String] = try row.decode("roles")
        var memberships: [String: AccessRole] = [:]
        for (slug, role) in zip(slugs, roles) {
            memberships[slug] = AccessRole(rawValue: role)
        }
        return memberships
    }
}
