import Foundation
import Hummingbird
import Postgres
import RadarDigest
import RadarDomain
import RadarStore

/// `/digests`: the organisation's archived weekly digests, newest first; `/digests/:week` one week's HTML digest;
/// and, for HR and administrators, making the digest of the week that has just ended when it is not archived yet.
enum DigestsPage {
    static let routes: [WebRoute] = [
        .get("/digests", .member(.read), list),
        .post("/digests", .member(.record), make),
        .get("/digests/:week", .member(.read), show),
        .get("/digests/:week/digest.css", .member(.read), styleSheet),
    ]

    /// The archive's list and whether the week that has just ended is in it.
    struct Archive: Sendable {
        var entries: [ArchiveEntry]
        var lastEnded: ISOWeek
    }

    static func list(_ page: PageRequest) async throws -> Response {
        let user = try page.user
        let now = page.now
        let archive = try await page.inOrganisation { tx in
            Archive(
                entries: try DigestArchive(tx).list(),
                lastEnded: DigestPublisher.lastEndedWeek(at: now, in: tx.organisation.zone))
        }
        let weeks: [[String: Any]] = archive.entries.map { entry in
            var week: [String: Any] = [
                "week": entry.week.description, "monday": entry.week.monday.description,
                "range": InitiativesPage.day(entry.week.monday) + " to " + InitiativesPage.day(entry.week.sunday),
                "deliveries": entry.deliveries, "sent": entry.sent, "pending": entry.pending, "failed": entry.failed,
                "hasDeliveries": entry.deliveries > 0, "hasFailed": entry.failed > 0,
            ]
            if entry.isQuiet { week["quiet"] = true }
            return week
        }
        var values: [String: Any] = ["weeks": weeks, "hasWeeks": !weeks.isEmpty]
        let archived = archive.entries.contains { $0.week == archive.lastEnded }
        if user.may(.record), !archived {
            values["make"] = ["week": archive.lastEnded.description, "monday": archive.lastEnded.monday.description]
        }
        return try page.page("digests", title: "Digests", values)
    }

    /// Archives the digest of the week that has just ended, the way `radar digest send` builds it (the flags and
    /// the snapshot brought up to the week's end first, under the organisation's ledger lock), but queues no
    /// delivery: sending stays with the schedule and `radar digest send`, which find the week archived and send it.
    static func make(_ page: PageRequest) async throws -> Response {
        let now = page.now
        let (week, created) = try await page.inOrganisation { tx -> (ISOWeek, Bool) in
            let zone = tx.organisation.zone
            let week = DigestPublisher.lastEndedWeek(at: now, in: zone)
            let publisher = DigestPublisher(tx)
            try publisher.lockLedger()
            let archive = DigestArchive(tx)
            if try archive.find(week) != nil { return (week, false) }
            try publisher.refreshLedger(for: week)
            let digest = try DigestBuilder.build(in: tx, week: week)
            return (week, try archive.store(digest, asOf: week.end(in: zone)).created)
        }
        return try await page.redirect(
            to: "/digests/\(week)",
            flash: created
                ? "The digest of the week of \(week.monday) is made and archived."
                : "The digest of the week of \(week.monday) was already archived.")
    }

    /// One archived week as the digest's own HTML page, shown to viewers without the sensitive text.
    ///
    /// The digest renderer writes a self-contained e-mail page: inline `style=` attributes and one `<style>` block.
    /// Putting that into the site's layout would need a triple mustache, and serving it as it is would need
    /// `style-src 'unsafe-inline'` (a nonce or hash covers a `<style>` block, but not `style=` attributes). Instead
    /// the page is served as its own document under the site's unchanged CSP (`style-src 'self'`): every
    /// distinct inline style becomes a `data-dg` attribute, and those styles and the `<style>` block are served
    /// from `/digests/:week/digest.css` (same origin). The HTML is our own renderer's, from the stored `Digest`
    /// value; everything a person typed in it is escaped by that renderer, so a `"` never closes an attribute.
    static func show(_ page: PageRequest) async throws -> Response {
        let (week, digest) = try await read(page)
        let split = DigestStyles(html: DigestRenderer.render(digest, as: .html))
        let html = split.html(styleSheet: "/digests/\(week)/digest.css")
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// The styles of one week's digest page (see `show`).
    static func styleSheet(_ page: PageRequest) async throws -> Response {
        let (_, digest) = try await read(page)
        let split = DigestStyles(html: DigestRenderer.render(digest, as: .html))
        return Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: split.css)))
    }

    /// The week named in the path and its archived digest, as this person may see it; 404 for anything else.
    static func read(_ page: PageRequest) async throws -> (ISOWeek, Digest) {
        let user = try page.user
        guard let week = (page.parameters.get("week")).flatMap(ISOWeek.init) else { throw WebError.notFound }
        let archived = try await page.inOrganisation { tx in try DigestArchive(tx).find(week) }
        guard let archived else { throw WebError.notFound }
        return (week, user.seesSensitive ? archived.digest : archived.digest.withholdingSensitiveText())
    }
}

/// A digest page split into markup without inline styles and a style sheet holding them: each distinct `style="…"`
/// becomes `data-dg="N"` with the rule `[data-dg="N"] { … }`, and `<style>` blocks move to the sheet.
struct DigestStyles {
    private(set) var body = ""
    private(set) var css = ""

    init(html: String) {
        var numbers: [String: Int] = [:]
        var rules: [String] = []
        var blocks: [String] = []
        var rest = Substring(html)
        var out = ""
        while true {
            let attribute = rest.range(of: " style=\"")
            if let block = rest.range(of: "<style>"), attribute.map({ block.lowerBound < $0.lowerBound }) ?? true,
                let end = rest[block.upperBound...].range(of: "</style>")
            {
                out += rest[..<block.lowerBound]
                blocks.append(String(rest[block.upperBound..<end.lowerBound]))
                rest = rest[end.upperBound...]
                continue
            }
            guard let attribute, let close = rest[attribute.upperBound...].firstIndex(of: "\"") else { break }
            let declarations = Self.unescape(String(rest[attribute.upperBound..<close]))
            out += rest[..<attribute.lowerBound]
            let number: Int
            if let known = numbers[declarations] {
                number = known
            } else {
                number = numbers.count
                numbers[declarations] = number
                // Our renderer writes these; a brace or angle bracket would still never leave its rule.
                if !declarations.contains(where: { "{}<>\\".contains($0) }) {
                    rules.append("[data-dg=\"\(number)\"] { \(declarations) }")
                }
            }
            out += " data-dg=\"\(number)\""
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        body = out
        css =
            (rules + [".digest-back { max-width: 760px; margin: 0 auto 8px; }"]
            + blocks.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }).joined(separator: "\n") + "\n"
    }

    /// The page linking its style sheet at `styleSheet`, with a way back to the archive at the top.
    func html(styleSheet: String) -> String {
        var html = body
        if let head = html.range(of: "</head>") {
            html.insert(contentsOf: "<link rel=\"stylesheet\" href=\"\(styleSheet)\">\n", at: head.lowerBound)
        }
        if let bodyTag = html.range(of: "<body"), let end = html[bodyTag.upperBound...].firstIndex(of: ">") {
            html.insert(
                contentsOf: "\n<nav class=\"digest-back\" aria-label=\"Digests\"><a href=\"/digests\">"
                    + "Back to the digest archive</a></nav>", at: html.index(after: end))
        }
        return html
    }

    /// Undoes the renderer's attribute escaping, so the declarations read as written.
    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
