import Foundation
import Logging
import Postgres
import Synchronization

extension Accounts {
    enum LogInQuery {
        // Attempts on one account, and from one address, decide one at a time: each takes both locks (account
        // first, always, so two attempts cannot wait on each other) until its transaction ends, which is short:
        // the password is checked after it.
        static let serialise = """
            SELECT pg_advisory_xact_lock(hashtextextended('radar.login.account:' || $1, 0)),
                   pg_advisory_xact_lock(hashtextextended('radar.login.address:' || $2, 0))
            """
        static let counters = """
            SELECT scope, failures, last_failed_at FROM login_failures
             WHERE (scope = 'account' AND subject = $1) OR (scope = 'address' AND subject = $2)
            """
        static let account = """
            SELECT user_id, email, display_name, password_hash, disabled, must_change_password, org_slugs, roles
              FROM radar_login_account($1)
            """
        // A failure after a quiet window starts a new count.
        static let recordFailure = """
            INSERT INTO login_failures AS f (scope, subject, failures, first_failed_at, last_failed_at)
            VALUES ($1, $2, 1, $3, $3)
            ON CONFLICT (scope, subject) DO UPDATE SET
                failures = CASE WHEN f.last_failed_at <= $3 - make_interval(secs => $4) THEN 1 ELSE f.failures + 1 END,
                first_failed_at = CASE WHEN f.last_failed_at <= $3 - make_interval(secs => $4)
                                       THEN $3 ELSE f.first_failed_at END,
                last_failed_at = GREATEST(f.last_failed_at, $3)
            RETURNING failures
            """
        static let forgetAccount = "DELETE FROM login_failures WHERE scope = 'account' AND subject = $1"
        /// One audit event: `login`, `login_failed` or `logout`, with the e-mail, address and a reason word.
        static let audit = "SELECT radar_audit_sign_in($1, $2, $3, $4)"
        /// The provider label of an organisation of the account that switched password sign-in off, if any.
        static let passwordRefused = "SELECT radar_password_sign_in_refused($1) AS provider"
    }

    /// What the database said about a login attempt before the password was checked.
    private enum Attempt: Sendable {
        case throttled(retryAfter: Int, scope: String)
        /// Allowed, and already counted as a failure of the account (`accountFailures` with it), so that parallel
        /// guesses at one account see it before its password is checked; a success forgets the account's count.
        case candidate(Candidate?, accountFailures: Int)
    }

    private struct Candidate: Sendable {
        var principal: Principal
        var passwordHash: String?
        var disabled: Bool
    }

