internal import Foundation
internal import OpenAPIRuntime
import Postgres
import RadarAccess
import RadarDigest
import RadarDomain
import RadarStore

// Health, readiness, metrics, the contract, logging in and out: the routes that need no organisation.
extension RadarAPI {
    func health(_ input: Operations.Health.Input) async throws -> Operations.Health.Output {
        .ok(.init(body: .plainText(HTTPBody("ok\n"))))
    }

    /// Ready when the database answers and every migration and definition this binary knows is applied.
    func readiness(_ input: Operations.Readiness.Input) async throws -> Operations.Readiness.Output {
        let pending: [Migrator.Entry]
        do {
            pending = try await database.migrationStatus().filter { $0.appliedAt == nil }
        } catch let error as PostgresError where error.code == .undefinedTable || error.code == .insufficientPrivilege {
            // A database nobody has migrated yet (or one this login may not read) is not ready, not broken.
            throw APIProblem.unavailable(
                "The database holds no schema this service can read yet; run `radar migrate`.", retryAfter: 30)
        }
        guard pending.isEmpty else {
            throw APIProblem.unavailable(
                "\(pending.count) migration(s) or definition(s) are not applied yet; run `radar migrate`.",
                retryAfter: 30)
        }
        return .ok(.init(body: .plainText(HTTPBody("ready\n"))))
    }

    func metrics(_ input: Operations.Metrics.Input) async throws -> Operations.Metrics.Output {
        metrics.pool(database.pool.statistics, database.pool.borrowing)
        metrics.schedulerLag()
        // The outbox is read from the database; when it cannot answer within two seconds (down, or every connection
        // busy), the other series still go out at once, as a scrape expects.
        if let backlog = await Self.within(.seconds(2), { [database] in try await DeliveryBacklog.read(database) }) {
            metrics.deliveryBacklog(backlog)
        }
        return .ok(.init(body: .plainText(HTTPBody(metrics.render()))))
    }

    /// The value `work` gives within `limit`, or nil when it fails or takes longer (it is then cancelled).
    static func within<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { try? await work() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    func contract(_ input: Operations.Contract.Input) async throws -> Operations.Contract.Output {
        .ok(.init(body: .yaml(HTTPBody(Contract.text))))
    }

    /// Exchanges an e-mail and password for a new API token. Wrong credentials are answered only after the delay
    /// the throttle asks for; too many failures are 429 with Retry-After. The password is never logged.
    func logIn(_ input: Operations.LogIn.Input) async throws -> Operations.LogIn.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.email, "email", max: TextLimit.email)
        checks.text(body.password, "password", max: 1000)
        try checks.finish()
        let address = RequestScope.current?.clientAddress ?? "unknown"
        let principal = try await LoginThrottle.holdingBackFailures {
            try await Accounts(database: database)
                .logIn(email: body.email, password: body.password, address: address, now: .now)
        }
        if principal.mustChangePassword {
            throw APIProblem.forbidden(
                "Your password was set by an administrator: choose your own with POST /api/v1/password, then log in "
                    + "with it.")
        }
        let now = Date.now
        let (secret, token) = try await APITokens(database: database)
            .issueOwn(for: principal, name: Self.loginTokenName(at: now), lifetime: TokenLifetime.login, now: now)
        return .ok(.init(body: .json(Self.loginResponse(secret, token, principal))))
    }

    /// Replaces the caller's password with one they choose, checked as a sign-in is; they log in again after.
    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.email, "email", max: TextLimit.email)
        checks.text(body.currentPassword, "current_password", max: 1000)
        checks.text(body.newPassword, "new_password", max: 1000)
        try checks.finish()
        let address = RequestScope.current?.clientAddress ?? "unknown"
        try await LoginThrottle.holdingBackFailures {
            try await Accounts(database: database)
                .changePassword(
                    email: body.email, current: body.currentPassword, new: body.newPassword, address: address,
                    now: .now)
        }
        return .noContent(.init())
    }

    /// Revokes the caller's own token: the API's way of signing out.
    func logOut(_ input: Operations.LogOut.Input) async throws -> Operations.LogOut.Output {
        guard let principal = RequestScope.current?.principal, let tokenID = principal.tokenID else {
            throw APIProblem.unauthenticated
        }
        let address = RequestScope.current?.clientAddress ?? "unknown"
        try await APITokens(database: database).logOut(id: tokenID, principal: principal, address: address)
        return .noContent(.init())
    }

    /// What a login answers, by password or through a sign-on provider: the new token's secret (shown this once),
    /// its end, and the person's role in each of their organisations.
    static func loginResponse(
        _ secret: String, _ token: APITokenRecord, _ principal: Principal
    ) -> Components.Schemas.LoginResponse {
        .init(
            token: secret, expiresAt: token.expiresAt, email: principal.email,
            organisations: .init(additionalProperties: principal.memberships.mapValues(\.rawValue)))
    }

    /// The name of a token made by logging in: the instant, and a random suffix so that two logins within the same
    /// second do not collide on the rule that a user's live tokens have distinct names.
    static func loginTokenName(at instant: Date) -> String {
        let suffix = (0..<3).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
        return "login \(instant.formatted(.iso8601)) \(suffix)"
    }
}
