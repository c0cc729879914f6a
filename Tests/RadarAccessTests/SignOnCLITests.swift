import Foundation
import RadarCLI
import RadarTestSupport
import Testing

@Suite("radar sso")
struct SignOnCLITests {
    /// Runs `radar` with `secret` as standard input's first line.
    func radar(_ arguments: String..., org: String? = nil, secret: String) async throws -> RadarRun {
        try await PasswordInput.$readLine.withValue({ secret }) {
            try await radarArray(arguments, org: org)
        }
    }

    static let issuer = "https://login.example.com/0000-tenant/v2.0"

    @Test("sso add stores the provider, list shows it with the secret masked, remove takes it away")
    func addListRemove() async throws {
        let org = try await TestDatabase.newOrganisation("sso-cli")
        let secret = "very-secret-value-1234"
        let added = try await radar(
            "sso", "add", "--label", "Contoso Entra ID", "--issuer", Self.issuer, "--client-id", "radar-app",
            "--client-secret-stdin", "--email-domain", "Contoso.example", "--hr-group", "HR Partners",
            "--admin-group", "Radar Admins", "--no-password-sign-in", "--format", "json", org: org.slug, secret: secret)
        #expect(added.exitCode == 0, "\(added.err)")
        #expect(!added.out.contains(secret))
        #expect(added.out.contains("••••1234"))
        let listed = try await RadarTestSupport.radar("sso", "list", "--format", "csv", org: org.slug)
        #expect(listed.exitCode == 0, "\(listed.err)")
        #expect(listed.out.contains("Contoso Entra ID"))
        #expect(listed.out.contains("contoso.example"))
        #expect(listed.out.contains(",off"))
        #expect(!listed.out.contains(secret))
        let again = try await radar(
            "sso", "add", "--label", "Second", "--issuer", Self.issuer, "--client-id", "radar-app",
            "--client-secret-stdin", "--email-domain", "contoso.example", "--hr-group", "x", org: org.slug,
            secret: secret)
        #expect(again.exitCode != 0)
        #expect(again.err.contains("already has a sign-on provider"))
        let removed = try await RadarTestSupport.radar("sso", "remove", org: org.slug)
        #expect(removed.exitCode == 0, "\(removed.err)")
        let empty = try await RadarTestSupport.radar("sso", "list", "--format", "csv", org: org.slug)
        #expect(!empty.out.contains("Contoso"))
        let twice = try await RadarTestSupport.radar("sso", "remove", org: org.slug)
        #expect(twice.exitCode != 0)
        #expect(twice.err.contains("has no sign-on provider"))
    }

    @Test("sso add names every bad field and stores nothing")
    func badInputIsRefused() async throws {
        let org = try await TestDatabase.newOrganisation("sso-cli-bad")
        let run = try await radar(
            "sso", "add", "--label", "Plain", "--issuer", "http://login.example.com/t", "--client-id", "radar-app",
            "--client-secret-stdin", "--email-domain", "not a domain", org: org.slug, secret: "s3cret")
        #expect(run.exitCode != 0)
        #expect(run.err.contains("radar: issuer: "))
        #expect(run.err.contains("radar: email-domain: \"not a domain\" is not a domain"))
        #expect(run.err.contains("at least one claim value must grant a role"))
        #expect(!run.err.contains("s3cret"))
        let none = try await radar(
            "sso", "add", "--label", "No secret", "--issuer", Self.issuer, "--client-id", "radar-app",
            "--email-domain", "contoso.example", "--viewer-group", "all", org: org.slug, secret: "")
        #expect(none.exitCode != 0)
        #expect(none.err.contains("radar: client-secret-stdin: "))
        let listed = try await RadarTestSupport.radar("sso", "list", "--format", "csv", org: org.slug)
        #expect(!listed.out.contains("radar-app"))
    }
}
