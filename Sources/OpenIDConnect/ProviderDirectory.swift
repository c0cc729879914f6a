import Foundation
import JWTKit

#if canImport(FoundationNetworking)
// On Linux, URLSession lives here and speaks HTTP through the system's libcurl (and its TLS).
import FoundationNetworking
#endif

/// What this service knows of each provider it has met: the discovery document and the signing keys, kept for
/// `lifetime` and fetched again early when a token names a key not yet seen (the provider rotated its keys).
public actor ProviderDirectory {
    /// One provider's discovery document and keys, as fetched at `fetchedAt`.
    private struct Entry {
        var metadata: ProviderMetadata
        var keys: JWTKeyCollection
        var keyIDs: Set<String>
        var fetchedAt: Date
        /// When the keys were last fetched early for an unknown key id (never, until then).
        var refreshedAt: Date?
    }

    private var entries: [String: Entry] = [:]
    private let lifetime: TimeInterval
    private let timeout: TimeInterval

    public init(lifetime: TimeInterval = 3600, timeout: TimeInterval = 10) {
        self.lifetime = lifetime
        self.timeout = timeout
    }

    /// The discovery document of `issuer`, from the cache when it is fresh.
    public func metadata(of issuer: String, now: Date) async throws -> ProviderMetadata {
        try await entry(for: issuer, now: now, refreshKeys: false).metadata
    }

    /// The signing keys of `issuer` and their ids; `refresh` fetches the key set again first.
    func keys(
        of issuer: String, now: Date, refresh: Bool
    ) async throws -> (ProviderMetadata, JWTKeyCollection, Set<String>) {
        let entry = try await entry(for: issuer, now: now, refreshKeys: refresh)
        return (entry.metadata, entry.keys, entry.keyIDs)
    }

    private func entry(for issuer: String, now: Date, refreshKeys: Bool) async throws -> Entry {
        if var cached = entries[issuer], now.timeIntervalSince(cached.fetchedAt) < lifetime {
            // Tokens naming unknown keys cannot make the provider be asked more than twice a minute.
            if refreshKeys, cached.refreshedAt.map({ now.timeIntervalSince($0) >= 30 }) ?? true {
                (cached.keys, cached.keyIDs) = try await Self.keySet(at: cached.metadata.jwksURI, timeout: timeout)
                cached.refreshedAt = now
                entries[issuer] = cached
            }
            return cached
        }
        guard let discovery = ProviderMetadata.discoveryURL(of: issuer), ProviderMetadata.isSecure(discovery) else {
            throw OpenIDError.provider("the issuer \(issuer) is not an https address")
        }
        let metadata: ProviderMetadata
        do {
            metadata = try JSONDecoder().decode(
                ProviderMetadata.self, from: try await HTTPExchange.get(discovery, timeout: timeout))
        } catch let error as OpenIDError {
            throw error
        } catch {
            throw OpenIDError.provider("its discovery document at \(discovery) is not one: \(error)")
        }
        guard ProviderMetadata.sameIssuer(metadata.issuer, issuer) else {
            throw OpenIDError.provider("its discovery document names the issuer \(metadata.issuer), not \(issuer)")
        }
        for endpoint in [metadata.authorizationEndpoint, metadata.tokenEndpoint, metadata.jwksURI]
        where !ProviderMetadata.isSecure(endpoint) {
            throw OpenIDError.provider("its endpoint \(endpoint) is not an https address")
        }
        let (keys, keyIDs) = try await Self.keySet(at: metadata.jwksURI, timeout: timeout)
        let entry = Entry(metadata: metadata, keys: keys, keyIDs: keyIDs, fetchedAt: now)
        entries[issuer] = entry
        return entry
    }

    /// The provider's JWKS as jwt-kit keys. A key jwt-kit cannot use (an encryption key, an unknown type) is left
    /// out rather than failing the whole set.
    private static func keySet(at url: URL, timeout: TimeInterval) async throws -> (JWTKeyCollection, Set<String>) {
        let body = try await HTTPExchange.get(url, timeout: timeout)
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let list = object["keys"] as? [[String: Any]]
        else { throw OpenIDError.provider("its key set at \(url) is not a JWKS") }
        let keys = JWTKeyCollection()
        var keyIDs: Set<String> = []
        for item in list where (item["use"] as? String ?? "sig") == "sig" {
            guard let data = try? JSONSerialization.data(withJSONObject: item),
                let jwk = try? JSONDecoder().decode(JWK.self, from: data), let id = jwk.keyIdentifier,
                (try? await keys.add(jwk: jwk)) != nil
            else { continue }
            keyIDs.insert(id.string)
        }
        guard !keyIDs.isEmpty else { throw OpenIDError.provider("its key set at \(url) has no signing key") }
        return (keys, keyIDs)
    }
}
