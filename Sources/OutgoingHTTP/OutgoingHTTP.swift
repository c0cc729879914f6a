import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The sessions the service's outgoing requests go through (webhooks, OpenID providers, calendar feeds): nothing is
/// kept between requests, no cookies and no cache.
public enum OutgoingHTTP {
    /// Follows no redirect: the request goes only to the address configured (a redirect could send it elsewhere, or
    /// to plain http), and a 3xx answer fails the request, saying what it answered.
    public static let refusingRedirects = session(delegate: RefusingRedirects())

    /// Follows redirects as URLSession does, for addresses that legitimately move (published calendars).
    public static let followingRedirects = session(delegate: nil)

    private static func session(delegate: (any URLSessionDelegate)?) -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        return URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }
}

/// Declines every redirect.
private final class RefusingRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
