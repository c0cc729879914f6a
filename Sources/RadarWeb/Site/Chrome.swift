import RadarAccess

/// What the shared layout shows around every page: the navigation, the organisation, the person and their role,
/// the log-out form and any flash message.
struct Chrome {
    var signedIn: SignedIn?
    var path: String

    /// One link of the main navigation.
    struct Link {
        var href: String
        var label: String
        var permission: Permission
    }

    /// The main navigation; a link shows only to roles that may open it.
    static let links: [Link] = [
        Link(href: "/", label: "Radar", permission: .read),
        Link(href: "/mine", label: "My radar", permission: .read),
        Link(href: "/stakeholders", label: "Stakeholders", permission: .read),
        Link(href: "/influence", label: "Influence", permission: .read),
        Link(href: "/conversations/new", label: "Record a conversation", permission: .record),
        Link(href: "/calendar", label: "Meetings to review", permission: .record),
        Link(href: "/fears", label: "Fears", permission: .read),
        Link(href: "/flags", label: "Flags", permission: .read),
        Link(href: "/initiatives", label: "Initiatives", permission: .read),
        Link(href: "/narratives", label: "Narratives", permission: .read),
        Link(href: "/digests", label: "Digests", permission: .read),
        Link(href: "/admin/users", label: "Users", permission: .administer),
        Link(href: "/admin/tokens", label: "Tokens", permission: .administer),
        Link(href: "/admin/silences", label: "Silences", permission: .administer),
        Link(href: "/admin/sso", label: "Sign-on", permission: .administer),
    ]

    func values(title: String) -> [String: Any] {
        var values: [String: Any] = ["title": title]
        guard let signedIn else { return values }
        values["csrf"] = signedIn.csrfToken
        if let flash = signedIn.flash { values["flash"] = flash }
        values["nav"] = Self.links.filter { signedIn.may($0.permission) }.map { link -> [String: Any] in
            let current = link.href == "/" ? path == "/" : path.hasPrefix(link.href)
            return ["href": link.href, "label": link.label, "current": current]
        }
        values["hasNav"] = true
        var user: [String: Any] = [
            "name": signedIn.principal.displayName, "email": signedIn.principal.email,
            "role": signedIn.role.rawValue, "roleWord": Words.role(signedIn.role),
            "organisationName": signedIn.organisationName,
        ]
        if signedIn.organisations.count > 1 {
            user["switchable"] = true
            user["organisations"] = signedIn.organisations.map {
                ["slug": $0.slug, "name": $0.name, "selected": $0.slug == signedIn.organisation] as [String: Any]
            }
        }
        values["user"] = user
        return values
    }
}
