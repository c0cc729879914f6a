internal import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The outermost layer: gives each request an id (echoing a sane `X-Request-ID`), logs one line per request, counts
/// it in the metrics by route template, and marks every answer `Cache-Control: no-store`. Logs carry the method, route,
/// status and duration, never headers, bodies or query strings (which may hold tokens, passwords or notes).
struct ObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        let requestID = Self.requestID(from: request.headers[.requestID])
        var logger = logger
        logger[metadataKey: "request_id"] = .string(requestID)
        let scope = RequestScope(requestID: requestID, logger: logger, principal: nil)
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await RequestScope.$current.withValue(scope) { try await next(request, context) }
        } catch {
            // The problem middleware answers every error; this is the last resort if something escaped it.
            logger.error("request failed outside the problem middleware", metadata: ["error": "\(type(of: error))"])
            response = APIProblem.internalError.response(instance: request.uri.path)
        }
        response.headers[.requestID] = requestID
        response.headers[.cacheControl] = "no-store"
        let duration = ContinuousClock.now - started
        let route = Self.route(context.endpointPath)
        metrics.request(
            route: route, method: request.method.rawValue, status: response.status.code,
            duration: duration)
        logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(route),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible(Int(duration / .milliseconds(1))),
            ])
        return response
    }

    /// The route template as a metrics label; requests that matched no route share one label.
    static func route(_ endpointPath: String?) -> String {
        guard let endpointPath, endpointPath != "NotFound" else { return "unmatched" }
        return endpointPath
    }

    /// The caller's request id if it is short and plain, otherwise a new one.
    static func requestID(from header: String?) -> String {
        if let header, (1...128).contains(header.count),
            header.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) })
        {
            return header
        }
        return UUID().uuidString.lowercased()
    }
}
