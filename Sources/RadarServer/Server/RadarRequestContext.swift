import Hummingbird
import NIOCore

/// The request context of the service: Hummingbird's core storage plus the caller's address (for login throttling).
package struct RadarRequestContext: RequestContext, RemoteAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    package let remoteAddress: SocketAddress?

    package init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The caller's IP address as text, or "unknown" (in-process tests have no socket).
    package var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
