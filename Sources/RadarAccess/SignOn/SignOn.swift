import Foundation
import Logging
import OpenIDConnect
import Postgres
import RadarDomain
import RadarStore

/// Signing in through an organisation's OpenID Connect provider: the trip out (a pending attempt remembered by its
/// state), the return (the code redeemed, the ID token verified), and admitting the person: created the first time,
/// given the role their groups map to each time, and losing it when no group maps any more.
public struct SignOn: Sendable {
    public let database: RadarDatabase
    public let providers: SignOnProviders
    public let client: OpenIDClient
    public let logger: Logger
    /// How long a person may take at the provider's page.
    public static let attemptLifetime: TimeInterval = 600

    public init(database: RadarDatabase, client: OpenIDClient, logger: Logger = Logger(label: "radar.sign-on")) {
        self.database = database
        self.providers = SignOnProviders(database: database)
        self.client = client
        self.logger = logger
    }

    enum Query {
        static let remember = """
            INSERT INTO sign_on_attempts (state_digest, org_slug, nonce, verifier, next, created_at, expires_at)
            VALUES (decode($1, 'hex'), $2, $3, $4, $5, $6, $7)
            """
        // Taking the row is what makes a state work once: a replay finds nothing.
        static let take = """
            DELETE FROM sign_on_attempts WHERE state_digest = decode($1, 'hex')
            RETURNING org_slug, nonce, verifier, next, expires_at
            """
        static let forgetExpired = "DELETE FROM sign_on_attempts WHERE expires_at <= $1"
        // Account, membership and sign-out in one definer function: the service's login cannot write accounts.
        static let admit = """
            SELECT outcome, id, email, display_name, disabled_at, created_at, org_slugs, roles
              FROM radar_sign_on_admit($1, $2, $3, $4, $5, $6)
            """
    }

    /// A sign-in on its way to the provider: where to send the browser, and the state to keep in its cookie.
    public struct Departure: Sendable {
        public var url: URL
        public var state: String
    }

    /// A sign-in back from the provider: the person admitted, the organisation they signed in to, and where to go.
    public struct Arrival: Sendable {
        public var principal: Principal
        public var organisation: String
        public var next: String
    }

    /// Starts a sign-in through `provider`, to come back to `redirectURI` and then go to `next`.
    public func start(
        with provider: SignOnProvider, redirectURI: String, next: String, now: Date
    ) async throws -> Departure {
        let request: AuthorizationRequest
        do {
            request = try await client.authorizationRequest(
                for: provider.relyingParty(redirectURI: redirectURI), now: now)
        } catch let error as OpenIDError {
            logger.warning(
                "single sign-on could not start", metadata: ["org": "\(provider.organisation)", "error": "\(error)"])
            throw SignOnError.provider(error)
        }
        let remembered = try await database.asApplication(actor: "sign-on") { connection in
            try connection.execute(
                Query.remember,
                [
                    WebSessions.digest(request.state), provider.organisation, request.nonce, request.verifier,
                    String(next.prefix(500)), now, now.addingTimeInterval(Self.attemptLifetime),
                ])
        }
        guard remembered == 1 else { throw SignOnError.noProvider("\"\(provider.organisation)\"") }
        return Departure(url: request.url, state: request.state)
    }

    /// Finishes the sign-in whose provider sent back `state` and `code` to `redirectURI`: the state is taken (so it
    /// works once), the code redeemed, the ID token verified, and the person admitted.
    public func finish(
        state: String, code: String, redirectURI: String, address: String, now: Date
    ) async throws -> Arrival {
        guard WebSessions.isWellFormed(state) else { throw SignOnError.attemptUnknown }
        let taken: (organisation: String, nonce: String, verifier: String, next: String)? =
            try await database.asApplication(actor: "sign-on") { connection in
                guard let row = try connection.queryRow(Query.take, [WebSessions.digest(state)]) else { return nil }
                guard try row.decode("expires_at", as: Date.self) > now else { return nil }
                return (
                    try row.decode("org_slug"), try row.decode("nonce"), try row.decode("verifier"),
                    try row.decode("next")
                )
            }
        guard let taken else {
            try await audit(.attemptUnknown, email: "", address: address)
            throw SignOnError.attemptUnknown
        }
        let slug = taken.organisation
        guard let provider = try await providers.provider(organisation: slug) else {
            throw SignOnError.noProvider("this organisation")
        }
        let claims: IdentityClaims
        do {
            claims = try await client.redeem(
                code: code, verifier: taken.verifier, nonce: taken.nonce,
                for: provider.relyingParty(redirectURI: redirectURI), now: now)
        } catch let error as OpenIDError {
            try await refuse(.provider(error), email: "", address: address, organisation: slug)
        }
        let principal = try await admit(claims, through: provider, address: address)
        return Arrival(principal: principal, organisation: slug, next: taken.next)
    }

