import Crypto
internal import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RadarAccess
import Synchronization

/// Makes every POST with an `Idempotency-Key` safe to retry, per signed-in user: the first request runs and its
/// answer is stored; a retry with the same key and body replays it; the same key while the first still runs is 409;
/// the same key with another body is 422. Failed requests (errors, 5xx) release the key so a retry runs again.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = RadarRequestContext
    let keys: IdempotencyKeys

    /// Response headers worth replaying; the rest (request id, dates) belong to each answer.
    static let replayedHeaders: [HTTPField.Name] = [.contentType, .location]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        guard request.method == .post, context.endpointPath != nil, let key = request.headers[.idempotencyKey],
            let principal = RequestScope.current?.principal
        else { return try await next(request, context) }
        guard (1...200).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isNewline }) else {
            throw APIProblem.validation([.init(field: "Idempotency-Key", message: "must be 1 to 200 ASCII characters")])
        }
        var request = request
        let body = try await request.collectBody(upTo: JSONBodyMiddleware.maximumBody)
        let hash = Self.hash(method: request.method.rawValue, path: request.uri.description, body: body)
        let scoped = Self.scoped(key, method: request.method.rawValue, path: request.uri.path)
        switch try await keys.begin(userID: principal.userID, key: scoped, requestHash: hash, now: .now) {
        case .replay(let status, let headers, let stored):
            var fields = HTTPFields()
            for (name, value) in headers { if let name = HTTPField.Name(name) { fields[name] = value } }
            fields[HTTPField.Name("Idempotent-Replayed")!] = "true"
            return Response(
                status: .init(code: status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: stored)))
        case .inProgress:
            throw APIProblem.conflict(
                "A request with this Idempotency-Key is still running; retry when it has finished.")
        case .mismatch:
            throw APIProblem(
                status: .unprocessableContent, title: "Idempotency key reused",
                detail: "This Idempotency-Key was used for a different request; use a new key.")
        case .proceed:
            break
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            try? await keys.release(userID: principal.userID, key: scoped)
            throw error
        }
        guard response.status.code < 500 else {
            try? await keys.release(userID: principal.userID, key: scoped)
            return response
        }
        let collected = try await Self.collect(response.body)
        var headers: [String: String] = [:]
        for name in Self.replayedHeaders {
            if let value = response.headers[name] { headers[name.canonicalName] = value }
        }
        try await keys.complete(
            userID: principal.userID, key: scoped, status: response.status.code, headers: headers,
            body: Data(collected.readableBytesView), now: .now)
        var answer = response
        answer.body = ResponseBody(byteBuffer: collected)
        return answer
    }

    /// SHA-256 of the method, the path with its query and the body: what makes two requests "the same".
    /// The key as stored: the caller's key for this endpoint (method and path), so one key sent to two different
    /// endpoints names two requests, while the same key with another body on the same endpoint is a mismatch.
    static func scoped(_ key: String, method: String, path: String) -> String {
        let endpoint = SHA256.hash(data: Data("\(method) \(path)".utf8)).prefix(8)
        return key + " " + endpoint.map { String(format: "%02x", $0) }.joined()
    }

    static func hash(method: String, path: String, body: ByteBuffer) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(method) \(path)\n".utf8))
        hasher.update(data: Data(body.readableBytesView))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The whole body of a response, which the generated server has already produced in memory.
    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let sink = CollectingWriter()
        try await body.write(sink)
        return sink.buffer.withLock { $0 }
    }
}

/// A response body writer that keeps what is written.
final class CollectingWriter: ResponseBodyWriter, Sendable {
    let buffer = Mutex(ByteBuffer())

    func write(_ part: ByteBuffer) async throws {
        _ = buffer.withLock { $0.writeImmutableBuffer(part) }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
