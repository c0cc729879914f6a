import Crypto
import Foundation

/// Signs and checks the tokens of a notice's one-click links with the service's secret (HMAC-SHA256,
/// `RADAR_LINK_SECRET`), so only the service makes them and nobody can alter the link or its expiry.
/// A token reads `v1.<organisation>.<link id>.<expiry, Unix seconds>.<signature, base64url>`.
public struct NoticeLinkSigner: Sendable {
    private let key: SymmetricKey

    /// The shortest secret accepted, in bytes of UTF-8.
    public static let minimumSecret = 32

    /// A signer with `secret`; nil when it is shorter than `minimumSecret`.
    public init?(secret: String) {
        guard secret.utf8.count >= Self.minimumSecret else { return nil }
        key = SymmetricKey(data: Data(secret.utf8))
    }

    /// What a valid token names.
    public struct Claims: Sendable, Hashable {
        public var organisation: String
        public var link: UUID
        public var expires: Date
    }

    /// Why a token is refused before the database is asked.
    public enum Refusal: Error, Sendable, Equatable {
        case malformed, badSignature, expired
    }

    public func token(organisation: String, link: UUID, expires: Date) -> String {
        let body = "v1.\(organisation).\(link.uuidString.lowercased()).\(Int(expires.timeIntervalSince1970))"
        return body + "." + Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: key)))
    }

    /// The claims of a token this service signed and whose expiry is after `now`.
    public func verify(_ token: String, now: Date) throws(Refusal) -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1", let link = UUID(uuidString: String(parts[2])),
            let seconds = Int(parts[3]), let signature = Self.data(base64URL: String(parts[4]))
        else { throw .malformed }
        let body = parts[0...3].joined(separator: ".")
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data(body.utf8), using: key) else {
            throw .badSignature
        }
        let expires = Date(timeIntervalSince1970: TimeInterval(seconds))
        guard expires > now else { throw .expired }
        return Claims(organisation: String(parts[1]), link: link, expires: expires)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