    /// Signs `email` in with `password` from the client `address` at `now`. Throws `.throttled` (without checking
    /// the password) while the account or address is slowed or locked, and `.invalidCredentials(delay:)` for a
    /// wrong password, an unknown e-mail or a disabled account alike. Each failure is logged without the password.
    public func logIn(email: String, password: String, address: String, now: Date) async throws -> Principal {
        // Whatever a client sends must fit the counters' keys and be storable as text.
        let email = String(Self.normalise(email).replacingOccurrences(of: "\u{0}", with: "").prefix(320))
        let address = String(address.replacingOccurrences(of: "\u{0}", with: "").prefix(320))
        let throttle = self.throttle
        let actor = "login:\(email)"
        let window = throttle.window
        let attempt: Attempt = try await database.asApplication(actor: actor) { connection in
            try connection.execute(LogInQuery.serialise, [email, address])
            for row in try connection.query(LogInQuery.counters, [email, address]) {
                let scope: String = try row.decode("scope")
                let limit = scope == "account" ? throttle.accountLimit : throttle.addressLimit
                if let wait = throttle.retryAfter(
                    failures: try row.decode("failures"), lastFailure: try row.decode("last_failed_at"),
                    limit: limit, now: now)
                {
                    try connection.execute(LogInQuery.audit, ["login_failed", email, address, "throttled by \(scope)"])
                    return .throttled(retryAfter: wait, scope: scope)
                }
            }
            let failures: Int = try connection.queryRow(
                LogInQuery.recordFailure, ["account", email, now, window])!.decode("failures")
            guard let row = try connection.queryRow(LogInQuery.account, [email]) else {
                return .candidate(nil, accountFailures: failures)
            }
            var principal = Principal(
                userID: try row.decode("user_id"), email: try row.decode("email"),
                displayName: try row.decode("display_name"), memberships: try UserAccount.memberships(row))
            principal.mustChangePassword = try row.decode("must_change_password")
            return .candidate(
                Candidate(
                    principal: principal, passwordHash: try row.decode("password_hash"),
                    disabled: try row.decode("disabled")),
                accountFailures: failures)
        }
        let candidate: Candidate?
        let accountFailures: Int
        switch attempt {
        case .throttled(let retryAfter, let scope):
            logger.warning(
                "login refused while throttled",
                metadata: [
                    "email": "\(email)", "address": "\(address)", "throttled_by": "\(scope)",
                    "retry_after": "\(retryAfter)",
                ])
            throw AccessError.throttled(retryAfter: retryAfter)
        case .candidate(let found, let failures):
            candidate = found
            accountFailures = failures
        }
        // An unknown account costs a bcrypt check too, so timing does not reveal which e-mails exist.
        let hash: String
        if let known = candidate?.passwordHash {
            hash = known
        } else {
            hash = await Self.decoyHash(cost: passwordCost)
        }
        let matches = await PasswordHashing.verify(password, hash: hash)
        if let candidate, matches, !candidate.disabled, candidate.passwordHash != nil {
            // Asked only once the password matched, so a guesser learns nothing about who signs in elsewhere.
            let provider: String? = try await database.asApplication(actor: actor) { connection in
                try connection.execute(LogInQuery.forgetAccount, [email])
                let provider: String? = try connection.queryRow(LogInQuery.passwordRefused, [email])?.decode("provider")
                if let provider {
                    try connection.execute(
                        LogInQuery.audit, ["login_failed", email, address, "password sign-in off: \(provider)"])
                } else {
                    try connection.execute(LogInQuery.audit, ["login", email, address, nil])
                }
                return provider
            }
            if let provider {
                logger.warning(
                    "password login refused: the organisation signs in through its provider",
                    metadata: ["email": "\(email)", "address": "\(address)"])
                throw AccessError.passwordSignInOff(provider: provider)
            }
            logger.info("login succeeded", metadata: ["email": "\(email)", "address": "\(address)"])
            return candidate.principal
        }
        // An address is counted only when its attempt fails: an office's colleagues signing in together must not
        // slow each other down. (So parallel guesses across many accounts from one address can overshoot its
        // limit by as many as are in flight; each account's own limit still holds.)
        let reason = candidate == nil ? "unknown account" : candidate!.disabled ? "account disabled" : "wrong password"
        let addressFailures: Int = try await database.asApplication(actor: actor) { connection in
            try connection.execute(LogInQuery.audit, ["login_failed", email, address, reason])
            return try connection.queryRow(LogInQuery.recordFailure, ["address", address, now, window])!
                .decode("failures")
        }
        let delay = max(
            throttle.delay(afterFailures: accountFailures), throttle.delay(afterFailures: addressFailures))
        logger.warning(
            "login failed",
            metadata: [
                "email": "\(email)", "address": "\(address)", "reason": "\(reason)",
                "account_failures": "\(accountFailures)", "address_failures": "\(addressFailures)", "delay": "\(delay)",
            ])
        throw AccessError.invalidCredentials(delay: delay)
    }

    private static let decoys = Mutex<[UInt8: String]>([:])

    /// A hash of nothing anyone knows, at the configured cost, made once per process.
    private static func decoyHash(cost: UInt8) async -> String {
        if let hash = decoys.withLock({ $0[cost] }) { return hash }
        let hash = await PasswordHashing.hash(UUID().uuidString, cost: cost)
        decoys.withLock { $0[cost] = hash }
        return hash
    }
}
