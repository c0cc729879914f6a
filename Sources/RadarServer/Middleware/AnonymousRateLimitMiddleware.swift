import HTTPTypes
import Hummingbird
import Synchronization

/// How many requests one client address may make to the endpoints anyone may call (signing in, changing a
/// password, readiness), so that a flood from one address cannot take every database connection. A token bucket
/// per address and per instance: `burst` requests at once, then `perSecond`.
package struct AnonymousRateLimit: Sendable {
    package var burst: Double
    package var perSecond: Double

    package init(burst: Double = 60, perSecond: Double = 5) {
        self.burst = burst
        self.perSecond = perSecond
    }

    /// The paths it applies to; everything else needs a token or a session first.
    static let paths: Set<String> = [
        "/login", "/password", "/sso/start", "/sso/callback", "/api/v1/login", "/api/v1/password", "/api/v1/sso/token",
        "/readyz",
    ]
}

/// Refuses a client address that has used up its `AnonymousRateLimit` on the anonymous endpoints with 429 and
/// `Retry-After`.
struct AnonymousRateLimitMiddleware: RouterMiddleware {
    typealias Context = RadarRequestContext
    let limit: AnonymousRateLimit
    let buckets = Buckets()

    /// The buckets of the addresses seen lately.
    final class Buckets: Sendable {
        struct Bucket {
            var tokens: Double
            var updated: ContinuousClock.Instant
        }

        let state = Mutex<[String: Bucket]>([:])

        /// Takes one token for `address`; nil when taken, else the seconds until one is there.
        func take(_ address: String, limit: AnonymousRateLimit, now: ContinuousClock.Instant) -> Int? {
            state.withLock { buckets in
                // Full buckets hold no information: forget them when the table grows, so it cannot grow for ever.
                if buckets.count > 10_000 {
                    buckets = buckets.filter { Self.refilled($0.value, limit: limit, now: now).tokens < limit.burst }
                }
                var bucket = Self.refilled(
                    buckets[address] ?? Bucket(tokens: limit.burst, updated: now), limit: limit, now: now)
                defer { buckets[address] = bucket }
                guard bucket.tokens >= 1 else {
                    return Int(((1 - bucket.tokens) / max(limit.perSecond, 0.001)).rounded(.up))
                }
                bucket.tokens -= 1
                return nil
            }
        }

        static func refilled(_ bucket: Bucket, limit: AnonymousRateLimit, now: ContinuousClock.Instant) -> Bucket {
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return Bucket(tokens: min(limit.burst, bucket.tokens + seconds * limit.perSecond), updated: now)
        }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard AnonymousRateLimit.paths.contains(request.uri.path) else { return try await next(request, context) }
        if let wait = buckets.take(context.clientAddress, limit: limit, now: .now) {
            throw APIProblem(
                status: .tooManyRequests, title: "Too many requests",
                detail: "Too many requests from your address; try again in \(wait) s.",
                headers: [.retryAfter: String(wait)])
        }
        return try await next(request, context)
    }
}
