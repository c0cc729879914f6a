/// Something a route or command may do; every route of the service declares the one it needs.
public enum Permission: String, Sendable, CaseIterable, Codable {
    /// Read the record: stakeholders, conversations, initiatives, flags, digests, rules.
    case read
    /// Read the sensitive fields: fear statements, conversation notes, commitment descriptions.
    case readSensitive
    /// Record and edit conversations, fears, commitments, initiatives, priorities, stakeholders.
    case record
    /// Acknowledge, snooze and explain flags; re-run rules.
    case triage
    /// Run the organisation: its settings, members and delivery channels.
    case administer
    /// Edit the rule catalogue.
    case manageRules
    /// Export and erase a person's personal data.
    case personalData
}

extension AccessRole {
    /// What each role may do: admins everything, HR the daily work, viewers only the non-sensitive record.
    public var permissions: Set<Permission> {
        switch self {
        case .admin: Set(Permission.allCases)
        case .hr: [.read, .readSensitive, .record, .triage]
        case .viewer: [.read]
        }
    }

    /// Whether this role may do `permission`.
    public func allows(_ permission: Permission) -> Bool {
        permissions.contains(permission)
    }
}
