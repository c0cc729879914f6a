import Foundation
import OutgoingHTTP
import RadarDomain
#if canImport(FoundationNetworking)
// On Linux, URLSession lives here and speaks HTTP through the system's libcurl (and its TLS).
import FoundationNetworking
#endif
import Synchronization

/// One delivery on its way: a digest or an owner's notice, and where it goes. Couriers never log its content.
struct Parcel: Sendable {
    /// What travels.
    enum Content: Sendable {
        case digest(Digest)
        case notice(OwnerNotice)
    }

    var deliveryID: UUID
    var content: Content
    var kind: ChannelKind
    var target: String
    /// When the worker sends it: the e-mail's Date header.
    var now: Date

    init(deliveryID: UUID, digest: Digest, kind: ChannelKind, target: String, now: Date) {
        self.init(deliveryID: deliveryID, content: .digest(digest), kind: kind, target: target, now: now)
    }

    init(deliveryID: UUID, content: Content, kind: ChannelKind, target: String, now: Date) {
        self.deliveryID = deliveryID
        self.content = content
        self.kind = kind
        self.target = target
        self.now = now
    }

    /// The headers a webhook receiver can sort deliveries by.
    var headers: [String: String] {
        switch content {
        case .digest(let digest):
            ["X-Radar-Organisation": digest.organisation.slug, "X-Radar-Week": digest.week.description]
        case .notice(let notice):
            ["X-Radar-Organisation": notice.organisation, "X-Radar-Notice-Day": notice.day.description]
        }
    }
}

/// Why one delivery attempt failed, in words fit for `last_error` (never the digest's content).
struct DeliveryFailure: Error, CustomStringConvertible {
    var description: String
}

/// Takes parcels to each kind of channel. Blocking work (a process, the file system) runs on Dispatch's
/// threads, never on an event loop or the cooperative pool.
struct Couriers: Sendable {
    var configuration: DeliveryConfiguration

    func deliver(_ parcel: Parcel) async throws {
        guard case .digest(let digest) = parcel.content else { return try await deliverNotice(parcel) }
        switch parcel.kind {
        case .email:
            let mail = DigestMail(
                digest: digest, to: parcel.target, from: configuration.mailFrom,
                date: parcel.now, deliveryID: parcel.deliveryID)
            let message = mail.message()
            let command = configuration.sendmail
            let timeout = configuration.mailTimeout
            try await offTheLoop { try Self.pipe(message, to: command, timeout: timeout) }
        case .webhook:
            try await post(parcel, body: Data(DigestRenderer.render(digest, as: .json).utf8))
        case .slack:
            try await post(parcel, body: try Self.json(SlackMessage.payload(summary(of: digest))))
        case .teams:
            try await post(parcel, body: try Self.json(TeamsMessage.payload(summary(of: digest))))
        case .directory:
            let directory = parcel.target
            try await offTheLoop { try Self.write(digest, into: directory) }
        }
    }

    /// An owner's notice, in each channel's form: the whole text by e-mail and in a directory, the notice as JSON
    /// to a webhook, the three most important changes to Slack and Teams.
    private func deliverNotice(_ parcel: Parcel) async throws {
        guard case .notice(let notice) = parcel.content else { return }
        switch parcel.kind {
        case .email:
            let message = NoticeMail(
                notice: notice, to: parcel.target, from: configuration.mailFrom, date: parcel.now,
                deliveryID: parcel.deliveryID
            ).message()
            let command = configuration.sendmail
            let timeout = configuration.mailTimeout
            try await offTheLoop { try Self.pipe(message, to: command, timeout: timeout) }
        case .webhook:
            try await post(parcel, body: try OwnerNotice.encoder.encode(notice))
        case .slack:
            try await post(parcel, body: try Self.json(SlackMessage.payload(ChatSummary(notice))))
        case .teams:
            try await post(parcel, body: try Self.json(TeamsMessage.payload(ChatSummary(notice))))
        case .directory:
            let directory = parcel.target
            try await offTheLoop { try Self.write(notice, into: directory) }
        }
    }

