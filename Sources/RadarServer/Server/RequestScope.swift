internal import Foundation
import Logging
import RadarAccess

/// What the middleware learned about the request being served, visible to the handlers below it.
struct RequestScope: Sendable {
    var requestID: String
    var logger: Logger
    /// Who is calling, once the bearer token has been checked.
    var principal: Principal?
    /// The caller's IP address, for login throttling.
    var clientAddress = "unknown"

    @TaskLocal static var current: RequestScope?
}

/// The caller inside one organisation, once the route's permission has been checked.
struct OrganisationAccess: Sendable {
    var slug: String
    var principal: Principal
    var role: AccessRole

    /// Whether the caller receives fear statements, conversation notes and commitment descriptions.
    var seesSensitive: Bool { role.allows(.readSensitive) }

    @TaskLocal static var current: OrganisationAccess?
}
