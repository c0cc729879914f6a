import Crypto
import Foundation

/// One trip to the provider's sign-in page (authorization code flow with PKCE): the address to send the browser to,
/// and the three secrets the callback must find again: `state`, `nonce` and the PKCE `verifier`.
public struct AuthorizationRequest: Sendable, Hashable {
    public var url: URL
    public var state: String
    public var nonce: String
    public var verifier: String

    /// The scopes asked for: the identity, the e-mail address and the name.
    public static let scopes = "openid email profile"

    /// A request with fresh random secrets, to `metadata`'s authorization endpoint for `party`.
    public init(metadata: ProviderMetadata, party: RelyingParty) {
        state = Self.randomText()
        nonce = Self.randomText()
        verifier = Self.randomText()
        let parameters: [(String, String)] = [
            ("response_type", "code"),
            ("client_id", party.clientID),
            ("redirect_uri", party.redirectURI),
            ("scope", Self.scopes),
            ("state", state),
            ("nonce", nonce),
            ("code_challenge", Self.challenge(for: verifier)),
            ("code_challenge_method", "S256"),
        ]
        let endpoint = metadata.authorizationEndpoint.absoluteString
        let separator = endpoint.contains("?") ? "&" : "?"
        url = URL(string: endpoint + separator + FormEncoding.encode(parameters))!
    }

    /// The S256 code challenge of a PKCE verifier (RFC 7636): base64url of its SHA-256.
    public static func challenge(for verifier: String) -> String {
        Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    /// 32 random bytes as unpadded base64url: 43 characters, valid as a PKCE verifier, a state and a nonce.
    static func randomText() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode(Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }))
    }
}

/// `application/x-www-form-urlencoded`, as the token endpoint and query strings read it.
enum FormEncoding {
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved)!
    }

    static func encode(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }
}

/// Unpadded base64url (RFC 4648 §5), as JWTs and PKCE spell bytes.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
