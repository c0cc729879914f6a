import Foundation
import HummingbirdTesting
import Postgres
import RadarAccess
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Single sign-on in the API: the provider's set-up, and provider ID tokens exchanged for API tokens")
struct SignOnAPITests {
    /// The body of `PUT …/sso` for `provider`, with `overrides` replacing fields.
    static func providerJSON(_ provider: OpenIDTestProvider, _ overrides: [String: Any] = [:]) throws -> String {
        var body: [String: Any] = [
            "label": "Test Provider", "issuer": provider.issuer, "client_id": provider.clientID,
            "client_secret": provider.clientSecret, "email_domains": ["example.org"],
            "hr_groups": ["radar-hr"], "viewer_groups": ["radar-viewers"],
        ]
        body.merge(overrides) { $1 }
        return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    @Test("an admin sets up, reads and removes the provider, and never gets the secret back whole")
    func adminManagesTheProvider() async throws {
        let fixture = try await ServerFixture.make("sso-api")
        try await OpenIDTestProvider.with { provider in
            try await fixture.withClient { client in
                let path = "/api/v1/orgs/\(fixture.org.slug)/sso"
                let set = try await client.send(.put, path, as: fixture.admin, json: try Self.providerJSON(provider))
                #expect(set.status == 200)
                #expect(set.json["client_secret"] as? String == "••••" + provider.clientSecret.suffix(4))
                #expect(!set.text.contains(provider.clientSecret))
                #expect(set.json["redirect_path"] as? String == "/sso/callback")
                let read = try await client.send(.get, path, as: fixture.admin)
                #expect(read.status == 200)
                #expect(read.json["hr_groups"] as? [String] == ["radar-hr"])
                #expect(!read.text.contains(provider.clientSecret))
                let byHR = try await client.send(.get, path, as: fixture.hr)
                #expect(byHR.status == 403)
                // The audit trail says the secret was set, never what it is.
                let (fields, leaks) = try await TestDatabase.shared().pool.withConnection { connection in
                    let fields: [String] =
                        try connection.queryRow(
                            """
                            SELECT changed_fields FROM audit_events
                             WHERE org_id = $1 AND entity = 'sign_on_provider' AND action = 'create'
                            """, [fixture.org.id])?.decode("changed_fields") ?? []
                    let leaks: Int = try connection.queryRow(
                        """
                        SELECT count(*) AS leaks FROM audit_events
                         WHERE strpos(details::text || array_to_string(changed_fields, ' ') || actor, $1) > 0
                        """, [provider.clientSecret])!.decode("leaks")
                    return (fields, leaks)
                }
                #expect(fields.contains("client_secret"))
                #expect(leaks == 0)
                let removed = try await client.send(.delete, path, as: fixture.admin)
                #expect(removed.status == 204)
                let gone = try await client.send(.get, path, as: fixture.admin)
                #expect(gone.status == 404)
            }
        }
    }

    @Test(
        "a provider with a plain-http issuer elsewhere, a bad domain and no role mapping is refused, field by field"
    )
    func badProviderIsRefused() async throws {
        let fixture = try await ServerFixture.make("sso-api-bad")
        try await OpenIDTestProvider.with { provider in
            try await fixture.withClient { client in
                let body = try Self.providerJSON(
                    provider,
                    [
                        "issuer": "http://login.example.com/tenant", "email_domains": ["not a domain"],
                        "hr_groups": [String](), "viewer_groups": [String](),
                    ])
                let answer = try await client.send(
                    .put, "/api/v1/orgs/\(fixture.org.slug)/sso", as: fixture.admin, json: body)
                #expect(answer.status == 422)
                #expect(answer.contentType.hasPrefix("application/problem+json"))
                #expect(Set(answer.problemFields).isSuperset(of: ["issuer", "email_domains", "viewer_groups"]))
                let none = try await client.send(.get, "/api/v1/orgs/\(fixture.org.slug)/sso", as: fixture.admin)
                #expect(none.status == 404)
            }
        }
    }

    @Test("a provider's ID token becomes a twelve-hour API token for the role its groups map to")
    func idTokenIsExchanged() async throws {
        let fixture = try await ServerFixture.make("sso-exchange")
        try await OpenIDTestProvider.with { provider in
            try await fixture.withClient { client in
                let set = try await client.send(
                    .put, "/api/v1/orgs/\(fixture.org.slug)/sso", as: fixture.admin,
                    json: try Self.providerJSON(provider))
                #expect(set.status == 200)
                let email = "api-\(UUID().uuidString.prefix(8).lowercased())@example.org"
                let claims: [String: Any] = ["sub": email, "email": email, "groups": ["radar-hr"]]
                let idToken = try await provider.mint(claims)
                let exchange = try await client.send(
                    .post, "/api/v1/sso/token",
                    json: #"{"organisation": "\#(fixture.org.slug)", "id_token": "\#(idToken)"}"#)
                #expect(exchange.status == 200)
                let token = try #require(exchange.json["token"] as? String)
                #expect((exchange.json["organisations"] as? [String: String]) == [fixture.org.slug: "hr"])
                let member = Member(email: email, token: token, role: .hr)
                let people = try await client.send(.get, "/api/v1/orgs/\(fixture.org.slug)/stakeholders", as: member)
                #expect(people.status == 200)

                let foreign = try await provider.mint(claims, overrides: ["aud": "another-application"])
                let refused = try await client.send(
                    .post, "/api/v1/sso/token",
                    json: #"{"organisation": "\#(fixture.org.slug)", "id_token": "\#(foreign)"}"#)
                #expect(refused.status == 401)
                #expect(refused.text.contains("issued for another client"))

                let groupless = try await provider.mint(["sub": email, "email": email, "groups": [String]()])
                let gone = try await client.send(
                    .post, "/api/v1/sso/token",
                    json: #"{"organisation": "\#(fixture.org.slug)", "id_token": "\#(groupless)"}"#)
                #expect(gone.status == 403)
                let after = try await client.send(.get, "/api/v1/orgs/\(fixture.org.slug)/stakeholders", as: member)
                #expect(after.status == 401)
            }
        }
    }
}
