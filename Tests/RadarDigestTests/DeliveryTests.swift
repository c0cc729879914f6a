import Foundation
import Postgres
import RadarDigest
import RadarStore
import RadarTestSupport
import Testing

@Suite("Delivering digests through the outbox")
struct DeliveryTests {
    @Test("a webhook that fails twice is tried again and then succeeds, with one delivery recorded as sent")
    func webhookRetriedUntilItSucceeds() async throws {
        let org = try await TestDatabase.newOrganisation("hook")
        let receiver = try WebhookReceiver(answering: [500, 500])
        defer { receiver.stop() }
        try await addChannel("webhook", receiver.url, in: org.slug)
        let now = try instant("2026-06-29T07:00:00Z")
        let outcome = try await publish("2026-W26", in: org.slug, now: now)
        #expect(outcome.created && outcome.queued == 1)

        let attempts = try await worker().run(organisation: org.slug, now: now)

        #expect(attempts.map(\.result) == [.sent])
        let requests = try receiver.requests()
        #expect(requests.map(\.status) == [500, 500, 200])
        #expect(Set(requests.compactMap(\.delivery)).count == 1, "every try carries the same delivery key")
        #expect(requests.allSatisfy { $0.week == "2026-W26" && $0.bodyWeek == "2026-W26" })
        #expect(requests.allSatisfy { $0.contentType?.hasPrefix("application/json") == true })
        let recorded = try await rows(
            "SELECT status, attempts, sent_at, last_error FROM digest_deliveries",
            in: org.slug)
        #expect(recorded.count == 1)
        #expect(try recorded[0].decode("status", as: String.self) == "sent")
        #expect(try recorded[0].decode("attempts", as: Int.self) == 1)
        #expect(try recorded[0].decode("sent_at", as: Date.self) == now)
        #expect(try recorded[0].decode("last_error", as: String?.self) == nil)

        // Nothing is due any more: a second run sends nothing.
        #expect(try await worker().run(organisation: org.slug, now: now.addingTimeInterval(3600)).isEmpty)
        #expect(try receiver.requests().count == 3)
    }

    @Test("a webhook that keeps failing backs off exponentially and is marked failed after the last attempt")
    func failingWebhookBacksOffThenFails() async throws {
        let org = try await TestDatabase.newOrganisation("hookdown")
        let receiver = try WebhookReceiver(answering: Array(repeating: 503, count: 10))
        defer { receiver.stop() }
        try await addChannel("webhook", receiver.url, in: org.slug)
        let start = try instant("2026-06-29T07:00:00Z")
        try await publish("2026-W26", in: org.slug, now: start)
        let strict = try await worker {
            $0.webhookTries = 1
            $0.maxAttempts = 3
            $0.retryBase = 60
        }
        func state() async throws -> (String, Int, Date, String?) {
            let row = try #require(
                try await rows(
                    "SELECT status, attempts, next_attempt_at, last_error FROM digest_deliveries", in: org.slug
                ).first)
            return (
                try row.decode("status"), try row.decode("attempts"), try row.decode("next_attempt_at"),
                try row.decode("last_error")
            )
        }

        #expect(try await strict.run(organisation: org.slug, now: start).map(\.result) == [.retrying])
        var (status, attempts, next, error) = try await state()
        #expect(status == "pending" && attempts == 1 && next == start.addingTimeInterval(60))
        #expect(error?.contains("503") == true)

