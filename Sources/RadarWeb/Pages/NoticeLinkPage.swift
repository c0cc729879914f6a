import Foundation
import Hummingbird
import RadarAccess
import RadarDigest
import RadarDomain
import RadarRules
import RadarStore

/// `/notice/:token`: a one-click link from an owner's notice. Opening it shows the flag and one button (so a
/// mail scanner that fetches links uses nothing); pressing it acknowledges or snoozes the flag for its owner, once,
/// before the link expires and only while the flag is as the notice saw it (`NoticeLinks.use`). No sign-in is
/// needed: the signed token is the proof, and the form's CSRF token pairs with a cookie as the login form's does.
enum NoticeLinkPage {
    static let routes: [WebRoute] = [
        .get("/notice/:token", .anyone, show),
        .post("/notice/:token", .anyone, use),
    ]

    /// The link's claims, or the page saying why it is refused.
    static func claims(_ page: PageRequest) -> Result<NoticeLinkSigner.Claims, NoticeLinks.Refusal> {
        guard let signer = page.site.linkSigner, let token = page.parameters.get("token") else { return .failure(.unknown) }
        do {
            return .success(try signer.verify(token, now: page.now))
        } catch .expired {
            return .failure(.expired)
        } catch {
            return .failure(.unknown)
        }
    }

    static func refused(_ page: PageRequest, _ refusal: NoticeLinks.Refusal) throws -> Response {
        let status: HTTPResponse.Status =
            switch refusal {
            case .unknown: .notFound
            case .expired, .used: .gone
            case .flagChanged, .flagResolved: .conflict
            }
        return try page.page(
            "notice-link", title: "Link not used",
            ["refused": true, "reason": refusal.description.prefix(1).uppercased() + refusal.description.dropFirst() + "."],
            status: status)
    }

    static func show(_ page: PageRequest) async throws -> Response {
        let claims: NoticeLinkSigner.Claims
        switch Self.claims(page) {
        case .failure(let refusal): return try refused(page, refusal)
        case .success(let value): claims = value
        }
        let now = page.now
        let found = try await page.site.database.inOrganisation(claims.organisation, actor: "radar:notice-link") {
            tx -> (NoticeLinks.Link, Flag, NoticeLinks.Refusal?)? in
            let links = NoticeLinks(tx)
            guard let link = try links.find(claims.link) else { return nil }
            return (link, try FlagBook(tx).find(link.flag.uuidString), try links.check(link, now: now))
        }
        guard let (link, flag, refusal) = found else { return try refused(page, .unknown) }
        if let refusal { return try refused(page, refusal) }
        let token = WebSessions.randomToken()
        var response = try page.page(
            "notice-link", title: link.action == .acknowledge ? "Acknowledge a flag" : "Snooze a flag",
            [
                "token": page.parameters.get("token") ?? "", "loginToken": token, "message": flag.message,
                "severity": flag.severity.rawValue, "severityClass": "sev-\(flag.severity.rawValue)",
                "subject": flag.subjectName ?? "", "acknowledge": link.action == .acknowledge,
                "snoozeDays": NoticeLinks.snoozeDays,
            ])
        response.setCookie(WebSite.loginCookie(token))
        return response
    }

    static func use(_ page: PageRequest) async throws -> Response {
        let claims: NoticeLinkSigner.Claims
        switch Self.claims(page) {
        case .failure(let refusal): return try refused(page, refusal)
        case .success(let value): claims = value
        }
        let now = page.now
        let database = page.site.database
        // Who the link is for, so the flag's history names them, and the database checks they are still a member.
        let owner = try await database.inOrganisation(claims.organisation, actor: "radar:notice-link") { tx in
            try NoticeLinks(tx).find(claims.link).map { ($0.user, $0.userEmail ?? "owner") }
        }
        guard let (user, email) = owner else { return try refused(page, .unknown) }
        do {
            let (link, flag) = try await database.inOrganisation(
                claims.organisation, actor: "\(email) (notice link)", member: user
            ) { tx in try NoticeLinks(tx).use(claims.link, now: now) }
            var response = try page.page(
                "notice-link", title: "Done",
                [
                    "done": true, "message": flag.message, "flagID": flag.id.uuidString.lowercased(),
                    "outcome": link.action == .acknowledge
                        ? "Acknowledged: it stays listed apart until it resolves."
                        : "Snoozed until \(flag.snoozedUntil.map(DayWords.day) ?? "next week").",
                ])
            response.setCookie(WebSite.expiredCookie(WebSite.loginCookie))
            return response
        } catch let refusal as NoticeLinks.Refusal {
            return try refused(page, refusal)
        } catch StoreError.organisationNotFound {
            return try refused(page, .unknown)
        }
    }
}
