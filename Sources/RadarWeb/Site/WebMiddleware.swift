import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// For every path outside `/api/` and the service's own routes: the security headers, and readable pages instead of errors (404 for unknown
/// paths, 500 for anything unexpected, which is logged by type only, never with the request's content).
struct WebMiddleware<Context: RequestContext>: RouterMiddleware {
    let site: WebSite
    let isServiceRoute: @Sendable (String) -> Bool

    static var securityHeaders: HTTPFields {
        [
            .contentSecurityPolicy: """
            default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
            frame-ancestors 'none'; base-uri 'none'
            """,
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "same-origin",
            HTTPField.Name("X-Frame-Options")!: "DENY",
        ]
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        let path = request.uri.path
        guard !path.hasPrefix("/api/"), !isServiceRoute(path) else { return try await next(request, context) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            response = bare(.notFound)
        } catch let error as WebError {
            response = bare(error)
        } catch {
            site.logger.error(
                "page failed",
                metadata: [
                    "path": .string(request.uri.path), "error_type": .string(String(describing: type(of: error))),
                ])
            response = errorPage(
                status: .internalServerError, title: "Something went wrong",
                explanation: "The page could not be made. Nothing you sent was half-saved; try again in a moment.")
        }
        for field in Self.securityHeaders { response.headers[field.name] = field.value }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    private func bare(_ error: WebError) -> Response {
        errorPage(status: error.status, title: error.title, explanation: error.explanation)
    }

    /// An error page without the signed-in layout (the session is not known here).
    private func errorPage(status: HTTPResponse.Status, title: String, explanation: String) -> Response {
        let html =
            (try? site.templates.render(
                "error", ["title": title, "heading": title, "explanation": explanation]))
            ?? "<!doctype html><title>\(status.code)</title><p>\(status.code)</p>"
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
