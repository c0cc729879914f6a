import Foundation

/// This service as registered at one provider: the provider's issuer, the client's id and secret, and the address
/// the provider sends the browser back to.
public struct RelyingParty: Sendable, Hashable {
    public var issuer: String
    public var clientID: String
    public var clientSecret: String
    public var redirectURI: String

    public init(issuer: String, clientID: String, clientSecret: String, redirectURI: String) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
    }
}
