import Crypto
internal import Foundation
import HTTPTypes
internal import OpenAPIRuntime
import RadarAccess

/// Makes every POST with an `Idempotency-Key` safe to retry, per signed-in user: the first request runs and its
/// answer is stored; a retry with the same key and body replays it; the same key while the first still runs is 409
/// (until its lease lapses); the same key with another body is 422. Failed requests (errors, 5xx) release the key
/// so a retry runs again. It sits after `AuthorisationMiddleware`, so a replay is given only to a caller who may
/// still make the request: one whose role was taken away since gets 403 or 404, not the stored answer. The database
/// holds neither the key nor a readable answer: the key is kept as its SHA-256, and the answer (which may quote a
/// fear or a note) is sealed with AES-GCM under a key derived from the caller's own Idempotency-Key.
struct IdempotencyMiddleware: ServerMiddleware {
    let keys: IdempotencyKeys

    /// Response headers worth replaying; the rest (request id, dates) belong to each answer.
    static let replayedHeaders: [HTTPField.Name] = [.contentType, .location]
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard request.method == .post, let key = request.headerFields[.idempotencyKey],
            let principal = RequestScope.current?.principal
        else { return try await next(request, body, metadata) }
        guard (1...200).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isNewline }) else {
            throw APIProblem.validation([.init(field: "Idempotency-Key", message: "must be 1 to 200 ASCII characters")])
        }
        let bytes = try await Self.collect(body, upTo: JSONBodyMiddleware.maximumBody)
        let target = request.path ?? ""
        let path = String(target.prefix { $0 != "?" })
        let hash = Self.hash(method: request.method.rawValue, path: target, body: bytes)
        let secret = Self.scoped(key, method: request.method.rawValue, path: path)
        let scoped = Self.stored(secret)
        switch try await keys.begin(userID: principal.userID, key: scoped, requestHash: hash, now: .now) {
        case .replay(let status, let headers, let sealed):
            // An answer that cannot be opened (erased, or stored before answers were sealed) is one carried out
            // whose answer is gone.
            guard let stored = Self.open(sealed, secret: secret) else {
                throw APIProblem.conflict(
                    "The request with this Idempotency-Key was carried out, but its answer is no longer kept; read "
                        + "the result instead of sending it again.")
            }
            var fields = HTTPFields()
            for (name, value) in headers { if let name = HTTPField.Name(name) { fields[name] = value } }
            fields[Self.replayed] = "true"
            return (HTTPResponse(status: .init(code: status), headerFields: fields), HTTPBody(stored))
        case .inProgress:
            throw APIProblem.conflict(
                "A request with this Idempotency-Key is still running; retry when it has finished.")
        case .mismatch:
            throw APIProblem(
                status: .unprocessableContent, title: "Idempotency key reused",
                detail: "This Idempotency-Key was used for a different request; use a new key.")
        case .carriedOut:
            throw APIProblem.conflict(
                "The request with this Idempotency-Key was carried out, but its answer was lost; read the result "
                    + "instead of sending it again.")
        case .proceed:
            break
        }
        let response: HTTPResponse
        let answer: Data
        do {
            // The write's own transaction marks the key (RadarAPI.inOrganisation), so it is kept once committed.
            let claim = IdempotencyKeys.Claim(userID: principal.userID, key: scoped)
            let (head, responseBody) = try await IdempotencyKeys.Claim.$current.withValue(claim) {
                try await next(request, HTTPBody(bytes), metadata)
            }
            response = head
            answer = try await Self.collect(responseBody, upTo: .max)
        } catch {
            try? await keys.release(userID: principal.userID, key: scoped)
            throw error
        }
        guard response.status.code < 500 else {
            try? await keys.release(userID: principal.userID, key: scoped)
            return (response, HTTPBody(answer))
        }
        var headers: [String: String] = [:]
        for name in Self.replayedHeaders {
            if let value = response.headerFields[name] { headers[name.canonicalName] = value }
        }
        try await keys.complete(
            userID: principal.userID, key: scoped, status: response.status.code, headers: headers,
            body: try Self.seal(answer, secret: secret), now: .now)
        return (response, HTTPBody(answer))
    }

    /// All of `body`'s bytes (none when there is no body).
    static func collect(_ body: HTTPBody?, upTo limit: Int) async throws -> Data {
        guard let body else { return Data() }
        return try await Data(collecting: body, upTo: limit)
    }

    /// The key as stored: the caller's key for this endpoint (method and path), so one key sent to two different
    /// endpoints names two requests, while the same key with another body on the same endpoint is a mismatch.
    static func scoped(_ key: String, method: String, path: String) -> String {
        let endpoint = SHA256.hash(data: Data("\(method) \(path)".utf8)).prefix(8)
        return key + " " + hex(endpoint)
    }

    /// The key as the database keeps it: the SHA-256 of the scoped key, so the table cannot open its own answers.
    static func stored(_ scoped: String) -> String {
        hex(SHA256.hash(data: Data("radar idempotency key\n\(scoped)".utf8)))
    }

    /// The key that seals one answer, derived from the caller's scoped key (which the database never sees).
    static func sealingKey(_ scoped: String) -> SymmetricKey {
        SymmetricKey(data: SHA256.hash(data: Data("radar idempotent answer\n\(scoped)".utf8)))
    }

    /// `answer` sealed with AES-GCM (nonce, ciphertext and tag together).
    static func seal(_ answer: Data, secret scoped: String) throws -> Data {
        guard let combined = try AES.GCM.seal(answer, using: sealingKey(scoped)).combined else {
            throw APIProblem(status: .internalServerError, title: "Internal error", detail: "The answer could not be kept.")
        }
        return combined
    }

    /// The answer `seal` made, or nil when `sealed` is not one (gone, or not sealed with this key).
    static func open(_ sealed: Data, secret scoped: String) -> Data? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed) else { return nil }
        return try? AES.GCM.open(box, using: sealingKey(scoped))
    }

    /// SHA-256 of the method, the path with its query and the body: what makes two requests "the same".
    static func hash(method: String, path: String, body: Data) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(method) \(path)\n".utf8))
        hasher.update(data: body)
        return hex(hasher.finalize())
    }

    /// Bytes as lower-case hexadecimal.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
