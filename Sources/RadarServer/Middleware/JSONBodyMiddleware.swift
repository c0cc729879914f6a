internal import Foundation
import Hummingbird
import RadarDomain

/// Guards the writes of the API before any decoding: a body, if any, must be JSON (415 otherwise), at most 1 MiB
/// (413), and no text in it may hold a NUL character, which PostgreSQL cannot store, and no field may be null (422
/// naming the field). Requests that match no route pass untouched, so a wrong method is answered 405 rather than
/// judged by its body.
struct JSONBodyMiddleware: RouterMiddleware {
    typealias Context = RadarRequestContext
    static let maximumBody = 1 << 20

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        // The router names the endpoint before the middleware runs; nil means no route has this path and method.
        guard request.uri.path.hasPrefix("/api/"), [.post, .put, .patch].contains(request.method),
            context.endpointPath != nil
        else {
            return try await next(request, context)
        }
        // A request with no body at all (logging out) has no media type to judge; an operation that needs a body
        // refuses the missing one itself.
        if request.headers[.contentType] == nil, request.headers[.transferEncoding] == nil,
            request.headers[.contentLength].map({ $0 == "0" }) ?? true
        {
            return try await next(request, context)
        }
        guard let type = request.headers[.contentType].flatMap(MediaType.init(from:)),
            type.type == .application, type.subType == "json" || type.subType.hasSuffix("+json")
        else {
            throw APIProblem(
                status: .unsupportedMediaType, title: "Unsupported media type",
                detail: "Send the body as application/json.")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maximumBody)
        } catch {
            throw APIProblem(
                status: .contentTooLarge, title: "Content too large",
                detail: "The body may be at most \(Self.maximumBody) bytes.")
        }
        let bytes = Data(body.readableBytesView)
        let mayHoldNUL = bytes.range(of: Data("\\u0000".utf8)) != nil
        // Only bodies that may hold a NUL or a null are parsed here; the generated decoder reads the rest.
        if mayHoldNUL || bytes.range(of: Data("null".utf8)) != nil {
            if let value = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]) {
                let problems = Self.problems(in: value, path: "")
                if !problems.isEmpty { throw APIProblem.validation(problems) }
            } else if mayHoldNUL {
                throw APIProblem.validation([
                    ValidationProblem(field: "body", message: "must not contain the NUL character")
                ])
            }
        }
        return try await next(request, context)
    }

    /// Every string (value or key) that holds NUL, which PostgreSQL cannot store, and every explicit null, which the
    /// document never allows in a request (a field is left out instead), by JSON path.
    static func problems(in value: Any, path: String) -> [ValidationProblem] {
        let field = path.isEmpty ? "body" : path
        switch value {
        case is NSNull:
            return [ValidationProblem(field: field, message: "must not be null; leave the field out instead")]
        case let text as String:
            return text.contains("\u{0}")
                ? [ValidationProblem(field: field, message: "must not contain the NUL character")]
                : []
        case let array as [Any]:
            return array.enumerated().flatMap { problems(in: $1, path: "\(field)[\($0)]") }
        case let object as [String: Any]:
            return object.sorted { $0.key < $1.key }.flatMap { key, value in
                let child = path.isEmpty ? key : "\(path).\(key)"
                return key.contains("\u{0}")
                    ? [ValidationProblem(field: child, message: "must not contain the NUL character")]
                    : problems(in: value, path: child)
            }
        default:
            return []
        }
    }
}
