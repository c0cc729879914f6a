internal import Foundation
import Logging
import RadarDigest
import RadarDomain

/// Everything `radar serve` reads, read once: flags first, then `RADAR_*` and `DATABASE_URL`, then defaults; checked
/// up front with every problem reported together.
public struct ServerConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    /// libpq connection string or URI; empty lets libpq use `PG*` variables, `~/.pgpass` and service files.
    public var databaseURL: String
    public var poolSize: Int
    public var logLevel: Logger.Level
    /// How long a request may wait for a pooled connection before the answer is 503.
    public var acquireTimeout: Duration
    /// Whether the digest scheduler runs inside the service (`--no-scheduler` or `RADAR_SCHEDULER=off` turn it off).
    public var scheduler = true
    /// How digests are delivered (`RADAR_SENDMAIL`, `RADAR_MAIL_FROM`, `RADAR_WEBHOOK_TIMEOUT`).
    public var delivery = DeliveryConfiguration()
    /// The bearer token `/metrics` asks for (`RADAR_METRICS_TOKEN`); without one it answers this machine only.
    public var metricsToken: String?
    /// The reverse proxies whose `X-Forwarded-For` is believed (`--trusted-proxy`, `RADAR_TRUSTED_PROXIES`).
    public var trustedProxies = TrustedProxies.none

    public init(
        hostname: String = "127.0.0.1", port: Int = 8080, databaseURL: String = "", poolSize: Int = 10,
        logLevel: Logger.Level = LogLevelSetting.serviceDefault, acquireTimeout: Duration = .seconds(5)
    ) {
        self.hostname = hostname
        self.port = port
        self.databaseURL = databaseURL
        self.poolSize = poolSize
        self.logLevel = logLevel
        self.acquireTimeout = acquireTimeout
    }

    /// Resolves flags over the environment; throws a `ValidationFailure` naming every bad flag or variable.
    public static func resolve(
        hostname: String?, port: String?, databaseURL: String?, noScheduler: Bool = false,
        trustedProxies: [String] = [], environment: [String: String]
    ) throws -> ServerConfiguration {
        var problems: [ValidationProblem] = []
        var configuration = ServerConfiguration()
        func value(_ flag: String?, _ flagName: String, _ variable: String) -> (String, String)? {
            if let flag { return (flag, flagName) }
            if let text = environment[variable], !text.isEmpty { return (text, variable) }
            return nil
        }
        if let (text, source) = value(hostname, "--hostname", "RADAR_HOSTNAME") {
            if text.trimmingCharacters(in: .whitespaces).isEmpty || text.contains(" ") {
                problems.append(.init(field: source, message: "\"\(text)\" is not a host name or address"))
            } else {
                configuration.hostname = text
            }
        }
        if let (text, source) = value(port, "--port", "RADAR_PORT") {
            if let number = Int(text), (0...65535).contains(number) {
                configuration.port = number
            } else {
                problems.append(.init(field: source, message: "\"\(text)\" is not a port number (0 to 65535)"))
            }
        }
        if let (text, _) = value(databaseURL, "--database-url", "DATABASE_URL") {
            configuration.databaseURL = text
        }
        if let text = environment["RADAR_POOL_SIZE"], !text.isEmpty {
            if let number = Int(text), (1...200).contains(number) {
                configuration.poolSize = number
            } else {
                problems.append(.init(field: "RADAR_POOL_SIZE", message: "\"\(text)\" is not a number from 1 to 200"))
            }
        }
        do {
            configuration.logLevel = try LogLevelSetting.read(environment) ?? LogLevelSetting.serviceDefault
        } catch {
            problems.append(error)
        }
        if let text = environment["RADAR_DB_ACQUIRE_TIMEOUT"], !text.isEmpty {
            if let seconds = Double(text), seconds > 0, seconds <= 300 {
                configuration.acquireTimeout = .milliseconds(Int(seconds * 1000))
            } else {
                problems.append(
                    .init(
                        field: "RADAR_DB_ACQUIRE_TIMEOUT",
                        message: "\"\(text)\" is not a number of seconds from 0 to 300"))
            }
        }
        if noScheduler {
            configuration.scheduler = false
        } else if let text = environment["RADAR_SCHEDULER"], !text.isEmpty {
            switch text.lowercased() {
            case "on", "true", "1": configuration.scheduler = true
            case "off", "false", "0": configuration.scheduler = false
            default: problems.append(.init(field: "RADAR_SCHEDULER", message: "\"\(text)\" is neither on nor off"))
            }
        }
        if let token = environment["RADAR_METRICS_TOKEN"], !token.isEmpty {
            if token.count >= 16, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) {
                configuration.metricsToken = token
            } else {
                problems.append(
                    .init(
                        field: "RADAR_METRICS_TOKEN",
                        message: "must be at least 16 characters, without spaces or characters beyond ASCII"))
            }
        }
        let proxies =
            trustedProxies.isEmpty
            ? (environment["RADAR_TRUSTED_PROXIES"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " })
                .map(String.init)
            : trustedProxies
        do {
            configuration.trustedProxies = try TrustedProxies(parsing: proxies)
        } catch {
            problems.append(
                .init(
                    field: trustedProxies.isEmpty ? "RADAR_TRUSTED_PROXIES" : "--trusted-proxy",
                    message: "\"\(error.entry)\" \(error.reason)"))
        }
        do {
            configuration.delivery = try DeliveryConfiguration(environment: environment)
        } catch let failure as ValidationFailure {
            problems += failure.problems
        }
        if !problems.isEmpty { throw ValidationFailure(problems) }
        return configuration
    }
}
