internal import Foundation
import Hummingbird
import RadarAccess

/// Checks the bearer token on every `/api/` path except logging in, changing a password and the contract, and puts
/// the caller in the request scope. The token itself is never logged.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = RadarRequestContext
    let tokens: APITokens

    static let publicPaths: Set<String> = [
        "/api/v1/login", "/api/v1/password", "/api/v1/sso/token", "/api/v1/openapi.yaml",
    ]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        let path = request.uri.path
        var scope =
            RequestScope.current
            ?? RequestScope(
                requestID: UUID().uuidString.lowercased(), logger: context.logger, principal: nil)
        scope.clientAddress = context.clientAddress
        guard path.hasPrefix("/api/"), !Self.publicPaths.contains(path) else {
            return try await RequestScope.$current.withValue(scope) { try await next(request, context) }
        }
        guard let header = request.headers[.authorization], header.count > 7,
            header.prefix(7).lowercased() == "bearer "
        else { throw APIProblem.unauthenticated }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        let principal = try await tokens.authenticate(bearer: token, now: .now)
        scope.principal = principal
        scope.logger[metadataKey: "user_id"] = .string(principal.userID.uuidString.lowercased())
        return try await RequestScope.$current.withValue(scope) { try await next(request, context) }
    }
}
