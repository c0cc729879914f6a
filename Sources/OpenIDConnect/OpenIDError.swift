import Foundation

/// Why signing in through an OpenID Connect provider failed, in words a person (or a log) can act on.
public enum OpenIDError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The provider could not be reached, or answered its discovery, key or token request with something unusable.
    case provider(String)
    /// The provider's token endpoint refused the authorization code (its `error` word and description).
    case refused(String)
    /// The ID token was not accepted; which check it failed.
    case token(TokenProblem, String)

    public var description: String {
        switch self {
        case .provider(let detail): "the sign-in provider could not be used: \(detail)"
        case .refused(let detail): "the sign-in provider refused the sign-in: \(detail)"
        case .token(_, let detail): "the sign-in provider's ID token was refused: \(detail)"
        }
    }

    /// The check an ID token failed, when it failed one.
    public var tokenProblem: TokenProblem? {
        if case .token(let problem, _) = self { return problem }
        return nil
    }
}

/// Each check an ID token must pass.
public enum TokenProblem: String, Sendable, Equatable, CaseIterable {
    case malformed, algorithm, unknownKey, signature, issuer, audience, expired, notYetValid, nonce
}
