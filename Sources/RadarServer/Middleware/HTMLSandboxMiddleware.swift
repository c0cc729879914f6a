import HTTPTypes
import Hummingbird

/// Gives an HTML answer of the API (a digest as `text/html`) a Content-Security-Policy that lets it style itself
/// and nothing else: no script, no outside resource, no framing, no form. The digest is made of people's own
/// words, so a browser opening it must treat it as a document, never as an application.
struct HTMLSandboxMiddleware: RouterMiddleware {
    typealias Context = RadarRequestContext

    static let policy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; "
        + "form-action 'none'"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        if request.uri.path.hasPrefix("/api/"), response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.headers[.contentSecurityPolicy] = Self.policy
            response.headers[.xContentTypeOptions] = "nosniff"
        }
        return response
    }
}
