import AsyncHTTPClient
import Foundation
import Synchronization

/// One delivery on its way: the digest and where it goes. Couriers never log its content.
struct Parcel: Sendable {
    var deliveryID: UUID
    var digest: Digest
    var kind: ChannelKind
    var target: String
    /// When the worker sends it: the e-mail's Date header.
    var now: Date
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
        switch parcel.kind {
        case .email:
            let mail = DigestMail(digest: parcel.digest, to: parcel.target, from: configuration.mailFrom,
                                  date: parcel.now, deliveryID: parcel.deliveryID)
            let message = mail.message()
            let command = configuration.sendmail
            let timeout = configuration.mailTimeout
            try await offTheLoop { try Self.pipe(message, to: command, timeout: timeout) }
        case .webhook:
            try await post(parcel)
        case .directory:
            let digest = parcel.digest
            let directory = parcel.target
            try await offTheLoop { try Self.write(digest, into: directory) }
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
            throw DeliveryFailure(description: "the mail command \(program) exited with status "
                                  + "\(process.terminationStatus)\(detail)")
        }
        if let writeError {
            throw DeliveryFailure(description: "the mail command \(program) did not read the whole message: "
                                  + "\(writeError.localizedDescription)")
        }
    }

    /// Writes `<org>-<week>.{html,txt,md,json}` into `directory`, each through a temporary file renamed into place,
    /// so a reader never sees half a file.
    static func write(_ digest: Digest, into directory: String) throws {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DeliveryFailure(
                description: "cannot create the directory \(directory): \(error.localizedDescription)")
        }
        let base = "\(digest.organisation.slug)-\(digest.week)"
        for format in [DigestFormat.html, .text, .markdown, .json] {
            let name = "\(base).\(format.fileExtension)"
            let temporary = folder.appendingPathComponent(".\(name).\(UUID().uuidString.lowercased()).tmp")
            let final = folder.appendingPathComponent(name)
            do {
                try Data(DigestRenderer.render(digest, as: format).utf8).write(to: temporary)
                guard rename(temporary.path, final.path) == 0 else {
                    throw DeliveryFailure(description: String(cString: strerror(errno)))
                }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw DeliveryFailure(description: "cannot write \(final.path): \(error)")
            }
        }
    }

    /// POSTs the digest's JSON; a 5xx, 408 or 429 answer or a network error is tried again after a pause.
    private func post(_ parcel: Parcel) async throws {
        let body = Array(DigestRenderer.render(parcel.digest, as: .json).utf8)
        var request = HTTPClientRequest(url: parcel.target)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: DigestFormat.json.mediaType)
        request.headers.add(name: "User-Agent", value: "commitment-radar")
        // Receivers can drop a resend (at-least-once delivery) by this key.
        request.headers.add(name: "X-Radar-Delivery", value: parcel.deliveryID.uuidString.lowercased())
        request.headers.add(name: "X-Radar-Organisation", value: parcel.digest.organisation.slug)
        request.headers.add(name: "X-Radar-Week", value: parcel.digest.week.description)
        request.body = .bytes(body)
        var pause = configuration.webhookRetryDelay
        var lastFailure = DeliveryFailure(description: "the webhook was not tried")
        for attempt in 1...max(1, configuration.webhookTries) {
            if attempt > 1 {
                try await Task.sleep(for: .milliseconds(Int(pause * 1000)))
                pause *= 2
            }
            do {
                let response = try await HTTPClient.shared.execute(
                    request, timeout: .milliseconds(Int64(configuration.webhookTimeout * 1000)))
                // Read (and drop) a bounded answer so the connection can be reused.
                _ = try? await response.body.collect(upTo: 64 * 1024)
                let status = Int(response.status.code)
                if (200..<300).contains(status) { return }
                lastFailure = DeliveryFailure(
                    description: "the webhook answered \(status) \(response.status.reasonPhrase)")
                guard status >= 500 || status == 408 || status == 429 else { throw lastFailure }
            } catch let failure as DeliveryFailure {
                throw failure
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                lastFailure = DeliveryFailure(description: "the webhook could not be reached: \(error)")
            }
        }
        throw lastFailure
    }
}

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
