import RadarDomain

/// What a password must be: long enough, not a common one, and not built from the person's e-mail address.
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int
    /// Bcrypt reads only the first 72 bytes, so a longer password would be silently cut.
    public var maximumBytes: Int

    public init(minimumLength: Int = 12, maximumBytes: Int = 72) {
        self.minimumLength = minimumLength
        self.maximumBytes = maximumBytes
    }

    /// Every rule `password` breaks for the account `email`, each naming the field `password`.
    public func problems(password: String, email: String) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        func refuse(_ message: String) {
            problems.append(ValidationProblem(field: "password", message: message))
        }
        if password.count < minimumLength {
            refuse("must be at least \(minimumLength) characters long")
        }
        if password.utf8.count > maximumBytes {
            refuse("must be at most \(maximumBytes) bytes long")
        }
        if password.contains("\u{0}") {
            refuse("must not contain NUL characters")
        }
        let folded = password.lowercased()
        if CommonPasswords.contains(folded) {
            refuse("is one of the most commonly used passwords; choose another")
        }
        let localPart = email.lowercased().split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
        // Very short local parts ("jo@…") would forbid half the alphabet.
        if localPart.count >= 3, folded.contains(localPart) {
            refuse("must not contain the e-mail address's name \"\(localPart)\"")
        }
        return problems
    }

    /// Throws a ValidationFailure listing every rule `password` breaks.
    public func check(password: String, email: String) throws {
        let problems = problems(password: password, email: email)
        if !problems.isEmpty { throw ValidationFailure(problems) }
    }

    /// A random password that passes the policy: four groups of five letters and digits, about 100 bits.
    public static func generate() -> String {
        // No 0/o, 1/l/i: the password is read off a terminal and typed elsewhere.
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            String((0..<5).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        }.joined(separator: "-")
    }
}
