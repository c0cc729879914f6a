import Crypto
internal import Foundation
import HTTPTypes
import Hummingbird

/// Who may read `/metrics`: everyone with the bearer token the operator set (`RADAR_METRICS_TOKEN`), or, when none
/// is set, only callers on the same machine. The metrics name routes, rule timings and how many flags are open, so
/// they are not for the open internet.
package enum MetricsAccess: Sendable, Equatable {
    /// Callers whose address is 127.0.0.0/8 or ::1.
    case loopbackOnly
    /// Callers sending `Authorization: Bearer <token>`.
    case token(String)
}

/// Refuses `/metrics` to callers `MetricsAccess` does not admit: 401 without the right token, 403 from elsewhere.
struct MetricsAccessMiddleware: RouterMiddleware {
    typealias Context = RadarRequestContext
    let access: MetricsAccess

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // Other methods go on to the 405 every operations endpoint gives them.
        guard request.uri.path == "/metrics", request.method == .get || request.method == .head else {
            return try await next(request, context)
        }
        switch access {
        case .token(let expected):
            let sent = request.headers[.authorization].flatMap { header in
                header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)) : nil
            }
            guard let sent, Self.digest(sent) == Self.digest(expected) else {
                throw APIProblem(
                    status: .unauthorized, title: "Unauthorized",
                    detail: "Send the metrics token as `Authorization: Bearer <token>`.")
            }
        case .loopbackOnly:
            guard TrustedProxies.loopback.trusts(context.clientAddress) else {
                throw APIProblem(
                    status: .forbidden, title: "Forbidden",
                    detail: "The metrics are served to this machine only, unless RADAR_METRICS_TOKEN is set.")
            }
        }
        return try await next(request, context)
    }

    // Comparing digests keeps the comparison's time independent of where the texts first differ.
    static func digest(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Data(text.utf8))) }
}
