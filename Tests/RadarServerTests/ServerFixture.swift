import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RadarAccess
@testable import RadarServer
import RadarStore
import RadarTestSupport
import Testing

/// One member of an organisation with a token, as a test client uses them.
struct Member: Sendable {
    var email: String
    var token: String
    var role: AccessRole
}

/// Two organisations, a member of the first in each role and an admin of the second, and the service around them.
struct ServerFixture: Sendable {
    let org: Organisation
    let other: Organisation
    let admin: Member
    let hr: Member
    let viewer: Member
    /// An admin of `other` only.
    let outsider: Member
    let dependencies: ServerDependencies

    static let password = "a long enough pass phrase 42"
    /// The bearer token `/metrics` asks for in these tests (in-process requests have no loopback address).
    static let metricsToken = "metrics-token-for-tests-0123"

    static func make(_ label: String = "srv", database: RadarDatabase? = nil) async throws -> ServerFixture {
        let shared = try await TestDatabase.shared()
        let service = if let database { database } else { try await TestDatabase.asService() }
        let org = try await TestDatabase.newOrganisation(label)
        let other = try await TestDatabase.newOrganisation(label + "-other")
        let accounts = Accounts(database: shared, passwordCost: 4)
        let tokens = APITokens(database: shared)
        func member(_ role: AccessRole, in organisation: Organisation) async throws -> Member {
            let email = "\(role.rawValue)-\(UUID().uuidString.prefix(8).lowercased())@example.org"
            try await accounts.addUser(
                email: email, displayName: "Test \(role.rawValue)", password: password,
                memberships: [organisation.slug: role], mustChangePassword: false, actor: "test")
            let (secret, _) = try await tokens.create(email: email, name: "test", actor: "test")
            return Member(email: email, token: secret, role: role)
        }
        return ServerFixture(
            org: org, other: other, admin: try await member(.admin, in: org), hr: try await member(.hr, in: org),
            viewer: try await member(.viewer, in: org), outsider: try await member(.admin, in: other),
            dependencies: ServerDependencies(database: service, metricsAccess: .token(metricsToken)))
    }

    func application() throws -> some ApplicationProtocol {
        Application(router: try buildRouter(dependencies))
    }

    /// Runs `body` with an in-process client of the service.
    func withClient<T: Sendable>(
        _ kind: TestingSetup = .router, _ body: @Sendable @escaping (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let app = try application()
        return try await app.test(kind) { client in try await body(client) }
    }
}

/// What a test reads from one response.
struct Answer: Sendable {
    var status: Int
    var headers: HTTPFields
    var text: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var contentType: String { headers[.contentType] ?? "" }

    /// The `field` of every entry of a problem's `errors`.
    var problemFields: [String] {
        (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}

extension TestClientProtocol {
    /// Sends one request; `json` is sent as `application/json` unless `contentType` says otherwise.
    func send(
        _ method: HTTPRequest.Method, _ path: String, as member: Member? = nil, json: String? = nil,
        contentType: String = "application/json", headers extra: HTTPFields = [:]
    ) async throws -> Answer {
        var headers = extra
        if let member { headers[.authorization] = "Bearer \(member.token)" }
        if json != nil { headers[.contentType] = contentType }
        let response = try await execute(
            uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        return Answer(
            status: Int(response.status.code), headers: response.headers,
            text: String(buffer: response.body))
    }
}

/// The body of a stakeholder for `POST …/stakeholders`.
func stakeholderJSON(name: String, email: String, tier: String = "top_team") -> String {
    #"{"name": "\#(name)", "email": "\#(email)", "tier": "\#(tier)"}"#
}

/// Adds a stakeholder through the API and returns its id.
func addStakeholder(
    _ client: any TestClientProtocol, _ fixture: ServerFixture, name: String, email: String
)
    async throws -> String
{
    let answer = try await client.send(
        .post, "/api/v1/orgs/\(fixture.org.slug)/stakeholders", as: fixture.hr,
        json: stakeholderJSON(name: name, email: email))
    #expect(answer.status == 201, "\(answer.text)")
    return try #require(answer.json["id"] as? String)
}
