import Foundation
@testable import OpenIDConnect
import Testing

/// The parts of the relying party that need no provider: PKCE, the authorization address, tokens refused on sight.
@Suite("OpenID Connect without a provider")
struct AuthorizationRequestTests {
    static let metadata = try! JSONDecoder().decode(
        ProviderMetadata.self,
        from: Data(
            """
            {"issuer": "https://login.example.com/t/v2.0",
             "authorization_endpoint": "https://login.example.com/t/oauth2/v2.0/authorize?prompt=login",
             "token_endpoint": "https://login.example.com/t/oauth2/v2.0/token",
             "jwks_uri": "https://login.example.com/t/discovery/v2.0/keys"}
            """.utf8))
    static let party = RelyingParty(
        issuer: "https://login.example.com/t/v2.0", clientID: "radar app", clientSecret: "s",
        redirectURI: "https://radar.example.com/sso/callback")

    @Test("the S256 challenge of RFC 7636's example verifier is the RFC's example challenge")
    func challengeMatchesTheRFC() {
        #expect(
            AuthorizationRequest.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test("the authorization address asks for a code with PKCE S256, state, nonce and the three scopes, encoded")
    func authorizationAddress() throws {
        let request = AuthorizationRequest(metadata: Self.metadata, party: Self.party)
        let components = try #require(URLComponents(url: request.url, resolvingAgainstBaseURL: false))
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["prompt"] == "login")
        #expect(query["response_type"] == "code")
        #expect(query["client_id"] == "radar app")
        #expect(query["redirect_uri"] == "https://radar.example.com/sso/callback")
        #expect(query["scope"] == "openid email profile")
        #expect(query["state"] == request.state)
        #expect(query["nonce"] == request.nonce)
        #expect(query["code_challenge_method"] == "S256")
        #expect(query["code_challenge"] == AuthorizationRequest.challenge(for: request.verifier))
        #expect(request.url.absoluteString.contains("client_id=radar%20app"))
        let other = AuthorizationRequest(metadata: Self.metadata, party: Self.party)
        #expect(Set([request.state, request.nonce, request.verifier, other.state]).count == 4)
        #expect(request.verifier.count == 43)
    }

    @Test("a token signed with alg none or a shared-secret HMAC is refused before any provider is asked")
    func unsignedAndSymmetricTokensAreRefused() async throws {
        // The issuer below answers nothing: reaching it would fail differently than the algorithm check.
        let nowhere = RelyingParty(
            issuer: "https://127.0.0.1:1", clientID: "radar", clientSecret: "s", redirectURI: "https://r/sso/callback")
        let client = OpenIDClient(directory: ProviderDirectory(timeout: 1))
        for alg in ["none", "HS256"] {
            let header = Base64URL.encode(Data(#"{"alg":"\#(alg)","typ":"JWT"}"#.utf8))
            let payload = Base64URL.encode(
                Data(#"{"iss":"https://127.0.0.1:1","sub":"x","aud":"radar","exp":9999999999}"#.utf8))
            let error = await #expect(throws: OpenIDError.self) {
                try await client.verify(
                    idToken: "\(header).\(payload).", for: nowhere, nonce: nil, now: Date(timeIntervalSince1970: 0))
            }
            #expect(error?.tokenProblem == .algorithm)
        }
        await #expect(throws: OpenIDError.token(.malformed, "it is not a signed JWT")) {
            try await client.verify(
                idToken: "not-a-token", for: nowhere, nonce: nil, now: Date(timeIntervalSince1970: 0))
        }
    }

    @Test("only https endpoints carry sign-in secrets, and plain http only to this machine")
    func secureEndpoints() {
        #expect(ProviderMetadata.isSecure(URL(string: "https://login.example.com/t")!))
        #expect(ProviderMetadata.isSecure(URL(string: "http://127.0.0.1:8080/")!))
        #expect(ProviderMetadata.isSecure(URL(string: "http://localhost/")!))
        #expect(!ProviderMetadata.isSecure(URL(string: "http://login.example.com/t")!))
        #expect(!ProviderMetadata.isSecure(URL(string: "ftp://127.0.0.1/")!))
    }
}
