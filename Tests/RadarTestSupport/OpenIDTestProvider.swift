import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real OpenID Connect provider on loopback for the sign-on tests: `deploy/oidc/provider.py`, run with the
/// system's Python (PyJWT and cryptography), one process per test. Tests steer it through its `/control/*` endpoints.
public final class OpenIDTestProvider: Sendable {
    public let issuer: String
    public let clientID: String
    public let clientSecret: String
    private let process: Mutex<Process>

    /// The provider's script, next to the deploy scripts that start it for the browser stories.
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/oidc/provider.py")

    /// What to install when the provider cannot start.
    static let installHint =
        "the sign-on tests run deploy/oidc/provider.py, which needs python3 with PyJWT and cryptography: "
        + "apt-get install python3 python3-jwt python3-cryptography (or set RADAR_OIDC_PYTHON to a python3 that has "
        + "both)"

    /// Why the provider could not start.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    private init(issuer: String, clientID: String, clientSecret: String, process: Process) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.process = Mutex(process)
    }

    /// Runs `body` with a provider of its own, stopped afterwards whatever happens. `loginForm` makes its
    /// authorization endpoint show a sign-in page instead of approving at once.
    public static func with<T: Sendable>(
        loginForm: Bool = false, _ body: (OpenIDTestProvider) async throws -> T
    ) async throws -> T {
        let provider = try await start(loginForm: loginForm)
        do {
            let result = try await body(provider)
            provider.stop()
            return result
        } catch {
            provider.stop()
            throw error
        }
    }

    static func start(loginForm: Bool) async throws -> OpenIDTestProvider {
        let python = ProcessInfo.processInfo.environment["RADAR_OIDC_PYTHON"] ?? "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Unavailable(description: "\(python) is missing: \(installHint)")
        }
        let clientID = "radar-tests"
        let clientSecret = "secret-" + UUID().uuidString.lowercased()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [script.path, "--port", "0", "--client-id", clientID, "--client-secret", clientSecret]
            + (loginForm ? ["--login-form"] : [])
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // The first line says the port; a provider that cannot start says why on stderr and exits.
        let line: String? = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes = Data()
                while let byte = try? output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty {
                    if byte == Data("\n".utf8) { break }
                    bytes.append(byte)
                }
                continuation.resume(returning: bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self))
            }
        }
        guard let line, line.hasPrefix("listening on "), let port = Int(line.dropFirst("listening on ".count)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Unavailable(
                description: "the test OpenID provider did not start (\(said.prefix(400))): \(installHint)")
        }
        return OpenIDTestProvider(
            issuer: "http://127.0.0.1:\(port)", clientID: clientID, clientSecret: clientSecret, process: process)
    }

    public func stop() {
        process.withLock { process in
            if process.isRunning {
                // SIGKILL: a child of the test process inherits a signal mask that may block SIGTERM.
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
    }

    /// The person the provider signs in next: their claims (`sub`, `email`, `name`, `groups` …).
    public func signInAs(_ claims: [String: Any]) async throws {
        _ = try await control("user", claims)
    }

    /// Oddities for the next ID token the token endpoint issues: `aud`, `exp_offset` (seconds from now, negative
    /// for expired), `nonce`, `iss`, `sign_with: "rogue"` (a key nobody published, under the published key's id).
    public func nextToken(_ overrides: [String: Any]) async throws {
        _ = try await control("next-token", overrides)
    }

    /// Makes the provider issue its tokens as of `instant` (the test's clock) instead of the real time.
    public func setClock(_ instant: Date) async throws {
        _ = try await control("clock", ["now": instant.timeIntervalSince1970])
    }

    /// Replaces the provider's signing key with a new one, under a new key id; answers the new id.
    @discardableResult
    public func rotateKey() async throws -> String {
        try await control("rotate", [:])["kid"] as? String ?? ""
    }

    /// An ID token minted directly (as a client would get one from the provider), with `claims` and `overrides`.
    public func mint(_ claims: [String: Any], overrides: [String: Any] = [:]) async throws -> String {
        try await control("mint", ["claims": claims, "overrides": overrides])["id_token"] as? String ?? ""
    }

    /// Follows the browser's trip to the provider's authorization endpoint, which approves at once and answers with a
    /// redirect: the address it sends the browser back to.
    public func approve(_ authorizationURL: String) async throws -> URL {
        let url = try require_(URL(string: authorizationURL), "authorization URL \(authorizationURL)")
        let (_, response) = try await Self.session.data(for: URLRequest(url: url))
        let http = try require_(response as? HTTPURLResponse, "an HTTP answer")
        guard http.statusCode == 302, let location = http.value(forHTTPHeaderField: "Location"),
            let back = URL(string: location)
        else { throw Unavailable(description: "the provider answered \(http.statusCode) instead of a redirect") }
        return back
    }

    private func control(_ name: String, _ body: [String: Any]) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: "\(issuer)/control/\(name)")!)
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, _) = try await Self.session.data(for: request)
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    private static let session = URLSession(
        configuration: .ephemeral, delegate: KeepingRedirects(), delegateQueue: nil)
}

/// Answers a redirect as it is, so the test sees where the provider sends the browser.
private final class KeepingRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

private func require_<T>(_ value: T?, _ what: String) throws -> T {
    guard let value else { throw OpenIDTestProvider.Unavailable(description: "expected \(what)") }
    return value
}
