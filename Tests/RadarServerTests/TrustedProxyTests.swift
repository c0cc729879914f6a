import RadarDomain
@testable import RadarServer
import Testing

@Suite("Believing X-Forwarded-For only from the service's own proxies")
struct TrustedProxyTests {
    let proxies = try! TrustedProxies(parsing: ["127.0.0.1", "10.0.0.0/8", "2001:db8:aa::/48"])

    @Test("a caller that is not a trusted proxy is the caller, whatever its header says")
    func anUntrustedPeerIsTheClient() {
        #expect(proxies.client(peer: "192.0.2.7", forwardedFor: ["198.51.100.1"]) == "192.0.2.7")
        #expect(TrustedProxies.none.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.1"]) == "127.0.0.1")
        #expect(proxies.client(peer: nil, forwardedFor: ["198.51.100.1"]) == "unknown")
    }

    @Test("through a trusted proxy the client is the right-most hop that is not one of ours, not what it wrote")
    func theRightMostUntrustedHopIsTheClient() {
        // The client wrote the first two hops itself; our edge proxy (10.1.2.3) added the real address.
        let header = ["203.0.113.9, 198.51.100.1", "192.0.2.44, 10.1.2.3"]
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: header) == "192.0.2.44")
    }

    @Test("a chain of trusted proxies with nothing else names the furthest one, and no header names the peer")
    func onlyTrustedHops() {
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["10.0.0.9, 10.0.0.8"]) == "10.0.0.9")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
    }

    @Test("a hop that is not an address stops the walk at the proxy that passed it on")
    func garbageStopsTheWalk() {
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["unknown-host, 10.9.9.9"]) == "10.9.9.9")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["test-123"]) == "127.0.0.1")
    }

    @Test("ports, brackets and IPv4 written as IPv6 are read as the addresses they are")
    func spellingsOfOneAddress() {
        #expect(proxies.client(peer: "::ffff:127.0.0.1", forwardedFor: ["192.0.2.5:4711"]) == "192.0.2.5")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["[2001:db8:bb::1]:443"]) == "2001:db8:bb::1")
        #expect(proxies.client(peer: "2001:db8:aa:ffff::2", forwardedFor: ["2001:db8:ab::3"]) == "2001:db8:ab::3")
    }

    @Test("a prefix that does not end on a byte boundary matches exactly its network")
    func oddPrefixes() throws {
        let network = try TrustedProxies(parsing: ["192.0.2.64/27"])
        #expect(network.trusts("192.0.2.64"))
        #expect(network.trusts("192.0.2.95"))
        #expect(!network.trusts("192.0.2.96"))
        #expect(!network.trusts("192.0.2.63"))
        #expect(try TrustedProxies(parsing: ["0.0.0.0/0"]).trusts("198.51.100.200"))
    }

    @Test(
        "an entry that is not a network is refused with the reason",
        arguments: [
            ("proxy.example", "is not an IPv4 or IPv6 address"), ("10.0.0.0/33", "has a prefix length outside 0 to 32"),
            ("::1/129", "has a prefix length outside 0 to 128"), ("10.0.0.0/", "has a prefix length outside 0 to 32"),
        ])
    func badEntries(entry: String, reason: String) {
        #expect(throws: TrustedProxies.BadNetwork(entry: entry, reason: reason)) {
            try TrustedProxies(parsing: ["127.0.0.1", entry])
        }
    }

    @Test("radar serve reads --trusted-proxy over RADAR_TRUSTED_PROXIES and names the setting a bad entry came from")
    func configuration() throws {
        let fromEnvironment = try ServerConfiguration.resolve(
            hostname: nil, port: nil, databaseURL: nil,
            environment: ["RADAR_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"])
        #expect(fromEnvironment.trustedProxies.trusts("10.200.0.1"))
        #expect(try !ServerConfiguration.resolve(hostname: nil, port: nil, databaseURL: nil, environment: [:])
            .trustedProxies.trusts("127.0.0.1"))
        let flagged = try ServerConfiguration.resolve(
            hostname: nil, port: nil, databaseURL: nil, trustedProxies: ["192.0.2.1"],
            environment: ["RADAR_TRUSTED_PROXIES": "10.0.0.0/8"])
        #expect(flagged.trustedProxies.trusts("192.0.2.1"))
        #expect(!flagged.trustedProxies.trusts("10.0.0.1"))
        do {
            _ = try ServerConfiguration.resolve(
                hostname: nil, port: nil, databaseURL: nil, environment: ["RADAR_TRUSTED_PROXIES": "10.0.0.0/99"])
            Issue.record("a bad network was accepted")
        } catch let failure as ValidationFailure {
            #expect(failure.problems.map(\.field.description) == ["RADAR_TRUSTED_PROXIES"])
            #expect(failure.problems.first?.message.contains("10.0.0.0/99") == true)
        }
    }
}
