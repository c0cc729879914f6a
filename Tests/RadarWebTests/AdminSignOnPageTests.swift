import Foundation
import RadarAccess
import RadarStore
import Testing

/// `/admin/sso`: an administrator sets up, changes and removes the organisation's provider, never seeing its secret.
@Suite("Admin page for single sign-on")
struct AdminSignOnPageTests {
    static func form(_ fields: [(String, String)], csrf: String) -> [(String, String)] {
        [("_csrf", csrf)] + fields
    }

    static let good: [(String, String)] = [
        ("label", "Contoso Entra ID"), ("issuer", "https://login.example.com/tenant/v2.0"), ("client_id", "radar-app"),
        ("client_secret", "first-secret-9876"), ("email_domains", "contoso.example, Contoso-Two.example"),
        ("group_claim", "groups"), ("admin_groups", ""), ("hr_groups", "HR Partners\nProgramme leads"),
        ("viewer_groups", ""), ("password_sign_in", "on"),
    ]

    @Test(
        "an administrator sets up the provider, sees its secret masked, changes it keeping the secret, and removes it")
    func adminManagesTheProvider() async throws {
        let fixture = try await WebFixture.make("admin-sso")
        let admin = try await fixture.signIn(fixture.admin)
        let hr = try await fixture.signIn(fixture.hr)
        let providers = SignOnProviders(database: fixture.database)
        try await fixture.withClient { client in
            let forbidden = try await client.page(.get, "/admin/sso", as: hr)
            #expect(forbidden.status == 403)
            let saved = try await client.page(
                .post, "/admin/sso", as: admin, form: Self.form(Self.good, csrf: admin.csrf))
            #expect(saved.status == 303)
            let page = try await client.page(.get, "/admin/sso", as: admin)
            #expect(page.text.contains("••••9876"))
            #expect(!page.text.contains("first-secret-9876"))
            #expect(page.text.contains("/sso/callback"))
            let stored = try #require(try await providers.provider(organisation: fixture.org.slug))
            #expect(stored.emailDomains == ["contoso.example", "contoso-two.example"])
            #expect(stored.hrGroups == ["HR Partners", "Programme leads"])
            let changed =
                Self.good.filter { $0.0 != "client_secret" && $0.0 != "password_sign_in" }
                + [("client_secret", "")]
            let again = try await client.page(
                .post, "/admin/sso", as: admin, form: Self.form(changed, csrf: admin.csrf))
            #expect(again.status == 303)
            let kept = try #require(try await providers.provider(organisation: fixture.org.slug))
            #expect(kept.clientSecret == "first-secret-9876")
            #expect(kept.passwordSignIn == false)
            let removed = try await client.page(.post, "/admin/sso/remove", as: admin, form: [("_csrf", admin.csrf)])
            #expect(removed.status == 303)
            #expect(try await providers.provider(organisation: fixture.org.slug) == nil)
        }
    }

    @Test("a form with a plain-http issuer and no mapped group is refused beside its fields, and nothing is stored")
    func badFormIsRefused() async throws {
        let fixture = try await WebFixture.make("admin-sso-bad")
        let admin = try await fixture.signIn(fixture.admin)
        let fields =
            Self.good.filter { !["issuer", "hr_groups"].contains($0.0) }
            + [("issuer", "http://login.example.com/t"), ("hr_groups", "")]
        let answer = try await fixture.withClient { client in
            try await client.page(.post, "/admin/sso", as: admin, form: Self.form(fields, csrf: admin.csrf))
        }
        #expect(answer.status == 422)
        #expect(answer.text.contains("must be an https URL"))
        #expect(answer.text.contains("At least one claim value must grant a role"))
        #expect(answer.text.contains("value=\"Contoso Entra ID\""))
        #expect(try await SignOnProviders(database: fixture.database).provider(organisation: fixture.org.slug) == nil)
    }
}
