import Foundation
import RadarDomain

/// How digests are delivered: the mail command, the sender address, webhook timeouts and the outbox's retry
/// policy. Read once from the environment (`RADAR_SENDMAIL`, `RADAR_MAIL_FROM`, `RADAR_WEBHOOK_TIMEOUT`).
public struct DeliveryConfiguration: Sendable {
    /// The sendmail-compatible command and its arguments; the message is piped to its standard input.
    public var sendmail: [String] = ["/usr/sbin/sendmail", "-t", "-i"]
    /// The From address of digest e-mails.
    public var mailFrom = "Commitment Radar <radar@localhost>"
    /// How long one webhook request may take, in seconds.
    public var webhookTimeout: Double = 10
    /// Tries per webhook delivery within one worker run before the outbox takes over the retrying.
    public var webhookTries = 3
    /// The pause before the second try within a run, in seconds; doubled before each later one.
    public var webhookRetryDelay: Double = 0.5
    /// How long the sendmail command may run, in seconds.
    public var mailTimeout: Double = 60
    /// Worker runs (claims) an outbox row gets before it is marked failed.
    public var maxAttempts = 8
    /// The outbox's first back-off after a failed attempt, in seconds; doubled per attempt up to `retryCap`.
    public var retryBase: Double = 60
    public var retryCap: Double = 6 * 3600
    /// How long a claimed row stays invisible to other workers; after a crash it is sent again once this passes.
    public var lease: Double = 600
    /// Where people open the service (`RADAR_PUBLIC_URL`, such as https://radar.example.com): chat messages link
    /// to the digest's page there; without it they carry no link.
    public var publicURL: String?
    /// Signs the one-click links of owners' notices (`RADAR_LINK_SECRET`, at least 32 characters, the same on every
    /// instance); without it notices carry no acknowledge or snooze links.
    public var linkSigner: NoticeLinkSigner?

    public init() {}

    /// The configuration the environment gives, or every problem with it, each naming its variable.
    public init(environment: [String: String]) throws {
        var problems: [ValidationProblem] = []
        if let text = environment["RADAR_SENDMAIL"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            sendmail = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
        if let from = environment["RADAR_MAIL_FROM"], !from.isEmpty {
            if from.contains("\n") || from.contains("\r") || !from.contains("@") {
                problems.append(
                    ValidationProblem(
                        field: "RADAR_MAIL_FROM", message: "\"\(from)\" is not an address such as radar@example.com"))
            } else {
                mailFrom = from
            }
        }
        if let text = environment["RADAR_WEBHOOK_TIMEOUT"], !text.isEmpty {
            if let seconds = Double(text), seconds > 0, seconds <= 300 {
                webhookTimeout = seconds
            } else {
                problems.append(
                    ValidationProblem(
                        field: "RADAR_WEBHOOK_TIMEOUT", message: "\"\(text)\" is not a number of seconds from 1 to 300")
                )
            }
        }
        if let text = environment["RADAR_PUBLIC_URL"], !text.isEmpty {
            if let url = URLComponents(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false, url.query == nil
            {
                publicURL = text
            } else {
                problems.append(
                    ValidationProblem(
                        field: "RADAR_PUBLIC_URL", message: "\"\(text)\" is not an address such as https://radar.example.com"))
            }
        }
        if let secret = environment["RADAR_LINK_SECRET"], !secret.isEmpty {
            if let signer = NoticeLinkSigner(secret: secret) {
                linkSigner = signer
            } else {
                problems.append(
                    ValidationProblem(
                        field: "RADAR_LINK_SECRET",
                        message: "is shorter than \(NoticeLinkSigner.minimumSecret) characters; use a long random secret"))
            }
        }
        if !problems.isEmpty { throw ValidationFailure(problems) }
    }

    /// The outbox's pause after the `attempts`-th failed attempt: exponential, capped.
    public func backOff(afterAttempt attempts: Int) -> Double {
        min(retryCap, retryBase * pow(2, Double(max(0, attempts - 1))))
    }
}
