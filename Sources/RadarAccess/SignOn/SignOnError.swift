import OpenIDConnect

/// Why a sign-in through a provider was refused, in words the sign-in page shows as they are.
public enum SignOnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No provider is set up for the organisation or the e-mail domain typed.
    case noProvider(String)
    /// The callback's `state` is unknown: already used (a replay), expired, or never issued here.
    case attemptUnknown
    /// The provider, or the ID token it issued, could not be used.
    case provider(OpenIDError)
    /// The ID token carries no e-mail address, or one the provider says is not verified.
    case noEmail
    /// The address's domain is not one the organisation's provider vouches for.
    case domainNotAllowed(String)
    /// None of the person's groups or roles at the provider grants a role in the organisation (any role they had
    /// here has just been removed).
    case noRole(organisation: String)
    /// The account exists here but is disabled.
    case accountDisabled
    /// The e-mail's account signs in as another person at this provider (the address was given to someone new, or
    /// a second directory account uses it).
    case identityMismatch

    public var description: String {
        switch self {
        case .noProvider(let what): "no single sign-on is set up for \(what)"
        case .attemptUnknown:
            "this sign-in was already completed or has expired; start again from the sign-in page"
        case .provider(let error): error.description
        case .noEmail: "the sign-in provider did not give a verified e-mail address"
        case .domainNotAllowed(let domain): "e-mail addresses at \(domain) may not sign in to this organisation"
        case .noRole(let organisation):
            "your groups at the sign-in provider give you no role in \(organisation) any more; ask an administrator"
        case .accountDisabled: "your account is disabled; ask an administrator"
        case .identityMismatch:
            "this e-mail address belongs to an account that signs in as someone else at your provider; ask an administrator"
        }
    }

    /// A short word for the audit trail's reason.
    var reason: String {
        switch self {
        case .noProvider: "no provider"
        case .attemptUnknown: "unknown or used state"
        case .provider(let error): "provider: \(error.tokenProblem?.rawValue ?? "unusable")"
        case .noEmail: "no verified e-mail"
        case .domainNotAllowed: "domain not allowed"
        case .noRole: "no group grants a role"
        case .accountDisabled: "account disabled"
        case .identityMismatch: "another identity at the provider"
        }
    }
}
