import Foundation
import RadarAccess
import RadarCLI
import RadarTestSupport
import Testing

@Suite("radar user and radar token")
struct AccessCLITests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// Runs `radar` with `stdin` as the first line of standard input.
    func radar(_ arguments: String..., org: String? = nil, stdin: String) async throws -> RadarRun {
        try await PasswordInput.$readLine.withValue({ stdin }) {
            try await radarArray(arguments, org: org)
        }
    }

    @Test("user add prints a generated password once, and it signs in")
    func addWithGeneratedPassword() async throws {
        let fixture = try await AccessFixture()
        let org = try await TestDatabase.newOrganisation("cli")
        let email = AccessFixture.email("Newcomer").uppercased()
        let run = try await RadarTestSupport.radar(
            "user", "add", email, "--name", "New Comer", "--role", "hr", org: org.slug)
        #expect(run.exitCode == 0, "\(run.err)")
        #expect(run.out.contains(email.lowercased()))
        #expect(run.out.contains("\(org.slug):hr"))
        #expect(run.err.contains("shown only this once"))
        let line = try #require(run.out.split(separator: "\n").first { $0.hasPrefix("password: ") })
        let password = String(line.dropFirst("password: ".count))
        let principal = try await fixture.accounts.logIn(
            email: email, password: password, address: AccessFixture.address(), now: start)
        #expect(principal.role(in: org.slug) == .hr)

        let listed = try await RadarTestSupport.radar("user", "list", "--format", "csv", org: org.slug)
        #expect(listed.exitCode == 0)
        #expect(listed.out.contains("\(email.lowercased()),New Comer,active,\(org.slug):hr"))
    }

    @Test("user add with --password-stdin applies the password rules, naming the field")
    func addWithBadPasswordFromStdin() async throws {
        _ = try await TestDatabase.shared()
        let email = AccessFixture.email("weak")
        let short = try await radar("user", "add", email, "--name", "Weak", "--password-stdin", stdin: "short")
        #expect(short.exitCode == 2)
        #expect(short.err.contains("radar: password: must be at least 12 characters long"))
        let common = try await radar("user", "add", email, "--name", "Weak", "--password-stdin", stdin: "Password1234")
        #expect(common.exitCode == 2)
        #expect(common.err.contains("radar: password: is one of the most commonly used passwords"))
        let listed = try await RadarTestSupport.radar("user", "list")
        #expect(!listed.out.contains(email))
    }

    @Test("user commands name the field of bad input and exit non-zero")
    func userErrorsNameTheField() async throws {
        let org = try await TestDatabase.newOrganisation("clierr")
        let email = AccessFixture.email("err")
        let badRole = try await RadarTestSupport.radar(
            "user", "add", email, "--name", "E", "--role", "boss", org: org.slug)
        #expect(badRole.exitCode == 2)
        #expect(badRole.err.contains("radar: role: \"boss\" is not a role; use admin, hr or viewer"))
        let noRole = try await RadarTestSupport.radar("user", "add", email, "--name", "E", org: org.slug)
        #expect(noRole.exitCode == 2)
        #expect(noRole.err.contains("radar: role: is required with --org"))
        let badEmail = try await RadarTestSupport.radar("user", "add", "not-an-address", "--name", "E")
        #expect(badEmail.exitCode == 2)
        #expect(badEmail.err.contains("radar: email: \"not-an-address\" is not an e-mail address"))
        let unknown = try await RadarTestSupport.radar("user", "grant", email, "--role", "hr", org: org.slug)
        #expect(unknown.exitCode == 2)
        #expect(unknown.err.contains("radar: email: no account has the e-mail \"\(email)\""))
        let noOrg = try await RadarTestSupport.radar("user", "grant", email, "--role", "hr", "--org", "no-such-org")
        #expect(noOrg.exitCode != 0)
    }

    @Test("grant, revoke, disable and reset-password round trip through the CLI")
    func userLifecycle() async throws {
        let fixture = try await AccessFixture()
        let org = try await TestDatabase.newOrganisation("life")
        let person = try await fixture.person("life")
        let granted = try await RadarTestSupport.radar("user", "grant", person.email, "--role", "admin", org: org.slug)
        #expect(granted.exitCode == 0, "\(granted.err)")
        #expect(granted.out.contains("\(org.slug):admin"))
        let revoked = try await RadarTestSupport.radar("user", "revoke", person.email, org: org.slug)
        #expect(revoked.exitCode == 0, "\(revoked.err)")
        #expect(!revoked.out.contains(org.slug))

        let reset = try await radar(
            "user", "reset-password", person.email, "--password-stdin", stdin: "quiet-meadow-compass-19")
        #expect(reset.exitCode == 0, "\(reset.err)")
        #expect(!reset.out.contains("quiet-meadow-compass-19"))
        let principal = try await fixture.accounts.logIn(
            email: person.email, password: "quiet-meadow-compass-19", address: AccessFixture.address(), now: start)
        #expect(principal.userID == person.id)

        let disabled = try await RadarTestSupport.radar("user", "disable", person.email)
        #expect(disabled.exitCode == 0)
        #expect(disabled.out.contains("disabled"))
        await #expect(throws: AccessError.self) {
            try await fixture.accounts.logIn(
                email: person.email, password: "quiet-meadow-compass-19", address: AccessFixture.address(), now: start)
        }
    }

    @Test("token create prints the secret once; list never shows it; revoke refuses it from then on")
    func tokenRoundTrip() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("cli-token")
        let created = try await RadarTestSupport.radar(
            "token", "create", "--user", person.email, "--name", "backup job")
        #expect(created.exitCode == 0, "\(created.err)")
        let secret = created.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("rdr_") && secret.count == 47)
        #expect(created.err.contains("shown only this once"))
        #expect(try await fixture.tokens.authenticate(bearer: secret, now: start).userID == person.id)

        let listed = try await RadarTestSupport.radar("token", "list", "--user", person.email, "--format", "csv")
        #expect(listed.exitCode == 0)
        #expect(listed.out.contains("backup job"))
        #expect(!listed.out.contains(secret.dropFirst(4)))
        let id = try #require(try await fixture.tokens.list(email: person.email).first?.id)

        let revoked = try await RadarTestSupport.radar("token", "revoke", id.uuidString.lowercased())
        #expect(revoked.exitCode == 0, "\(revoked.err)")
        await #expect(throws: AccessError.unauthenticated) {
            try await fixture.tokens.authenticate(bearer: secret, now: start)
        }
    }

    @Test("token create takes a lifetime in days, at most a year, and list shows when each token ends")
    func tokenLifetimeFromTheCLI() async throws {
        let fixture = try await AccessFixture()
        let person = try await fixture.person("cli-lifetime")
        let tooLong = try await RadarTestSupport.radar(
            "token", "create", "--user", person.email, "--name", "forever", "--expires-in-days", "400")
        #expect(tooLong.exitCode == 2)
        #expect(tooLong.err.contains("radar: expires-in-days: must be from 1 to 365, not 400"), "\(tooLong.err)")
        #expect(try await fixture.tokens.list(email: person.email).isEmpty)

        let created = try await RadarTestSupport.radar(
            "token", "create", "--user", person.email, "--name", "a week", "--expires-in-days", "7")
        #expect(created.exitCode == 0, "\(created.err)")
        #expect(created.err.contains("It stops working at"))
        let token = try #require(try await fixture.tokens.list(email: person.email).first)
        #expect(abs(token.expiresAt.timeIntervalSince(token.createdAt) - 7 * 86_400) < 1)
        let listed = try await RadarTestSupport.radar("token", "list", "--user", person.email, "--format", "csv")
        let lines = listed.out.split(whereSeparator: \.isNewline)
        #expect(lines.first?.contains("expires") == true && lines.first?.contains("state") == true)
        // Seven days left is within the last two weeks.
        #expect(lines.dropFirst().first?.contains(",expiring,") == true, "\(listed.out)")
    }

    @Test("token commands name the field of bad input and exit non-zero")
    func tokenErrorsNameTheField() async throws {
        _ = try await TestDatabase.shared()
        let badID = try await RadarTestSupport.radar("token", "revoke", "nonsense")
        #expect(badID.exitCode == 2)
        #expect(badID.err.contains("radar: id: \"nonsense\" is not a token id"))
        let unknownID = try await RadarTestSupport.radar("token", "revoke", UUID().uuidString)
        #expect(unknownID.exitCode == 2)
        #expect(unknownID.err.contains("radar: id: no token has the id"))
        let unknownUser = try await RadarTestSupport.radar(
            "token", "create", "--user", "ghost@example.org", "--name", "x")
        #expect(unknownUser.exitCode == 2)
        #expect(unknownUser.err.contains("radar: user: no account has the e-mail \"ghost@example.org\""))
        let noName = try await RadarTestSupport.radar("token", "create", "--user", "ghost@example.org")
        #expect(noName.exitCode == 2)
    }
}
