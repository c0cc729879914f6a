import RadarAccess
import RadarDomain
import Testing

@Suite("Password rules")
struct PasswordPolicyTests {
    let policy = PasswordPolicy()

    @Test("a short password is refused, naming the field")
    func shortPasswordIsRefused() {
        let problems = policy.problems(password: "tiny-pass", email: "ada@example.org")
        #expect(problems == [ValidationProblem(field: "password", message: "must be at least 12 characters long")])
    }

    @Test(
        "common passwords are refused whatever their case", arguments: ["Password1234", "QWERTYUIOPAS", "123456789012"])
    func commonPasswordIsRefused(_ password: String) {
        let problems = policy.problems(password: password, email: "ada@example.org")
        #expect(problems.map(\.field) == ["password"])
        #expect(problems.first?.message.contains("most commonly used") == true)
    }

    @Test(
        "a common password dressed up to reach twelve characters is refused too",
        arguments: ["Summer2024!!!", "sunshine12345", "123456coaching", "monkeymonkeymonkey", "zzzzzzzzzzzzzz"])
    func paddedCommonPasswordIsRefused(_ password: String) {
        let problems = policy.problems(password: password, email: "ada@example.org")
        #expect(problems.map(\.message) == ["is one of the most commonly used passwords; choose another"])
    }

    @Test("a password containing the e-mail's name is refused")
    func passwordWithTheEmailNameIsRefused() {
        let problems = policy.problems(password: "Lovelace-analytical-engine", email: "lovelace@example.org")
        #expect(problems.map(\.field) == ["password"])
        #expect(problems.first?.message.contains("lovelace") == true)
    }

    @Test("a long, uncommon password unrelated to the e-mail passes")
    func goodPasswordPasses() {
        #expect(policy.problems(password: "violet-harbour-lantern-42", email: "lovelace@example.org").isEmpty)
    }

    @Test("generated passwords pass the policy")
    func generatedPasswordsPass() {
        for _ in 0..<50 {
            let password = PasswordPolicy.generate()
            #expect(password.count == 23)
            #expect(policy.problems(password: password, email: "someone@example.org").isEmpty)
        }
    }

    @Test("a password bcrypt would truncate is refused")
    func overlongPasswordIsRefused() {
        let problems = policy.problems(password: String(repeating: "ab", count: 40), email: "ada@example.org")
        #expect(problems.map(\.message) == ["must be at most 72 bytes long"])
    }
}

@Suite("Roles and permissions")
struct PermissionTests {
    @Test("viewers read but never the sensitive fields")
    func viewerReadsOnlyTheNonSensitiveRecord() {
        #expect(AccessRole.viewer.allows(.read))
        #expect(!AccessRole.viewer.allows(.readSensitive))
        #expect(!AccessRole.viewer.allows(.record))
        #expect(!AccessRole.viewer.allows(.triage))
    }

    @Test("HR records and triages but does not administer")
    func hrDoesTheDailyWork() {
        #expect(AccessRole.hr.permissions == [.read, .readSensitive, .record, .triage])
    }

    @Test("admins may do everything")
    func adminMayDoEverything() {
        #expect(Permission.allCases.allSatisfy(AccessRole.admin.allows))
    }

    @Test("a principal's role is per organisation")
    func principalRoleIsPerOrganisation() {
        let principal = Principal(
            userID: .init(), email: "a@example.org", displayName: "A", memberships: ["acme": .hr, "beta": .viewer])
        #expect(principal.role(in: "acme") == .hr)
        #expect(principal.role(in: "gamma") == nil)
        #expect(principal.may(.readSensitive, in: "acme"))
        #expect(!principal.may(.readSensitive, in: "beta"))
        #expect(!principal.may(.read, in: "gamma"))
    }
}