        #expect(
            try await strict.run(organisation: org.slug, now: start.addingTimeInterval(59)).isEmpty,
            "not due before the back-off has passed")
        #expect(
            try await strict.run(organisation: org.slug, now: start.addingTimeInterval(60)).map(\.result)
                == [.retrying])
        (status, attempts, next, error) = try await state()
        #expect(attempts == 2 && next == start.addingTimeInterval(60 + 120), "the pause doubles")

        #expect(
            try await strict.run(organisation: org.slug, now: start.addingTimeInterval(180)).map(\.result)
                == [.failed])
        (status, attempts, _, _) = try await state()
        #expect(status == "failed" && attempts == 3)
        #expect(try await strict.run(organisation: org.slug, now: start.addingTimeInterval(86_400)).isEmpty)
        #expect(try receiver.requests().count == 3)
    }

    /// Publishes week 2026-W26 in a new organisation with one webhook channel to `url`, runs one worker pass
    /// configured by `change`, and returns its results and the delivery's recorded error.
    func deliverOnce(
        to url: String, label: String, _ change: (inout DeliveryConfiguration) -> Void = { _ in }
    )
        async throws -> (results: [DeliveryAttempt.Result], error: String?)
    {
        let org = try await TestDatabase.newOrganisation(label)
        try await addChannel("webhook", url, in: org.slug)
        let now = try instant("2026-06-29T07:00:00Z")
        try await publish("2026-W26", in: org.slug, now: now)
        let results = try await worker(change).run(organisation: org.slug, now: now).map(\.result)
        let row = try #require(try await rows("SELECT last_error FROM digest_deliveries", in: org.slug).first)
        return (results, try row.decode("last_error", as: String?.self))
    }

    @Test("a webhook that refuses the digest (4xx) is not tried again within the attempt, and says what it answered")
    func refusingWebhookIsNotRetriedWithinTheAttempt() async throws {
        let receiver = try WebhookReceiver(answering: [404])
        defer { receiver.stop() }

        let (results, error) = try await deliverOnce(to: receiver.url, label: "hooknope")

        #expect(results == [.retrying])
        #expect(try receiver.requests().map(\.status) == [404])
        #expect(error?.contains("404") == true, "\(error ?? "no error")")
    }

    @Test("a webhook that does not answer in time is a failed try whose error names the time limit")
    func hangingWebhookTimesOut() async throws {
        let receiver = try WebhookReceiver(answering: [0])
        defer { receiver.stop() }

        let (results, error) = try await deliverOnce(to: receiver.url, label: "hookhang") {
            $0.webhookTries = 1
            $0.webhookTimeout = 0.5
        }

        #expect(results == [.retrying])
        #expect(error == "the webhook did not answer within 0.5 s")
        // Under load the receiver may log the request only after the worker has given up on it.
        for _ in 0..<100 where try receiver.requests().isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try receiver.requests().map(\.status) == [0], "the receiver got the request and held it")
    }

    @Test("a webhook nobody listens on is a failed try whose error says it could not be reached")
    func unreachableWebhookFails() async throws {
        let receiver = try WebhookReceiver()
        let url = receiver.url
        receiver.stop()
        // Wait until the port is really closed, so the test is about an absent receiver.
        for _ in 0..<500 where receiver.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        try #require(!receiver.process.isRunning, "the webhook receiver did not stop")

        let (results, error) = try await deliverOnce(to: url, label: "hookgone") { $0.webhookTries = 2 }

        #expect(results == [.retrying])
        #expect(error?.hasPrefix("the webhook could not be reached: ") == true, "\(error ?? "no error")")
    }

    @Test("a delivery claimed by a worker that crashed before marking it is sent again once its lease runs out")
    func crashBetweenSendAndMarkResendsOnce() async throws {
        let org = try await TestDatabase.newOrganisation("crash")
        let folder = try temporaryDirectory("crash")
        try await addChannel("directory", folder.path, in: org.slug)
        let start = try instant("2026-06-29T07:00:00Z")
        try await publish("2026-W26", in: org.slug, now: start)
        // What a claim does; the worker then "crashes": the row is never marked.
        _ = try await rows(
            """
            UPDATE digest_deliveries SET attempts = attempts + 1, next_attempt_at = $1::timestamptz + interval '600 s'
            """, [start], in: org.slug)
        let worker = try await worker { $0.lease = 600 }

        #expect(
            try await worker.run(organisation: org.slug, now: start.addingTimeInterval(599)).isEmpty,
            "another worker leaves a leased row alone")
        let attempts = try await worker.run(organisation: org.slug, now: start.addingTimeInterval(600))

        #expect(attempts.map(\.result) == [.sent])
        #expect(attempts.first?.attempts == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
        #expect(files.count == 4)
    }

    @Test("e-mail is a multipart/alternative message with a text part and an HTML part, piped to sendmail")
    func emailIsMultipartTextAndHTML() async throws {
        let org = try await TestDatabase.newOrganisation("mail")
        let folder = try temporaryDirectory("mail")
        let sendmail = try captureSendmail(into: folder)
        try await addChannel("email", "Sponsor@Example.com", in: org.slug)
        let now = try instant("2026-06-29T07:00:00Z")
        try await publish("2026-W26", in: org.slug, now: now)

        let attempts = try await worker {
            $0.sendmail = sendmail; $0.mailFrom = "radar@radar.example.org"
        }
        .run(organisation: org.slug, now: now)

        #expect(attempts.map(\.result) == [.sent])
        let mails = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
        try #require(mails.count == 1)
        let message = try String(contentsOf: folder.appendingPathComponent(mails[0]), encoding: .utf8)
        let mail = try #require(ParsedMail(message))
        #expect(mail.headers["To"] == "sponsor@example.com")
        #expect(mail.headers["From"] == "radar@radar.example.org")
        #expect(mail.headers["Subject"] == "Risk digest for \(org.name), week 2026-W26")
        #expect(mail.headers["Date"] == "Mon, 29 Jun 2026 07:00:00 +0000")
        #expect(mail.headers["MIME-Version"] == "1.0")
        let messageID = try #require(mail.headers["Message-ID"])
        #expect(messageID.hasPrefix("<digest.") && messageID.hasSuffix("@radar.example.org>"))
        #expect(mail.headers["Content-Type"]?.hasPrefix("multipart/alternative; boundary=") == true)
        #expect(
            mail.parts.map { $0.headers["Content-Type"] } == [
                "text/plain; charset=utf-8",
                "text/html; charset=utf-8",
            ])
        #expect(mail.parts.allSatisfy { $0.headers["Content-Transfer-Encoding"] == "base64" })
        #expect(message.split(separator: "\n").allSatisfy { $0.count <= 998 })
        let week = try #require(ISOWeek("2026-W26"))
        let stored = try await TestDatabase.shared().inOrganisation(org.slug, actor: "test") { tx in
            try DigestArchive(tx).find(week)
        }
        let archived = try #require(stored)
        #expect(mail.parts[0].body == DigestRenderer.render(archived.digest, as: .text))
        #expect(mail.parts[1].body == DigestRenderer.render(archived.digest, as: .html))
    }

    @Test("a mail command that fails leaves the delivery pending with its exit status as the error")
    func failingMailCommandIsRetried() async throws {
        let org = try await TestDatabase.newOrganisation("mailfail")
        try await addChannel("email", "lead@example.com", in: org.slug)
        let now = try instant("2026-06-29T07:00:00Z")
        try await publish("2026-W26", in: org.slug, now: now)

        let attempts = try await worker { $0.sendmail = ["/bin/sh", "-c", "echo mailbox full >&2; exit 75"] }
            .run(organisation: org.slug, now: now)

        #expect(attempts.map(\.result) == [.retrying])
        #expect(attempts.first?.error?.contains("status 75: mailbox full") == true)
    }

    @Test("the directory channel writes the digest as html, txt, md and json, leaving no temporary files")
    func directoryChannelWritesFiles() async throws {
        let org = try await TestDatabase.newOrganisation("files")
        let folder = try temporaryDirectory("files").appendingPathComponent("nested/digests")
        try await addChannel("directory", folder.path, in: org.slug)
        let now = try instant("2026-06-29T07:00:00Z")
        try await publish("2026-W26", in: org.slug, now: now)

        #expect(try await worker().run(organisation: org.slug, now: now).map(\.result) == [.sent])

        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let base = "\(org.slug)-2026-W26"
        #expect(names == ["\(base).html", "\(base).json", "\(base).md", "\(base).txt"])
        let json = try Data(contentsOf: folder.appendingPathComponent("\(base).json"))
        let digest = try Digest.decode(json)
        #expect(digest.week == ISOWeek("2026-W26"))
        #expect(digest.organisation.slug == org.slug)
    }

    @Test("a switched-off channel gets nothing queued and is skipped until it is on again")
    func disabledChannelWaits() async throws {
        let org = try await TestDatabase.newOrganisation("off")
        let folder = try temporaryDirectory("off")
        let channel = try await addChannel("directory", folder.path, in: org.slug)
        let database = try await TestDatabase.shared()
        let now = try instant("2026-06-29T07:00:00Z")
        try await publish("2026-W25", in: org.slug, now: now)
        try await database.inOrganisation(org.slug, actor: "test") { tx in
            _ = try DeliveryChannels(tx).setEnabled(channel.id.uuidString, false)
        }

        #expect(try await worker().run(organisation: org.slug, now: now).isEmpty)
        #expect(try await publish("2026-W26", in: org.slug, now: now).queued == 0)

        try await database.inOrganisation(org.slug, actor: "test") { tx in
            _ = try DeliveryChannels(tx).setEnabled(channel.id.uuidString, true)
        }
        #expect(try await worker().run(organisation: org.slug, now: now).map(\.week.description) == ["2026-W25"])
    }
}

