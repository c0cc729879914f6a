internal import Foundation
import HTTPTypes
import Hummingbird
import Logging
internal import OpenAPIRuntime

/// Answers every error as RFC 9457 problem details: the one place where errors become HTTP responses. Paths that
/// exist with other methods get 405 with `Allow`; paths that do not exist get a 404 problem.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            return unmatched(request).response(instance: request.uri.path)
        } catch {
            let logger = RequestScope.current?.logger ?? Logger(label: "radar.server")
            guard let problem = APIProblem.translating(error) else {
                // Only the error's type and our own description: never the request, which may hold secrets.
                logger.error(
                    "unexpected error",
                    metadata: [
                        "error_type": .string(String(describing: type(of: error))),
                        "error": .string(Self.loggable(error)),
                    ])
                return APIProblem.internalError.response(instance: request.uri.path)
            }
            if problem.status.code >= 500 {
                logger.warning(
                    "answered with \(problem.status.code)",
                    metadata: [
                        "error_type": .string(String(describing: type(of: error)))
                    ])
            }
            return problem.response(instance: request.uri.path)
        }
    }

    /// 405 when the path is known under other methods, else 404.
    private func unmatched(_ request: Request) -> APIProblem {
        let methods = routes.methods(matching: request.uri.path)
        guard !methods.isEmpty else {
            return .notFound("There is nothing at this path.")
        }
        let allow = Self.allowHeader(methods)
        return APIProblem(
            status: .methodNotAllowed, title: "Method not allowed",
            detail: "This path answers \(allow) only.", headers: [.allow: allow])
    }

    static func allowHeader(_ methods: [HTTPRequest.Method]) -> String {
        var names = Set(methods.map(\.rawValue))
        if names.contains("GET") { names.insert("HEAD") }
        return names.sorted().joined(separator: ", ")
    }

    /// A one-line description for the log; for errors from the generated server, that of the underlying error.
    static func loggable(_ error: any Error) -> String {
        // A ServerError's own description includes the decoded input, which may hold notes and fear statements.
        if let error = error as? ServerError { return "\(error.causeDescription); " + loggable(error.underlyingError) }
        return String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init)?.prefix(300)
            .description ?? ""
    }
}
