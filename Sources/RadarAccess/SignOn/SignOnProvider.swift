import Foundation
import OpenIDConnect
import Postgres
import RadarDomain

/// An organisation's OpenID Connect provider: where its people sign in, and how the provider's group or role claim
/// makes each of them an admin, an HR user or a viewer here.
public struct SignOnProvider: Sendable, Hashable {
    public var organisation: String
    /// What the sign-in button says: "Sign in with <label>".
    public var label: String
    public var issuer: String
    public var clientID: String
    /// Never logged nor shown back whole: see `maskedSecret`.
    public var clientSecret: String
    /// The e-mail domains the provider vouches for; an address elsewhere is refused.
    public var emailDomains: [String]
    public var groupClaim: String
    public var adminGroups: [String]
    public var hrGroups: [String]
    public var viewerGroups: [String]
    /// Whether the organisation's members may still sign in with a password.
    public var passwordSignIn: Bool

    public init(
        organisation: String, label: String, issuer: String, clientID: String, clientSecret: String,
        emailDomains: [String], groupClaim: String = "groups", adminGroups: [String] = [], hrGroups: [String] = [],
        viewerGroups: [String] = [], passwordSignIn: Bool = true
    ) {
        self.organisation = organisation
        self.label = label
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.emailDomains = emailDomains
        self.groupClaim = groupClaim
        self.adminGroups = adminGroups
        self.hrGroups = hrGroups
        self.viewerGroups = viewerGroups
        self.passwordSignIn = passwordSignIn
    }

    init(row: Row) throws {
        self.init(
            organisation: try row.decode("org_slug"), label: try row.decode("label"), issuer: try row.decode("issuer"),
            clientID: try row.decode("client_id"), clientSecret: try row.decode("client_secret"),
            emailDomains: try row.decode("email_domains"), groupClaim: try row.decode("group_claim"),
            adminGroups: try row.decode("admin_groups"), hrGroups: try row.decode("hr_groups"),
            viewerGroups: try row.decode("viewer_groups"), passwordSignIn: try row.decode("password_sign_in"))
    }

    /// The secret as it may be shown: its last four characters only.
    public var maskedSecret: String {
        clientSecret.count <= 8 ? "••••" : "••••" + clientSecret.suffix(4)
    }

    /// The role the claim values `groups` grant: the strongest any of them maps to, or nil when none does.
    public func role(for groups: [String]) -> AccessRole? {
        let held = Set(groups)
        if !held.isDisjoint(with: adminGroups) { return .admin }
        if !held.isDisjoint(with: hrGroups) { return .hr }
        if !held.isDisjoint(with: viewerGroups) { return .viewer }
        return nil
    }

    /// Whether the provider vouches for `email`'s domain.
    public func allows(email: String) -> Bool {
        guard let at = email.lastIndex(of: "@") else { return false }
        return emailDomains.contains(String(email[email.index(after: at)...]).lowercased())
    }

    /// This service as the provider knows it, sending browsers back to `redirectURI`.
    public func relyingParty(redirectURI: String) -> RelyingParty {
        RelyingParty(issuer: issuer, clientID: clientID, clientSecret: clientSecret, redirectURI: redirectURI)
    }

    /// Every problem with the provider as typed, each naming its field; the values are tidied on the way (domains
    /// and group names trimmed, domains lower-cased).
    public mutating func validate() throws {
        let hadControl = label.unicodeScalars.contains { $0.value < 0x20 }
        label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        issuer = issuer.trimmingCharacters(in: .whitespacesAndNewlines)
        clientID = clientID.trimmingCharacters(in: .whitespacesAndNewlines)
        groupClaim = groupClaim.trimmingCharacters(in: .whitespacesAndNewlines)
        emailDomains = Self.tidy(emailDomains).map { $0.lowercased() }
        adminGroups = Self.tidy(adminGroups)
        hrGroups = Self.tidy(hrGroups)
        viewerGroups = Self.tidy(viewerGroups)
        var problems: [ValidationProblem] = []
        if label.isEmpty || label.count > 100 || hadControl {
            problems.append(
                ValidationProblem(
                    field: "label", message: "must be one line of 1–100 characters, without control characters"))
        }
        if issuer.count > 500 || URL(string: issuer).map(ProviderMetadata.isSecure) != true
            || issuer.contains(where: \.isWhitespace)
        {
            problems.append(
                ValidationProblem(
                    field: "issuer",
                    message: "\"\(issuer.prefix(100))\" must be an https URL (plain http only to this machine)"))
        }
        if clientID.isEmpty || clientID.count > 255 {
            problems.append(ValidationProblem(field: "clientId", message: "must be 1–255 characters long"))
        }
        if clientSecret.isEmpty || clientSecret.count > 1000 {
            problems.append(ValidationProblem(field: "clientSecret", message: "must be 1–1000 characters long"))
        }
        if emailDomains.isEmpty || emailDomains.count > 50 {
            problems.append(ValidationProblem(field: "emailDomains", message: "must name 1–50 domains"))
        }
        for domain in emailDomains
        where domain.range(
            of: #"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"#,
            options: .regularExpression) == nil || domain.count > 253
        {
            problems.append(
                ValidationProblem(field: "emailDomains", message: "\"\(domain.prefix(100))\" is not a domain"))
        }
        if groupClaim.isEmpty || groupClaim.count > 100 {
            problems.append(ValidationProblem(field: "groupClaim", message: "must be 1–100 characters long"))
        }
        for (field, groups) in [("adminGroups", adminGroups), ("hrGroups", hrGroups), ("viewerGroups", viewerGroups)]
        where groups.count > 50 || groups.contains(where: { $0.isEmpty || $0.count > 200 }) {
            problems.append(
                ValidationProblem(field: field, message: "must name at most 50 values of 1–200 characters"))
        }
        if adminGroups.isEmpty && hrGroups.isEmpty && viewerGroups.isEmpty {
            problems.append(
                ValidationProblem(
                    field: "viewerGroups", message: "at least one claim value must grant a role (admin, hr or viewer)"))
        }
        if !problems.isEmpty { throw ValidationFailure(problems) }
    }

    /// Values trimmed, each once; a blank one stays (as "") so that it is refused rather than dropped unseen.
    private static func tidy(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { seen.insert($0).inserted }
    }
}
