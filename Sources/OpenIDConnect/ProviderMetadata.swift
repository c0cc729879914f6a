import Foundation

/// The parts of a provider's discovery document (`/.well-known/openid-configuration`) a relying party uses.
public struct ProviderMetadata: Sendable, Hashable, Decodable {
    public var issuer: String
    public var authorizationEndpoint: URL
    public var tokenEndpoint: URL
    public var jwksURI: URL
    /// The algorithms the provider may sign ID tokens with; RS256 when the document does not say.
    public var signingAlgorithms: [String]

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case signingAlgorithms = "id_token_signing_alg_values_supported"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try container.decode(String.self, forKey: .issuer)
        authorizationEndpoint = try container.decode(URL.self, forKey: .authorizationEndpoint)
        tokenEndpoint = try container.decode(URL.self, forKey: .tokenEndpoint)
        jwksURI = try container.decode(URL.self, forKey: .jwksURI)
        signingAlgorithms = try container.decodeIfPresent([String].self, forKey: .signingAlgorithms) ?? ["RS256"]
    }

    /// Where the discovery document of `issuer` lives.
    public static func discoveryURL(of issuer: String) -> URL? {
        let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        return URL(string: base + "/.well-known/openid-configuration")
    }

    /// Whether `url` may carry sign-in secrets: https anywhere, plain http only to this machine (a test's provider).
    public static func isSecure(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return false }
        if scheme == "https" { return true }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return scheme == "http" && (bare == "localhost" || bare == "::1" || bare.hasPrefix("127."))
    }

    /// Two spellings of one issuer: the same text, but for one trailing slash.
    static func sameIssuer(_ a: String, _ b: String) -> Bool {
        func bare(_ s: String) -> Substring { s.hasSuffix("/") ? s.dropLast() : Substring(s) }
        return bare(a) == bare(b)
    }
}
