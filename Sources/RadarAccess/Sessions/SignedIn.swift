import Foundation

/// The person a page is shown to: their account, the organisation the session works in, their role there, and
/// the session's CSRF token for the forms.
public struct SignedIn: Sendable {
    public var principal: Principal
    /// The slug of the organisation the pages show.
    public var organisation: String
    public var role: AccessRole
    /// The value every form must send back in `_csrf`.
    public var csrfToken: String
    /// The SHA-256 digest of the session id in hex: what the server knows the session by.
    package var sessionDigest: String
    /// A one-off message left for this page by the request before (e.g. "Conversation recorded").
    public var flash: String?
    /// Every organisation the person belongs to, by slug, for the switcher.
    public var organisations: [Membership]

    /// One organisation the person belongs to.
    public struct Membership: Sendable, Hashable {
        public var slug: String
        public var name: String
    }

    /// The current organisation's display name.
    public var organisationName: String {
        organisations.first { $0.slug == organisation }?.name ?? organisation
    }

    /// Whether this person may do `permission` in the current organisation.
    public func may(_ permission: Permission) -> Bool { role.allows(permission) }

    /// Whether fear statements, conversation notes and commitment descriptions may be shown (not to viewers).
    public var seesSensitive: Bool { role.allows(.readSensitive) }

    /// The actor written to the audit trail for this person's writes, spelled as the API spells it.
    public var actor: String { principal.actor }
}
