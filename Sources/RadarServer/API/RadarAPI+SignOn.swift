internal import Foundation
internal import OpenAPIRuntime
import OpenIDConnect
import RadarAccess
import RadarDomain
import RadarStore

// Single sign-on: an ID token from the organisation's provider exchanged for an API token, and the provider's
// set-up, for the organisation's admins.
extension RadarAPI {
    /// Admits the holder of a provider's ID token as the sign-in page would, and gives them a twelve-hour token.
    func exchangeSignOnToken(
        _ input: Operations.ExchangeSignOnToken.Input
    ) async throws -> Operations.ExchangeSignOnToken.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        var checks = RequestChecks()
        checks.text(body.organisation, "organisation", max: 63)
        checks.text(body.idToken, "id_token", max: 20_000)
        try checks.finish()
        let address = RequestScope.current?.clientAddress ?? "unknown"
        let now = Date.now
        let principal: Principal
        do {
            principal = try await SignOn(database: database, client: openID)
                .exchange(idToken: body.idToken, organisation: body.organisation, address: address, now: now)
        } catch let error as SignOnError {
            throw Self.problem(error)
        }
        let (secret, token) = try await APITokens(database: database)
            .issueOwn(
                for: principal, name: "single sign-on " + Self.loginTokenName(at: now).dropFirst(6),
                lifetime: TokenLifetime.login, now: now)
        return .ok(.init(body: .json(Self.loginResponse(secret, token, principal))))
    }

    func getSignOnProvider(
        _ input: Operations.GetSignOnProvider.Input
    ) async throws -> Operations.GetSignOnProvider.Output {
        let slug = try access.slug
        guard let provider = try await SignOnProviders(database: database).provider(organisation: slug) else {
            throw APIProblem.notFound("This organisation has no single sign-on provider.")
        }
        return .ok(.init(body: .json(.init(provider))))
    }

    func setSignOnProvider(
        _ input: Operations.SetSignOnProvider.Input
    ) async throws -> Operations.SetSignOnProvider.Output {
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the body as JSON.") }
        let access = try access
        let provider = SignOnProvider(
            organisation: access.slug, label: body.label, issuer: body.issuer, clientID: body.clientId,
            clientSecret: body.clientSecret, emailDomains: body.emailDomains, groupClaim: body.groupClaim ?? "groups",
            adminGroups: body.adminGroups ?? [], hrGroups: body.hrGroups ?? [], viewerGroups: body.viewerGroups ?? [],
            passwordSignIn: body.passwordSignIn ?? true)
        let saved = try await SignOnProviders(database: database)
            .add(provider, replacing: true, actor: access.principal.actor, member: access.principal.userID)
        return .ok(.init(body: .json(.init(saved))))
    }

    func removeSignOnProvider(
        _ input: Operations.RemoveSignOnProvider.Input
    ) async throws -> Operations.RemoveSignOnProvider.Output {
        let access = try access
        let providers = SignOnProviders(database: database)
        guard try await providers.provider(organisation: access.slug) != nil else {
            throw APIProblem.notFound("This organisation has no single sign-on provider.")
        }
        try await providers.remove(organisation: access.slug, actor: access.principal.actor)
        return .noContent(.init())
    }

    /// A refused single sign-on as the API answers it.
    static func problem(_ error: SignOnError) -> APIProblem {
        let detail = error.description.prefix(1).uppercased() + error.description.dropFirst() + "."
        switch error {
        case .noProvider: return .notFound(detail)
        case .attemptUnknown: return .badRequest(detail)
        case .provider(.token): return APIProblem(status: .unauthorized, title: "Not signed in", detail: detail)
        case .provider: return APIProblem(status: .badGateway, title: "Bad gateway", detail: detail)
        case .noEmail, .domainNotAllowed, .noRole, .accountDisabled, .identityMismatch: return .forbidden(detail)
        }
    }
}

extension Components.Schemas.SignOnProvider {
    /// The provider as the API shows it: the secret masked.
    init(_ provider: SignOnProvider) {
        self.init(
            label: provider.label, issuer: provider.issuer, clientId: provider.clientID,
            clientSecret: provider.maskedSecret, emailDomains: provider.emailDomains, groupClaim: provider.groupClaim,
            adminGroups: provider.adminGroups, hrGroups: provider.hrGroups, viewerGroups: provider.viewerGroups,
            passwordSignIn: provider.passwordSignIn, redirectPath: "/sso/callback")
    }
}