    /// Verifies an ID token a client obtained from `organisation`'s provider itself (for the API) and admits its
    /// holder. There was no authorization request here, so there is no nonce to compare.
    public func exchange(idToken: String, organisation: String, address: String, now: Date) async throws -> Principal {
        guard let provider = try await providers.provider(organisation: organisation) else {
            throw SignOnError.noProvider("\"\(organisation)\"")
        }
        let claims: IdentityClaims
        do {
            claims = try await client.verify(
                idToken: idToken, for: provider.relyingParty(redirectURI: ""), nonce: nil, now: now)
        } catch let error as OpenIDError {
            try await refuse(.provider(error), email: "", address: address, organisation: organisation)
        }
        return try await admit(claims, through: provider, address: address)
    }

    /// Forgets the attempts nobody came back from by `now`; answers how many.
    @discardableResult
    public static func forgetExpiredAttempts(in database: RadarDatabase, now: Date) async throws -> Int {
        try await database.asApplication(actor: nil) { try $0.execute(Query.forgetExpired, [now]) }
    }

    /// What admitting found, decided inside one transaction (whose writes stand even when the answer is a refusal).
    private enum Admission: Sendable {
        case admitted(Principal)
        case refused(SignOnError)
    }

    /// Admits the person `claims` describe to the provider's organisation: checks the e-mail domain, creates the
    /// account the first time (without a password), and sets the membership to the role their groups map to, or
    /// removes it (signing them out everywhere) when none does any more. Audited as a sign-in either way.
    func admit(_ claims: IdentityClaims, through provider: SignOnProvider, address: String) async throws -> Principal {
        let email = Accounts.normalise(claims.email ?? "")
        guard !email.isEmpty, claims.emailVerified, Accounts.emailProblems(email).isEmpty else {
            try await refuse(.noEmail, email: email, address: address, organisation: provider.organisation)
        }
        guard provider.allows(email: email) else {
            let domain = String(email[email.index(after: email.lastIndex(of: "@")!)...])
            try await refuse(
                .domainNotAllowed(domain), email: email, address: address, organisation: provider.organisation)
        }
        let role = provider.role(for: claims.values(of: provider.groupClaim))
        let name = String(
            CleanText.oneLine(claims.name ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
        let displayName = name.isEmpty ? String(email.prefix(while: { $0 != "@" }).prefix(200)) : name
        let slug = provider.organisation
        let admission: Admission = try await database.asApplication(actor: "sign-on:\(email)") { connection in
            let row = try connection.queryRow(
                Query.admit, [slug, email, displayName, role?.rawValue, claims.issuer, claims.subject])!
            switch try row.decode("outcome", as: String.self) {
            case "admitted":
                try connection.execute(Accounts.LogInQuery.audit, ["login", email, address, "single sign-on"])
                let admitted = try UserAccount(row: row)
                return .admitted(
                    Principal(
                        userID: admitted.id, email: admitted.email, displayName: admitted.displayName,
                        memberships: admitted.memberships))
            case "disabled":
                try connection.execute(
                    Accounts.LogInQuery.audit, ["login_failed", email, address, SignOnError.accountDisabled.reason])
                return .refused(.accountDisabled)
            case "identity_mismatch":
                try connection.execute(
                    Accounts.LogInQuery.audit, ["login_failed", email, address, SignOnError.identityMismatch.reason])
                return .refused(.identityMismatch)
            default:
                let refusal = SignOnError.noRole(organisation: slug)
                try connection.execute(Accounts.LogInQuery.audit, ["login_failed", email, address, refusal.reason])
                return .refused(refusal)
            }
        }
        switch admission {
        case .admitted(let principal):
            logger.info("single sign-on succeeded", metadata: ["email": "\(email)", "org": "\(slug)"])
            return principal
        case .refused(let refusal):
            logger.warning(
                "single sign-on refused",
                metadata: ["email": "\(email)", "org": "\(slug)", "reason": "\(refusal.reason)"])
            throw refusal
        }
    }

    /// Records a refused sign-in and throws `refusal`.
    private func refuse(
        _ refusal: SignOnError, email: String, address: String, organisation: String
    ) async throws -> Never {
        logger.warning(
            "single sign-on refused",
            metadata: ["email": "\(email)", "org": "\(organisation)", "reason": "\(refusal.reason)"])
        try await audit(refusal, email: email, address: address)
        throw refusal
    }

    private func audit(_ refusal: SignOnError, email: String, address: String) async throws {
        try await database.asApplication(actor: "sign-on") { connection in
            try connection.execute(Accounts.LogInQuery.audit, ["login_failed", email, address, refusal.reason])
        }
    }
}
