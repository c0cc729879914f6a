import ArgumentParser
import Foundation
import RadarServer

extension Radar {
    /// `radar serve`: the HTTP service, until SIGTERM or SIGINT (in-flight requests finish first).
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the HTTP service: the JSON API under /api/v1, /healthz, /readyz and /metrics.",
            discussion: """
                Settings come from the flags, then the environment: RADAR_HOSTNAME, RADAR_PORT, DATABASE_URL, \
                RADAR_POOL_SIZE (default 10), RADAR_LOG_LEVEL (default info), RADAR_DB_ACQUIRE_TIMEOUT (seconds a \
                request waits for a database connection before 503, default 5), RADAR_SCHEDULER (on or off, default on: \
                the weekly digests, nightly checks and deliveries, ticked every minute, once across instances) and \
                the digest delivery settings RADAR_SENDMAIL, RADAR_MAIL_FROM, RADAR_WEBHOOK_TIMEOUT and RADAR_PUBLIC_URL (where \
                people open the service, for the links in Slack and Teams messages, and single sign-on's redirect \
                URI <RADAR_PUBLIC_URL>/sso/callback). /metrics answers \
                only this machine unless RADAR_METRICS_TOKEN (16 characters or more) is set; then it asks for that \
                token as a bearer token. Behind a reverse proxy, name it with --trusted-proxy (or RADAR_TRUSTED_PROXIES, \
                networks separated by commas): only requests from those addresses have their X-Forwarded-For \
                believed, right-most untrusted hop first. Every bad setting is reported at once.
                """)

        @Option(help: "Address to listen on (default: $RADAR_HOSTNAME, else 127.0.0.1).") var hostname: String?
        @Option(help: "Port to listen on (default: $RADAR_PORT, else 8080).") var port: String?
        @Option(
            name: .long,
            help: ArgumentHelp(
                "PostgreSQL connection string or URI (default: $DATABASE_URL, else libpq's PG* variables).",
                valueName: "url"))
        var databaseURL: String?
        @Flag(help: "Do not run the digest scheduler in this instance (also: RADAR_SCHEDULER=off).")
        var noScheduler = false
        @Option(
            name: .customLong("trusted-proxy"),
            help: ArgumentHelp(
                "A reverse proxy (address or CIDR network) whose X-Forwarded-For names the client; repeatable.",
                valueName: "cidr"))
        var trustedProxies: [String] = []

        func run() async throws {
            let configuration = try ServerConfiguration.resolve(
                hostname: hostname, port: port, databaseURL: databaseURL, noScheduler: noScheduler,
                trustedProxies: trustedProxies, environment: ProcessInfo.processInfo.environment)
            try await RadarService.run(configuration)
        }
    }
}