/// A MIME message taken apart: top-level headers and each part's headers and decoded body.
struct ParsedMail {
    struct Part {
        var headers: [String: String]
        var body: String
    }

    var headers: [String: String]
    var parts: [Part]

    init?(_ message: String) {
        guard let split = message.range(of: "\n\n") else { return nil }
        headers = Self.headers(String(message[..<split.lowerBound]))
        guard let type = headers["Content-Type"], let marker = type.range(of: "boundary=\"") else { return nil }
        let boundary = String(type[marker.upperBound...].prefix { $0 != "\"" })
        let body = String(message[split.upperBound...])
        guard body.contains("--\(boundary)--") else { return nil }
        parts = body.components(separatedBy: "--\(boundary)").dropFirst().dropLast().compactMap { chunk in
            let trimmed = chunk.drop { $0 == "\n" }
            guard let end = trimmed.range(of: "\n\n") else { return nil }
            let headers = Self.headers(String(trimmed[..<end.lowerBound]))
            let encoded = trimmed[end.upperBound...].filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: String(encoded)) else { return nil }
            return Part(headers: headers, body: String(decoding: data, as: UTF8.self))
        }
    }

    private static func headers(_ block: String) -> [String: String] {
        var result: [String: String] = [:]
        var last: String?
        for line in block.split(separator: "\n") {
            if line.first == " " || line.first == "\t", let last {
                result[last, default: ""] += String(line.dropFirst())
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                result[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                last = name
            }
        }
        return result
    }
}
