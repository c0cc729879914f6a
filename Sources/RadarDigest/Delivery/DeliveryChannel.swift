import Foundation
import Postgres
import RadarDomain

/// How a digest reaches its readers: an e-mail address, a webhook URL, a directory of files, or a Slack or
/// Microsoft Teams channel's incoming webhook (a short message with a link, not the whole digest).
public enum ChannelKind: String, Sendable, CaseIterable, Codable {
    case email, webhook, directory, slack, teams

    /// Reads a kind typed by a person, naming `field` when it is none of the three.
    public static func parse(_ text: String, field: String = "kind") throws -> ChannelKind {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let kind = ChannelKind(rawValue: key == "e-mail" ? "email" : key) else {
            throw ValidationFailure([
                ValidationProblem(
                    field: field,
                    message: "\"\(text)\" is not a channel kind; use email, webhook, directory, slack or teams")
            ])
        }
        return kind
    }

    /// The target in the form it is stored, or a problem naming `field`: an e-mail address, an http(s) URL
    /// with a host, or an absolute directory path.
    public func normalisedTarget(_ text: String, field: String = "target") throws -> String {
        let target = text.trimmingCharacters(in: .whitespacesAndNewlines)
        func refuse(_ message: String) -> ValidationFailure {
            ValidationFailure([ValidationProblem(field: field, message: message)])
        }
        guard !target.isEmpty else { throw refuse("is required") }
        switch self {
        case .email:
            let address = target.lowercased()
            // One plain address: anything fancier (names, lists) would need quoting in the To header.
            guard
                address.range(of: #"^[a-z0-9._%+'-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$"#, options: .regularExpression)
                    != nil
            else { throw refuse("\"\(text)\" is not an e-mail address such as sponsor@example.com") }
            return address
        case .webhook, .slack, .teams:
            guard let url = URLComponents(string: target), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
            else { throw refuse("\"\(text)\" is not an https URL such as https://hooks.example.com/radar") }
            guard url.user == nil, url.password == nil else {
                throw refuse("must not carry a user name or password; put secrets in the receiving service")
            }
            guard Self.isSecureWebhook(scheme: scheme, host: host) else {
                throw refuse("must be an https URL; plain http goes only to this machine (localhost, 127.0.0.1, ::1)")
            }
            return target
        case .directory:
            guard target.hasPrefix("/") else {
                throw refuse("\"\(text)\" is not an absolute directory path such as /var/lib/radar/digests")
            }
            guard !target.contains("\0") else { throw refuse("must not contain a NUL character") }
            return target.count > 1 && target.hasSuffix("/") ? String(target.dropLast()) : target
        }
    }
}

extension ChannelKind {
    /// Whether a webhook may be posted to: https anywhere, plain http only on this machine, where nothing on the
    /// way can read the digest.
    static func isSecureWebhook(scheme: String, host: String) -> Bool {
        if scheme.lowercased() == "https" { return true }
        let bare = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }
}

/// Who reads a channel: viewers get the digest with sensitive texts withheld, HR gets all of it.
public enum ChannelAudience: String, Sendable, CaseIterable, Codable {
    case hr, viewer

    /// Reads an audience typed by a person, naming `field` when it is neither.
    public static func parse(_ text: String, field: String = "audience") throws -> ChannelAudience {
        guard let audience = ChannelAudience(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
        else {
            throw ValidationFailure([
                ValidationProblem(field: field, message: "\"\(text)\" is not an audience; use hr or viewer")
            ])
        }
        return audience
    }

    /// The digest as this audience may read it.
    public func view(of digest: Digest) -> Digest {
        self == .hr ? digest : digest.withholdingSensitiveText()
    }
}

/// One place an organisation's digests go.
public struct DeliveryChannel: Sendable, Hashable, Codable {
    public var id: UUID
    public var kind: ChannelKind
    public var target: String
    public var audience: ChannelAudience
    public var enabled: Bool
    public var createdAt: Date

    init(row: Row) throws {
        id = try row.decode("id")
        let kindText: String = try row.decode("kind")
        guard let kind = ChannelKind(rawValue: kindText) else {
            throw PostgresError(kind: .decoding, message: "unknown delivery channel kind \(kindText)")
        }
        self.kind = kind
        target = try row.decode("target")
        let audienceText: String = try row.decode("audience")
        guard let audience = ChannelAudience(rawValue: audienceText) else {
            throw PostgresError(kind: .decoding, message: "unknown delivery channel audience \(audienceText)")
        }
        self.audience = audience
        enabled = try row.decode("enabled")
        createdAt = try row.decode("created_at")
    }
}
