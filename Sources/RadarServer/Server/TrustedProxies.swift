internal import Foundation

/// The reverse proxies whose `X-Forwarded-For` the service believes (`--trusted-proxy`, `RADAR_TRUSTED_PROXIES`):
/// networks in CIDR notation. With none, the header is ignored and the caller is the socket's peer, so a client
/// cannot pick the address the login throttle counts it under.
public struct TrustedProxies: Sendable, Equatable {
    /// One network: its address bytes (4 for IPv4, 16 for IPv6) and how many leading bits must match.
    struct Network: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var bitsLeft = prefix
            for (mine, theirs) in zip(bytes, address) where bitsLeft > 0 {
                let mask: UInt8 = bitsLeft >= 8 ? 0xFF : ~(0xFF >> UInt8(bitsLeft))
                if mine & mask != theirs & mask { return false }
                bitsLeft -= 8
            }
            return true
        }
    }

    let networks: [Network]

    /// Believes no proxy: the default.
    public static let none = TrustedProxies(networks: [])
    /// This machine: 127.0.0.0/8 and ::1 (IPv4 written as IPv6 included), which `/metrics` answers by default.
    static let loopback = TrustedProxies(networks: [
        Network(bytes: [127, 0, 0, 0], prefix: 8), Network(bytes: Array(repeating: 0, count: 15) + [1], prefix: 128),
    ])

    init(networks: [Network]) { self.networks = networks }

    /// Reads networks such as `10.0.0.0/8`, `127.0.0.1` (one address) or `::1/128`; throws `BadNetwork` naming
    /// the first entry that is none.
    public init(parsing entries: [String]) throws(BadNetwork) {
        networks = try entries.map { entry throws(BadNetwork) in
            let parts = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let bytes = Self.addressBytes(String(parts[0])) else {
                throw BadNetwork(entry: entry, reason: "is not an IPv4 or IPv6 address")
            }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let bits = Int(parts[1]), (0...bytes.count * 8).contains(bits) else {
                    throw BadNetwork(entry: entry, reason: "has a prefix length outside 0 to \(bytes.count * 8)")
                }
                prefix = bits
            }
            return Network(bytes: bytes, prefix: prefix)
        }
    }

    /// A configured entry that is not a network.
    public struct BadNetwork: Error, Equatable {
        public let entry: String
        public let reason: String
    }

    public var isEmpty: Bool { networks.isEmpty }

    /// Whether `address` (text as a socket or a proxy writes it) lies in one of the trusted networks.
    func trusts(_ address: String) -> Bool {
        guard let bytes = Self.addressBytes(address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The caller's address: the socket's `peer` unless that peer is a trusted proxy; then the right-most address
    /// in `forwardedFor` (every header line, in order) that is not itself trusted. Hops further left were written
    /// by the client and could be anything, so they are never believed over one a trusted proxy added. A hop that
    /// is not an address ends the walk at the proxy that passed it on.
    func client(peer: String?, forwardedFor: [String]) -> String {
        guard var client = peer else { return "unknown" }
        guard trusts(client) else { return client }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map(Self.bareAddress)
        for hop in hops.reversed() {
            guard Self.addressBytes(hop) != nil else { return client }
            client = hop
            if !trusts(hop) { return hop }
        }
        return client
    }

    /// `hop` without spaces, IPv6 brackets or a port, as proxies may write it (`[2001:db8::1]:443`, `192.0.2.1:80`).
    static func bareAddress(_ hop: Substring) -> String {
        var text = hop.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<close])
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = String(text[..<colon])
        }
        return text
    }

    /// The address's bytes; an IPv4 address written as IPv6 (`::ffff:192.0.2.1`) gives its 4 IPv4 bytes, so one
    /// network matches both spellings.
    static func addressBytes(_ text: String) -> [UInt8]? {
        var four = in_addr()
        if inet_pton(AF_INET, text, &four) == 1 {
            return withUnsafeBytes(of: &four) { Array($0) }
        }
        var six = in6_addr()
        guard inet_pton(AF_INET6, text, &six) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &six) { Array($0) }
        let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]
        return Array(bytes.prefix(12)) == mappedPrefix ? Array(bytes.suffix(4)) : bytes
    }
}
