import Hummingbird
import NIOCore

/// The request context of the service: Hummingbird's core storage plus the caller's address (for login throttling).
package struct RadarRequestContext: RequestContext, RemoteAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    package let remoteAddress: SocketAddress?
    /// The caller's IP address as text, or "unknown" (in-process tests have no socket): the socket's peer, or the
    /// client a trusted proxy named (`ForwardedRequestMiddleware`).
    package var clientAddress: String

    package init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
        clientAddress = remoteAddress?.ipAddress ?? "unknown"
    }
}
