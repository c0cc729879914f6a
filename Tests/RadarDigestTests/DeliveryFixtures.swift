import Foundation
import Postgres
import RadarDigest
import RadarStore
import RadarTestSupport
import Testing

/// A webhook receiver on 127.0.0.1 in its own Python process: answers POSTs with the planned statuses (then 200)
/// and logs each request's status and headers as a JSON line. It exits when its standard input closes (so it
/// never outlives the test process) or when `stop()` kills it.
final class WebhookReceiver {
    private let peer: LoopbackScript
    var port: Int { peer.port }
    /// Its Python process, to see that it is gone once stopped.
    var process: Process { peer.process }
    let log: URL

    /// One request as the receiver saw it.
    struct Request: Decodable {
        var status: Int
        var delivery: String?
        var week: String?
        var organisation: String?
        var contentType: String?
        var bodyWeek: String?
        /// The body as sent, as text.
        var body: String?

        enum CodingKeys: String, CodingKey {
            case status, delivery, week, organisation, body, contentType = "content_type", bodyWeek = "body_week"
        }
    }

    static let script = """
        import http.server, json, os, sys, threading, time
        def exit_when_stdin_closes():
            sys.stdin.read()
            os._exit(0)
        threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
        plan = [int(s) for s in sys.argv[1].split(',') if s]
        log = sys.argv[2]
        location = sys.argv[3] if len(sys.argv) > 3 else ''

        lock = threading.Lock()
        seen = [0]
        class Receiver(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', '0')))
                try:
                    body_week = json.loads(body).get('week')
                except Exception:
                    body_week = None
                with lock:
                    status = plan[seen[0]] if seen[0] < len(plan) else 200
                    seen[0] += 1
                    with open(log, 'a') as f:
                        f.write(json.dumps({'status': status, 'delivery': self.headers.get('X-Radar-Delivery'),
                                            'week': self.headers.get('X-Radar-Week'),
                                            'organisation': self.headers.get('X-Radar-Organisation'),
                                            'content_type': self.headers.get('Content-Type'),
                                            'body_week': body_week,
                                            'body': body.decode('utf-8', 'replace')}) + '\\n')
                if status == 0:
                    # A receiver that hangs: answer only long after any sane time limit.
                    time.sleep(5)
                    status = 200
                self.send_response(status)
                if 300 <= status < 400 and location:
                    self.send_header('Location', location)
                self.send_header('Content-Length', '0')
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Receiver)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    /// Starts a receiver answering `plan` in order (e.g. [500, 500] then 200 for ever); a 0 in the plan hangs
    /// for five seconds before answering 200; a 3xx in the plan points at `location`.
    init(answering plan: [Int] = [], location: String = "") throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("webhook-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        peer = try LoopbackScript(
            Self.script, arguments: [plan.map(String.init).joined(separator: ","), log.path, location],
            name: "webhook receiver")
    }

    var url: String { "http://127.0.0.1:\(port)/digest" }

    /// Every request received so far, in order.
    func requests() throws -> [Request] { try LoopbackScript.entries(of: log) }

    /// Ends the receiver and removes its log.
    func stop() {
        peer.stop()
        try? FileManager.default.removeItem(at: log)
    }
}

/// A fresh temporary directory for one test.
func temporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("radar-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A sendmail stand-in that stores each message it is given as `<dir>/mail-<pid>.eml`.
func captureSendmail(into directory: URL) throws -> [String] {
    let script = directory.appendingPathComponent("sendmail.sh")
    try "#!/bin/sh\ncat > \"\(directory.path)/mail-$$.eml\"\n".write(to: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
    return [script.path, "-t", "-i"]
}

/// Runs `sql` in the organisation and returns its rows (as the application role, so RLS applies).
func rows(_ sql: String, _ parameters: [(any PostgresEncodable)?] = [], in slug: String) async throws -> [Row] {
    let database = try await TestDatabase.shared()
    return try await database.inOrganisation(slug, actor: "test") { tx in
        try tx.connection.query(sql, parameters).rows
    }
}

/// The instant `text` names (ISO 8601 with offset); tests never read the clock.
func instant(_ text: String) throws -> Date {
    try #require(try? Date(text, strategy: .iso8601), "not an instant: \(text)")
}

/// A delivery worker on the shared test database with `change` applied to its configuration.
func worker(_ change: (inout DeliveryConfiguration) -> Void = { _ in }) async throws -> DeliveryWorker {
    var configuration = DeliveryConfiguration()
    configuration.webhookRetryDelay = 0.05
    change(&configuration)
    return DeliveryWorker(database: try await TestDatabase.shared(), configuration: configuration)
}

/// Publishes `week`'s digest in `slug` as if it were `now`.
@discardableResult
func publish(
    _ week: String, in slug: String, now: Date, refresh: Bool = false, skipEmpty: Bool = false
)
    async throws -> DigestPublisher.Outcome
{
    let database = try await TestDatabase.shared()
    let week = try #require(ISOWeek(week))
    return try await database.inOrganisation(slug, actor: "test") { tx in
        try DigestPublisher(tx).publish(week: week, now: now, refresh: refresh, skipEmpty: skipEmpty)
    }
}

/// Adds a delivery channel to the organisation, for HR unless another audience is named.
@discardableResult
func addChannel(_ kind: String, _ target: String, in slug: String, audience: String = "hr") async throws
    -> DeliveryChannel
{
    let database = try await TestDatabase.shared()
    return try await database.inOrganisation(slug, actor: "test") { tx in
        try DeliveryChannels(tx).add(kind: kind, target: target, audience: audience)
    }
}
