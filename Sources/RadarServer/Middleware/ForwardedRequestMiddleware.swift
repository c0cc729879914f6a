internal import Foundation
import HTTPTypes
import Hummingbird

/// Reads what a trusted proxy says about a request before anything else looks at it: the caller's address
/// (`X-Forwarded-For`, into the context) and whether the browser reached the proxy over TLS
/// (`X-Forwarded-Proto: https`), in which case the answer tells browsers to use https only (HSTS). From any other
/// peer both headers are ignored.
struct ForwardedRequestMiddleware: RouterMiddleware {
    typealias Context = RadarRequestContext
    let proxies: TrustedProxies

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    /// A year, the value HSTS preload lists ask for; sub-domains are left to the operator's own policy.
    static let strictTransportSecurity = "max-age=31536000"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let peer = context.remoteAddress?.ipAddress
        guard let peer, proxies.trusts(peer) else { return try await next(request, context) }
        var context = context
        context.clientAddress = proxies.client(peer: peer, forwardedFor: request.headers[values: Self.forwardedFor])
        // The proxy that faced the browser wrote the right-most value.
        let overTLS =
            request.headers[values: Self.forwardedProto].flatMap { $0.split(separator: ",") }.last?
            .trimmingCharacters(in: .whitespaces).lowercased() == "https"
        var response = try await next(request, context)
        // Answers that are errors reach here as responses too: the problem middleware runs inside this one.
        if overTLS { response.headers[.strictTransportSecurity] = Self.strictTransportSecurity }
        return response
    }
}
