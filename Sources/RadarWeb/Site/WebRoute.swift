import HTTPTypes
import Hummingbird
import RadarAccess

/// Who may open a route.
public enum PageAccess: Sendable {
    /// Anyone, signed in or not (the login page, assets).
    case anyone
    /// A signed-in member whose role in the current organisation allows the permission; anonymous visitors are sent
    /// to the login page, members without it get the 403 page.
    case member(Permission)
}

/// One method and path of the site, who may use it, and the handler. Every POST route is checked for the
/// session's CSRF token before its handler runs.
public struct WebRoute: Sendable {
    public var method: HTTPRequest.Method
    /// A Hummingbird path such as `/stakeholders/:id`.
    public var path: String
    public var access: PageAccess
    public var handler: @Sendable (PageRequest) async throws -> Response

    public init(
        _ method: HTTPRequest.Method, _ path: String, access: PageAccess,
        _ handler: @escaping @Sendable (PageRequest) async throws -> Response
    ) {
        self.method = method
        self.path = path
        self.access = access
        self.handler = handler
    }

    /// A GET route.
    public static func get(
        _ path: String, _ access: PageAccess, _ handler: @escaping @Sendable (PageRequest) async throws -> Response
    ) -> WebRoute {
        WebRoute(.get, path, access: access, handler)
    }

    /// A POST route (its form is CSRF-checked before `handler` runs).
    public static func post(
        _ path: String, _ access: PageAccess, _ handler: @escaping @Sendable (PageRequest) async throws -> Response
    ) -> WebRoute {
        WebRoute(.post, path, access: access, handler)
    }
}
