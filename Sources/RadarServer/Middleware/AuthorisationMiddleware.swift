internal import Foundation
import HTTPTypes
internal import OpenAPIRuntime
import RadarAccess

/// Enforces each operation's declared permission before its body is even decoded. A caller who is not a member of
/// the organisation in the path gets 404, exactly as for an organisation that does not exist; a member whose role
/// does not allow the operation gets 403.
struct AuthorisationMiddleware: ServerMiddleware {
    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        // Fail closed: an operation the document gives no permission is nobody's.
        guard let requirement = Contract.requirements[operationID] else { throw APIProblem.internalError }
        let permission: Permission
        switch requirement {
        case .open:
            return try await next(request, body, metadata)
        case .signedIn:
            guard RequestScope.current?.principal != nil else { throw APIProblem.unauthenticated }
            return try await next(request, body, metadata)
        case .permission(let needed):
            permission = needed
        }
        guard let principal = RequestScope.current?.principal else { throw APIProblem.unauthenticated }
        guard let slug = metadata.pathParameters["org"].map(String.init), let role = principal.role(in: slug) else {
            throw APIProblem.notFound("No such organisation.")
        }
        guard role.allows(permission) else {
            throw APIProblem.forbidden(
                "The \(role.rawValue) role may not do this (it needs the \(permission.rawValue) "
                    + "permission).")
        }
        let access = OrganisationAccess(slug: slug, principal: principal, role: role)
        return try await OrganisationAccess.$current.withValue(access) { try await next(request, body, metadata) }
    }
}
