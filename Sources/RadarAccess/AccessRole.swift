import RadarDomain

/// What a member may do in one organisation; the service checks it on every route.
public enum AccessRole: String, Sendable, CaseIterable, Codable {
    case admin, hr, viewer
}
