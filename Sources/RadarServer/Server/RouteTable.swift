import HTTPTypes
import Hummingbird
internal import OpenAPIRuntime
import Synchronization

/// Every route the generated server registered, by path template, so unsupported methods get 405 with `Allow`.
final class RouteTable: Sendable {
    private let routes = Mutex<[(template: String, method: HTTPRequest.Method)]>([])

    func add(_ template: String, _ method: HTTPRequest.Method) {
        routes.withLock { $0.append((template, method)) }
    }

    /// Every (template, method) pair, in registration order.
    var all: [(template: String, method: HTTPRequest.Method)] { routes.withLock { $0 } }

    /// The methods registered for whichever template matches `path`; empty when no template does.
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let parts = Self.split(path)
        return routes.withLock { routes in
            routes.filter { Self.matches(Self.split($0.template), parts) }.map(\.method)
        }
    }

    private static func split(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func matches(_ template: [Substring], _ parts: [Substring]) -> Bool {
        template.count == parts.count
            && zip(template, parts).allSatisfy { $0.hasPrefix(":") || $0.hasPrefix("{") || $0 == $1 }
    }
}

/// A `ServerTransport` that registers on a router and records each route in a `RouteTable`.
struct RecordingTransport<Context: RequestContext>: ServerTransport {
    let router: Router<Context>
    let table: RouteTable

    func register(
        _ handler:
            @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPResponse, HTTPBody?
            ),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        table.add(path, method)
        router.register(handler, method: method, path: path)
    }
}
