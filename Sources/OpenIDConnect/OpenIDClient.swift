import Foundation
import JWTKit

/// Signs people in through OpenID Connect providers: starts the authorization code flow, redeems the code, and
/// accepts an ID token only when jwt-kit has checked its signature against the provider's published keys and its
/// issuer, audience, expiry and nonce are right.
public struct OpenIDClient: Sendable {
    public let directory: ProviderDirectory
    /// Signing algorithms accepted whatever a discovery document says: asymmetric ones only (never `none`, never
    /// a shared-secret HMAC, which would let anyone holding the client secret mint tokens).
    static let acceptedAlgorithms: Set<String> = [
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
        "ES384", "ES512", "EdDSA",
    ]

    public init(directory: ProviderDirectory = ProviderDirectory()) {
        self.directory = directory
    }

    /// A new authorization request for `party`: where to send the browser, and the secrets to keep until it returns.
    public func authorizationRequest(for party: RelyingParty, now: Date) async throws -> AuthorizationRequest {
        AuthorizationRequest(metadata: try await directory.metadata(of: party.issuer, now: now), party: party)
    }

    /// Redeems an authorization `code` (with its PKCE `verifier`) at the token endpoint and answers the verified
    /// identity; `nonce` is the one the authorization request sent.
    public func redeem(
        code: String, verifier: String, nonce: String, for party: RelyingParty, now: Date
    ) async throws -> IdentityClaims {
        let metadata = try await directory.metadata(of: party.issuer, now: now)
        let body = try await HTTPExchange.postForm(
            metadata.tokenEndpoint,
            [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", party.redirectURI),
                ("code_verifier", verifier), ("client_id", party.clientID),
            ],
            basicAuthorization: (party.clientID, party.clientSecret), timeout: 10)
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let idToken = object["id_token"] as? String
        else { throw OpenIDError.provider("its token endpoint answered without an ID token") }
        return try await verify(idToken: idToken, for: party, nonce: nonce, now: now)
    }

    /// Verifies an ID token issued to `party`. A token signed with a key the cached set does not hold makes the key
    /// set be fetched again, once, so a provider's key rotation is followed without a restart.
    public func verify(
        idToken: String, for party: RelyingParty, nonce: String?, now: Date
    ) async throws -> IdentityClaims {
        let header = try Self.header(of: idToken)
        // Refused before anything is fetched: `none`, and shared-secret algorithms, whatever the provider says.
        guard Self.acceptedAlgorithms.contains(header.alg) else {
            throw OpenIDError.token(.algorithm, "it is signed with \(header.alg), which is not accepted")
        }
        var (metadata, keys, keyIDs) = try await directory.keys(of: party.issuer, now: now, refresh: false)
        guard metadata.signingAlgorithms.contains(header.alg) else {
            throw OpenIDError.token(.algorithm, "it is signed with \(header.alg), which is not accepted")
        }
        if let kid = header.kid, !keyIDs.contains(kid) {
            (metadata, keys, keyIDs) = try await directory.keys(of: party.issuer, now: now, refresh: true)
            guard keyIDs.contains(kid) else {
                throw OpenIDError.token(
                    .unknownKey, "it is signed with the key \(kid), which the provider does not publish")
            }
        } else if header.kid == nil, keyIDs.count > 1 {
            throw OpenIDError.token(.unknownKey, "it does not say which of the provider's keys signed it")
        }
        let payload: IDTokenPayload
        do {
            payload = try await keys.verify(idToken, as: IDTokenPayload.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw OpenIDError.token(.signature, "its signature does not match the provider's key")
        } catch let error as JWTError {
            throw OpenIDError.token(.malformed, "jwt-kit could not read it (\(error.errorType))")
        } catch {
            throw OpenIDError.token(.malformed, "its claims could not be read")
        }
        return try IDTokenCheck(metadata: metadata, clientID: party.clientID, nonce: nonce, now: now)
            .claims(of: payload)
    }

    /// The token's header, read only to choose a key (jwt-kit checks the signature).
    static func header(of token: String) throws -> (alg: String, kid: String?) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(parts[0]),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let alg = object["alg"] as? String
        else { throw OpenIDError.token(.malformed, "it is not a signed JWT") }
        return (alg, object["kid"] as? String)
    }
}
