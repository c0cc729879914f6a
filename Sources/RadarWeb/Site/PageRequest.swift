import Foundation
import HTTPTypes
import Hummingbird
import RadarAccess
import RadarDomain
import RadarStore

/// What a page handler gets: the request, the signed-in person (always set on `.member` routes), the parsed form
/// of a POST, the instant the request is served at, and ways to answer.
public struct PageRequest: Sendable {
    public let request: Request
    /// Path parameters, such as `id` of `/stakeholders/:id`.
    public let parameters: Parameters
    public let site: WebSite
    public let signedIn: SignedIn?
    /// The fields of a POST's form (empty for a GET).
    public let form: FormFields
    /// "Now" for this request, from the site's clock: pass it on instead of reading the system clock.
    public let now: Date
    let clientAddress: String

    /// The signed-in person; only `.member` routes may rely on it.
    public var user: SignedIn {
        get throws {
            guard let signedIn else { throw WebError.forbidden }
            return signedIn
        }
    }

    /// The query string's fields.
    public var query: FormFields {
        FormFields(urlEncoded: request.uri.query ?? "")
    }

    /// Runs `body` in one transaction inside the signed-in person's organisation, as the application role, with
    /// their actor in the audit trail (the database lets them into their own organisations only).
    public func inOrganisation<T: Sendable>(
        _ body: @escaping @Sendable (TenantTransaction) throws -> T
    )
        async throws -> T
    {
        let user = try user
        return try await site.database.inOrganisation(
            user.organisation, actor: user.actor, member: user.principal.userID, body)
    }

    /// The page from template `template` inside the shared layout. `values` are the page's own; the layout adds
    /// `title`, `csrf`, `flash`, `user` and `nav`.
    public func page(
        _ template: String, title: String, _ values: [String: Any] = [:], status: HTTPResponse.Status = .ok
    ) throws -> Response {
        var all = values
        for (key, value) in Chrome(signedIn: signedIn, path: request.uri.path).values(title: title) {
            all[key] = value
        }
        let html = try site.templates.render(template, all)
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// 303 See Other to a local path: the answer to every successful form.
    public func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// Leaves a one-off message for the next page the person sees, then redirects there.
    public func redirect(to location: String, flash message: String) async throws -> Response {
        try await site.sessions.flash(message, for: try user)
        return redirect(to: location)
    }

    /// Runs one form's write inside the organisation, on today's date there, then redirects to `location` with
    /// `flash`; when the store refuses the input, answers what `refused` makes of the failure (the page again, 422).
    func submit<T: Sendable>(
        to location: String, flash: String, refused: (ValidationFailure) async throws -> Response,
        _ write: @escaping @Sendable (TenantTransaction, CalendarDate) throws -> T
    ) async throws -> Response {
        let now = self.now
        do {
            _ = try await inOrganisation { tx in try write(tx, CalendarDate(now, in: tx.organisation.zone)) }
        } catch let failure as ValidationFailure {
            return try await refused(failure)
        }
        return try await redirect(to: location, flash: flash)
    }

    /// To the login page, which sends the person back here afterwards.
    func redirectToLogin() -> Response {
        let target = request.method == .get ? request.uri.description : "/"
        let next =
            target == "/" ? "" : "?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return redirect(to: "/login" + next)
    }

    /// The readable page for `error`, with the layout when someone is signed in.
    func errorPage(_ error: WebError) -> Response {
        (try? page(
            "error", title: error.title, ["heading": error.title, "explanation": error.explanation],
            status: error.status))
            ?? Response(status: error.status)
    }
}
