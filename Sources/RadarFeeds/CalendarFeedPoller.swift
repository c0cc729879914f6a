import Foundation
import OutgoingHTTP
import Logging
import RadarCalendar
import RadarDomain
import RadarStore

#if canImport(FoundationNetworking)
// On Linux, URLSession lives here and speaks HTTP through the system's libcurl (and its TLS).
import FoundationNetworking
#endif

/// Polls the subscribed calendars that are due, once across any number of instances: each feed is claimed in the
/// database before it is fetched (see `CalendarFeeds.claimDue`), fetched with a conditional GET, and its meetings
/// taken into the review queue. A failure backs the feed off; its reason never contains the secret address.
public struct CalendarFeedPoller: Sendable {
    public var database: RadarDatabase
    /// Only these organisations (for `--org` and tests); nil means every organisation.
    public var organisations: [String]?
    public var logger: Logger
    /// How long a calendar may take to answer, in seconds.
    public var timeout: Double
    /// The largest calendar read, in bytes.
    public var largestFile = 10 << 20

    public init(
        database: RadarDatabase, organisations: [String]? = nil, timeout: Double = 20,
        logger: Logger = Logger(label: "radar.calendar")
    ) {
        self.database = database
        self.organisations = organisations
        self.timeout = timeout
        self.logger = logger
    }

    /// The stretch of a feed that is read: meetings of the last 60 days and the next 14.
    public static func window(around now: Date) -> CalendarWindow {
        .around(now, before: 60 * 86_400, after: 14 * 86_400)
    }

    /// What polling one feed did.
    public struct Outcome: Sendable, Hashable {
        public var organisation: String
        public var feed: UUID
        /// `unchanged` (304), `read` with what the queue took in, or `failed` with the reason.
        public var result: String
        public var intake: CalendarDrafts.Intake?
        public var succeeded: Bool
    }

    /// Polls every feed due at `now` in the organisations.
    public func tick(now: Date) async throws -> [Outcome] {
        var slugs = organisations ?? []
        if organisations == nil { slugs = try await Organisations(database: database).list().map(\.slug) }
        var outcomes: [Outcome] = []
        for slug in slugs {
            let claims = try await database.inOrganisation(slug, actor: "radar-scheduler") { tx in
                try CalendarFeeds(tx).claimDue(now: now)
            }
            for claim in claims {
                outcomes.append(await poll(claim, organisation: slug, now: now))
            }
        }
        return outcomes
    }

    /// Fetches one claimed feed and notes how it went.
    func poll(_ claim: CalendarFeeds.Claim, organisation slug: String, now: Date) async -> Outcome {
        var outcome = Outcome(organisation: slug, feed: claim.id, result: "", succeeded: false)
        do {
            let answer = try await fetch(claim)
            let window = Self.window(around: now)
            let intake = try await database.inOrganisation(slug, actor: "radar-scheduler") { tx in
                let feeds = CalendarFeeds(tx)
                guard let text = answer.text else {
                    try feeds.succeeded(claim.id, etag: answer.etag, lastModified: answer.lastModified, changed: false, now: now)
                    return CalendarDrafts.Intake?.none
                }
                let meetings: [CalendarMeeting]
                do {
                    meetings = try CalendarFile(text: text, floatingZone: tx.organisation.zone).meetings(in: window)
                } catch {
                    try feeds.failed(claim.id, reason: "the calendar is not valid iCalendar: \(error)", now: now)
                    return CalendarDrafts.Intake?.none
                }
                let intake = try CalendarDrafts(tx).take(meetings, from: .feed(claim.id), window: window)
                try feeds.succeeded(claim.id, etag: answer.etag, lastModified: answer.lastModified, changed: true, now: now)
                return intake
            }
            outcome.intake = intake
            outcome.succeeded = true
            outcome.result = answer.text == nil ? "unchanged" : intake.map { "read: \($0.summary)" } ?? "failed: invalid"
            outcome.succeeded = answer.text == nil || intake != nil
        } catch let failure as FeedFailure {
            outcome.result = "failed: \(failure.reason)"
            await noteFailure(claim, slug: slug, reason: failure.reason, now: now)
        } catch {
            outcome.result = "failed: \(type(of: error))"
            logger.error("calendar feed poll failed", metadata: ["org": "\(slug)", "feed": "\(claim.id)", "error": "\(type(of: error))"])
        }
        return outcome
    }

    private func noteFailure(_ claim: CalendarFeeds.Claim, slug: String, reason: String, now: Date) async {
        logger.warning("calendar feed failed", metadata: ["org": "\(slug)", "feed": "\(claim.id)", "reason": "\(reason)"])
        do {
            try await database.inOrganisation(slug, actor: "radar-scheduler") { tx in
                try CalendarFeeds(tx).failed(claim.id, reason: reason, now: now)
            }
        } catch {
            logger.error("calendar feed failure not noted", metadata: ["feed": "\(claim.id)", "error": "\(type(of: error))"])
        }
    }

    /// A calendar's answer: its text (nil when unchanged since the validators sent) and its new validators.
    struct Answer: Sendable {
        var text: String?
        var etag: String?
        var lastModified: String?
    }

    /// Why a fetch failed, in words that never include the address.
    struct FeedFailure: Error {
        var reason: String
    }

    /// GETs the calendar, sending its last validators so an unchanged calendar answers 304 without a body.
    func fetch(_ claim: CalendarFeeds.Claim) async throws -> Answer {
        guard let url = URL(string: claim.url), CalendarFeeds.problem(with: claim.url) == nil else {
            throw FeedFailure(reason: "the address is not an https calendar address")
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalAndRemoteCacheData)
        request.setValue("commitment-radar", forHTTPHeaderField: "User-Agent")
        request.setValue("text/calendar", forHTTPHeaderField: "Accept")
        if let etag = claim.etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let lastModified = claim.lastModified { request.setValue(lastModified, forHTTPHeaderField: "If-Modified-Since") }
        request.timeoutInterval = timeout.rounded(.up)
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await feedSession.data(for: request)
        } catch let error as URLError {
            throw FeedFailure(reason: "the calendar could not be reached (\(Self.words(error.code)))")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let headers = response as? HTTPURLResponse
        let answer = Answer(
            etag: headers?.value(forHTTPHeaderField: "ETag"),
            lastModified: headers?.value(forHTTPHeaderField: "Last-Modified"))
        if status == 304 { return answer }
        guard (200..<300).contains(status) else {
            throw FeedFailure(
                reason: "the calendar answered \(status) \(HTTPURLResponse.localizedString(forStatusCode: status))")
        }
        guard data.count <= largestFile else {
            throw FeedFailure(reason: "the calendar is larger than \(largestFile >> 20) MB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FeedFailure(reason: "the calendar is not UTF-8 text")
        }
        return Answer(text: text, etag: answer.etag, lastModified: answer.lastModified)
    }

    /// A network failure in words, without the address URLError carries.
    static func words(_ code: URLError.Code) -> String {
        switch code {
        case .timedOut: "no answer in time"
        case .cannotFindHost, .dnsLookupFailed: "host not found"
        case .cannotConnectToHost: "connection refused"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate: "TLS failed"
        default: "network error \(code.rawValue)"
        }
    }
}

extension CalendarDrafts.Intake {
    /// What the queue took in, in a few words.
    public var summary: String {
        "\(added) added, \(updated) updated, \(withdrawn) withdrawn, \(unchanged) unchanged, \(ignored) without a tracked person"
    }
}

/// The one session every feed goes through: nothing kept between polls but the validators the database holds.
private let feedSession = OutgoingHTTP.followingRedirects