    /// Runs blocking `work` on a Dispatch thread and waits for it without holding a cooperative thread.
    private func offTheLoop(_ work: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// Pipes `message` to the mail command; a non-zero exit or a timeout is a failure.
    static func pipe(_ message: String, to command: [String], timeout: Double) throws {
        guard let program = command.first else { throw DeliveryFailure(description: "no mail command configured") }
        // A reader that exits early must fail the delivery, not end this process.
        _ = ignoreBrokenPipes
        let process = Process()
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(command.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
        }
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw DeliveryFailure(description: "cannot run the mail command \(program): \(error.localizedDescription)")
        }
        let errorText = LockedText()
        let readErrors = DispatchWorkItem { errorText.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        DispatchQueue.global().async(execute: readErrors)
        // SIGKILL: a child of this process inherits a signal mask that may block SIGTERM.
        let timer = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        var writeError: (any Error)?
        do {
            try input.fileHandleForWriting.write(contentsOf: Data(message.utf8))
        } catch {
            writeError = error
        }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        timer.cancel()
        readErrors.wait()
        let detail = errorText.firstLine.map { ": \($0)" } ?? ""
        guard process.terminationReason == .exit else {
            throw DeliveryFailure(description: "the mail command \(program) was stopped after \(Int(timeout)) s")
        }
        guard process.terminationStatus == 0 else {
            throw DeliveryFailure(
                description: "the mail command \(program) exited with status "
                    + "\(process.terminationStatus)\(detail)")
        }
        if let writeError {
            throw DeliveryFailure(
                description: "the mail command \(program) did not read the whole message: "
                    + "\(writeError.localizedDescription)")
        }
    }

    /// Writes `<org>-<week>.{html,txt,md,json}` into `directory`, each through a temporary file renamed into place,
    /// so a reader never sees half a file.
    static func write(_ digest: Digest, into directory: String) throws {
        let base = "\(digest.organisation.slug)-\(digest.week)"
        try writeFiles(
            [DigestFormat.html, .text, .markdown, .json].map {
                ("\(base).\($0.fileExtension)", Data(DigestRenderer.render(digest, as: $0).utf8))
            }, into: directory)
    }

    /// Writes `<org>-<day>-<owner>.{txt,json}` into `directory`, each through a temporary file renamed into place.
    static func write(_ notice: OwnerNotice, into directory: String) throws {
        let owner = notice.owner.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let base = "\(notice.organisation)-\(notice.day)-\(String(owner))"
        try writeFiles(
            [("\(base).txt", Data(NoticeText.render(notice).utf8)), ("\(base).json", try OwnerNotice.encoder.encode(notice))],
            into: directory)
    }

    /// Writes each named file into `directory` through a temporary file renamed into place.
    static func writeFiles(_ files: [(String, Data)], into directory: String) throws {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DeliveryFailure(
                description: "cannot create the directory \(directory): \(error.localizedDescription)")
        }
        for (name, data) in files {
            let temporary = folder.appendingPathComponent(".\(name).\(UUID().uuidString.lowercased()).tmp")
            let final = folder.appendingPathComponent(name)
            do {
                try data.write(to: temporary)
                guard rename(temporary.path, final.path) == 0 else {
                    throw DeliveryFailure(description: String(cString: strerror(errno)))
                }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw DeliveryFailure(description: "cannot write \(final.path): \(error)")
            }
        }
    }

    /// The chat rooms' short form of `digest`, linking to its page when the service's address is configured.
    private func summary(of digest: Digest) -> ChatSummary {
        ChatSummary(digest, publicURL: configuration.publicURL)
    }

    static func json(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// POSTs `body` (JSON); a 5xx, 408 or 429 answer or a network error is tried again after a pause.
    private func post(_ parcel: Parcel, body: Data) async throws {
        // Checked again at sending: a channel stored before plain http was refused must not go out in the clear.
        guard let url = URL(string: parcel.target), let scheme = url.scheme?.lowercased(), let host = url.host,
            ChannelKind.isSecureWebhook(scheme: scheme, host: host)
        else {
            throw DeliveryFailure(
                description: "the webhook address is not an https URL (plain http goes only to this machine)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("commitment-radar", forHTTPHeaderField: "User-Agent")
        // Receivers can drop a resend (at-least-once delivery) by this key.
        request.setValue(parcel.deliveryID.uuidString.lowercased(), forHTTPHeaderField: "X-Radar-Delivery")
        for (name, value) in parcel.headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        // libcurl counts this in whole seconds (0.5 would mean "at once"); `send` keeps the exact limit.
        request.timeoutInterval = (configuration.webhookTimeout + 1).rounded(.up)
        var pause = configuration.webhookRetryDelay
        var lastFailure = DeliveryFailure(description: "the webhook was not tried")
        for attempt in 1...max(1, configuration.webhookTries) {
            if attempt > 1 {
                try await Task.sleep(for: .milliseconds(Int(pause * 1000)))
                pause *= 2
            }
            do {
                let response = try await send(request, within: configuration.webhookTimeout)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200..<300).contains(status) { return }
                lastFailure = DeliveryFailure(
                    description: "the webhook answered \(status) "
                        + HTTPURLResponse.localizedString(forStatusCode: status))
                guard status >= 500 || status == 408 || status == 429 else { throw lastFailure }
            } catch let failure as DeliveryFailure {
                throw failure
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as URLError where error.code == .cancelled {
                throw CancellationError()
            } catch is WebhookTimedOut {
                lastFailure = DeliveryFailure(
                    description: "the webhook did not answer within \(configuration.webhookTimeout.plainText) s")
            } catch {
                lastFailure = DeliveryFailure(
                    description: "the webhook could not be reached: \(error.localizedDescription)")
            }
        }
        throw lastFailure
    }

    /// Sends `request` and waits for its answer for at most `seconds` in all, whatever the receiver trickles.
    private func send(_ request: URLRequest, within seconds: Double) async throws -> URLResponse {
        try await withThrowingTaskGroup(of: URLResponse.self) { group in
            group.addTask {
                do {
                    return try await webhookSession.data(for: request).1
                } catch let error as URLError where error.code == .timedOut {
                    throw WebhookTimedOut()
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                throw WebhookTimedOut()
            }
            defer { group.cancelAll() }
            guard let response = try await group.next() else { throw WebhookTimedOut() }
            return response
        }
    }
}

/// The webhook's answer did not come within the configured time.
private struct WebhookTimedOut: Error {}

/// The one session every webhook goes through: nothing kept between deliveries, no redirect followed, so the
/// digest goes only to the address an administrator configured.
private let webhookSession = OutgoingHTTP.refusingRedirects

/// Ignores SIGPIPE once for the process, so writing to a mail command that has exited fails with EPIPE.
private let ignoreBrokenPipes: Void = {
    signal(SIGPIPE, SIG_IGN)
}()

/// What the mail command said on stderr: one thread writes it, another reads it after waiting.
private final class LockedText: Sendable {
    private let data = Mutex(Data())

    func set(_ value: Data) {
        data.withLock { $0 = value }
    }

    /// The first non-empty line, cut to 200 characters.
    var firstLine: String? {
        let text = data.withLock { String(decoding: $0, as: UTF8.self) }
        return text.split(whereSeparator: \.isNewline).first.map { String($0.prefix(200)) }
    }
}
