import HTTPTypes

/// Why a page cannot be shown; each case becomes a readable page with its status.
public enum WebError: Error, Sendable, Equatable {
    /// Signed in, but the role does not allow this page (403).
    case forbidden
    /// A form without the session's CSRF token (403); nothing was changed.
    case csrfRefused
    /// Nothing here, or not in this organisation (404).
    case notFound
    /// The request itself is malformed, such as an unreadable form body (400).
    case badRequest(String)
    /// A form larger than any page's form can be (413); nothing was read or changed.
    case tooLarge

    var status: HTTPResponse.Status {
        switch self {
        case .forbidden, .csrfRefused: .forbidden
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .tooLarge: .contentTooLarge
        }
    }

    var title: String {
        switch self {
        case .forbidden: "Not for your role"
        case .csrfRefused: "This form could not be accepted"
        case .notFound: "Page not found"
        case .badRequest: "This request could not be read"
        case .tooLarge: "This form is too large"
        }
    }

    var explanation: String {
        switch self {
        case .forbidden:
            "Your role in this organisation does not include this page. An administrator can change your role."
        case .csrfRefused:
            "The form was missing its security token or came from an old page, so nothing was saved. "
                + "Go back, reload the page and send the form again."
        case .notFound:
            "There is nothing at this address, or it belongs to another organisation."
        case .badRequest(let reason):
            reason
        case .tooLarge:
            "What was sent is larger than any form here can hold, so nothing was saved. Shorten the notes and send "
                + "it again."
        }
    }
}
