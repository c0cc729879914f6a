import Postgres
import RadarDomain

/// Why a request for access was refused; the service maps each case to one HTTP status.
public enum AccessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No valid credentials: an unknown, revoked or malformed token, or a disabled holder (401). Never says which.
    case unauthenticated
    /// The e-mail and password do not match an active account (401). The caller should wait `delay` seconds
    /// before answering, which slows a guesser without telling them anything.
    case invalidCredentials(delay: Int)
    /// Too many failed logins for this account or address: refused without checking the password; try again after
    /// `retryAfter` seconds (429 with Retry-After).
    case throttled(retryAfter: Int)
    /// The password was right, but an organisation of the account has switched password sign-in off: the person signs
    /// in through `provider` (403).
    case passwordSignInOff(provider: String)

    public var description: String {
        switch self {
        case .unauthenticated: "not signed in: the credentials are missing, unknown or no longer valid"
        case .invalidCredentials: "the e-mail address or the password is wrong"
        case .throttled(let seconds): "too many failed sign-ins; try again in \(seconds) seconds"
        case .passwordSignInOff(let provider):
            "password sign-in is switched off for your organisation; sign in with \(provider)"
        }
    }
}

/// Runs `write`, turning a unique violation (the name or e-mail someone already has) into `problem`.
func refusingDuplicate<T>(_ problem: ValidationProblem, _ write: () throws -> T) throws -> T {
    do {
        return try write()
    } catch let error as PostgresError where error.code == .uniqueViolation {
        throw ValidationFailure([problem])
    }
}
