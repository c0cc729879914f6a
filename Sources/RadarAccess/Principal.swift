import Foundation

/// Who is making a request, once authenticated by a password or an API token, with their roles.
public struct Principal: Sendable, Hashable {
    public var userID: UUID
    public var email: String
    public var displayName: String
    /// The person's role in each organisation they belong to, keyed by organisation slug.
    public var memberships: [String: AccessRole]
    /// The API token the request carried, when it was authenticated by one.
    public var tokenID: UUID?
    /// Whether the password that signed them in was set by an administrator and must be replaced before anything
    /// else (only a password sign-in says so).
    public var mustChangePassword = false

    public init(
        userID: UUID, email: String, displayName: String, memberships: [String: AccessRole], tokenID: UUID? = nil
    ) {
        self.userID = userID
        self.email = email
        self.displayName = displayName
        self.memberships = memberships
        self.tokenID = tokenID
    }

    /// The person's role in the organisation `slug`, or nil when they are not a member.
    public func role(in slug: String) -> AccessRole? {
        memberships[slug]
    }

    /// Whether the person may do `permission` in the organisation `slug`.
    public func may(_ permission: Permission, in slug: String) -> Bool {
        role(in: slug)?.allows(permission) ?? false
    }

    /// The actor recorded in the audit trail for this person's writes.
    public var actor: String {
        tokenID.map { "user:\(email) token:\($0.uuidString.lowercased())" } ?? "user:\(email)"
    }
}
