import Foundation
import JWTKit

/// What a verified ID token says about the person: who they are at the provider, their e-mail address and name,
/// and every claim that is text or a list of texts (so an organisation can name its own group or role claim).
public struct IdentityClaims: Sendable, Hashable {
    public var issuer: String
    public var subject: String
    public var audiences: [String]
    public var expiresAt: Date
    public var nonce: String?
    public var email: String?
    /// False only when the provider says the address was not verified (Entra ID does not send the claim).
    public var emailVerified: Bool
    public var name: String?
    public var texts: [String: [String]]

    /// The values of the claim `name` (a single text counts as a list of one); empty when absent.
    public func values(of name: String) -> [String] {
        texts[name] ?? []
    }
}

/// The ID token's payload as jwt-kit decodes it. Its claims are checked by `IDTokenCheck`, against an explicit
/// instant, after jwt-kit has checked the signature; so `verify(using:)` has nothing left to do.
struct IDTokenPayload: JWTPayload {
    var issuer: IssuerClaim
    var subject: SubjectClaim
    var audience: AudienceClaim
    var expiration: ExpirationClaim
    var notBefore: NotBeforeClaim?
    var nonce: String?
    var authorizedParty: String?
    var email: String?
    var emailVerified: Bool?
    var name: String?
    var texts: [String: [String]]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        issuer = try container.decode(IssuerClaim.self, forKey: Key("iss"))
        subject = try container.decode(SubjectClaim.self, forKey: Key("sub"))
        audience = try container.decode(AudienceClaim.self, forKey: Key("aud"))
        expiration = try container.decode(ExpirationClaim.self, forKey: Key("exp"))
        notBefore = try container.decodeIfPresent(NotBeforeClaim.self, forKey: Key("nbf"))
        var texts: [String: [String]] = [:]
        for key in container.allKeys {
            if let one = try? container.decode(String.self, forKey: key) {
                texts[key.stringValue] = [one]
            } else if let many = try? container.decode([String].self, forKey: key) {
                texts[key.stringValue] = many
            }
        }
        self.texts = texts
        nonce = texts["nonce"]?.first
        authorizedParty = texts["azp"]?.first
        email = texts["email"]?.first
        name = texts["name"]?.first
        if let flag = try? container.decode(Bool.self, forKey: Key("email_verified")) {
            emailVerified = flag
        } else {
            emailVerified = texts["email_verified"]?.first.map { $0 == "true" }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(issuer, forKey: Key("iss"))
        try container.encode(subject, forKey: Key("sub"))
        try container.encode(audience, forKey: Key("aud"))
        try container.encode(expiration, forKey: Key("exp"))
        try container.encodeIfPresent(nonce, forKey: Key("nonce"))
        try container.encodeIfPresent(email, forKey: Key("email"))
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The claim checks of OpenID Connect Core §3.1.3.7 on a token whose signature jwt-kit has verified.
struct IDTokenCheck {
    var metadata: ProviderMetadata
    var clientID: String
    /// The nonce the authorization request sent, or nil when the token did not come from one (an API exchange).
    var nonce: String?
    var now: Date
    /// Clock difference tolerated between the provider and this service.
    var leeway: TimeInterval = 60

    func claims(of payload: IDTokenPayload) throws -> IdentityClaims {
        guard payload.issuer.value == metadata.issuer else {
            throw OpenIDError.token(.issuer, "it was issued by \(payload.issuer.value), not \(metadata.issuer)")
        }
        guard payload.audience.value.contains(clientID) else {
            throw OpenIDError.token(.audience, "it was issued for another client, not \(clientID)")
        }
        if payload.audience.value.count > 1, payload.authorizedParty != clientID {
            throw OpenIDError.token(.audience, "it names several audiences but was not issued to \(clientID)")
        }
        guard payload.expiration.value.addingTimeInterval(leeway) > now else {
            throw OpenIDError.token(.expired, "it expired at \(payload.expiration.value)")
        }
        if let notBefore = payload.notBefore?.value, notBefore > now.addingTimeInterval(leeway) {
            throw OpenIDError.token(.notYetValid, "it is not valid before \(notBefore)")
        }
        if let nonce, payload.nonce != nonce {
            throw OpenIDError.token(.nonce, "its nonce is not the one this sign-in sent")
        }
        return IdentityClaims(
            issuer: payload.issuer.value, subject: payload.subject.value, audiences: payload.audience.value,
            expiresAt: payload.expiration.value, nonce: payload.nonce, email: payload.email,
            emailVerified: payload.emailVerified ?? true, name: payload.name, texts: payload.texts)
    }
}
