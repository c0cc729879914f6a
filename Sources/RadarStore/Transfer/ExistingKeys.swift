import Postgres

/// What the organisation already holds that an import's rows refer to or must not repeat.
struct ExistingKeys {
    var emails: Set<String> = []
    /// The organisation's HR users (members with the hr or admin role), whom stakeholders.csv may name as owners.
    var ownerEmails: Set<String> = []
    var conversationRefs: Set<String> = []
    var initiativeRefs: Set<String> = []
    /// Existing pilots that initiatives.csv names as the pilot a roll-out spreads.
    var pilotRefs: Set<String> = []
    /// Participations of existing conversations that participants.csv names, as `ParticipantKey`s.
    var participants: Set<ParticipantKey> = []
    var priorities: Set<PriorityKey> = []
    /// Coaching goals, when coaching_goals.csv or coaching_observations.csv is imported.
    var goals: Set<GoalKey> = []

    enum Query {
        static let emails = "SELECT email FROM stakeholders"
        static let ownerEmails = """
            SELECT u.email FROM users u
              JOIN memberships m ON m.user_id = u.id AND m.org_id = radar_current_org() AND m.role IN ('hr', 'admin')
             WHERE u.disabled_at IS NULL
            """
        static let conversationRefs = "SELECT ref FROM conversations WHERE ref = ANY($1::text[])"
        static let initiativeRefs = "SELECT ref FROM initiatives WHERE ref = ANY($1::text[])"
        static let pilotRefs = "SELECT ref FROM initiatives WHERE kind = 'pilot' AND ref = ANY($1::text[])"
        static let participants = """
            SELECT c.ref, s.email
              FROM conversation_participants p
              JOIN conversations c ON c.id = p.conversation_id
              JOIN stakeholders s ON s.id = p.stakeholder_id
             WHERE c.ref = ANY($1::text[])
            """
        static let priorities = "SELECT priority, function FROM business_priorities"
        static let goals = """
            SELECT s.email, g.behaviour::text AS behaviour, g.set_on::text AS set_on
              FROM coaching_goals g JOIN stakeholders s ON s.org_id = g.org_id AND s.id = g.stakeholder_id
            """
    }

    /// Looks up, in the current organisation, the keys `folder`'s rows could collide with or point at.
    static func load(for folder: ImportFolder, on connection: Connection) throws -> ExistingKeys {
        var keys = ExistingKeys()
        keys.emails = Set(try connection.query(Query.emails).map { try $0.decode("email", as: String.self) })
        if folder.tables[.stakeholders]?.has("hr_owner") == true {
            keys.ownerEmails = Set(
                try connection.query(Query.ownerEmails).map { try $0.decode("email", as: String.self) })
        }

        var refs: Set<String> = []
        if let conversations = folder.tables[.conversations] { refs.formUnion(conversations.values(of: "ref")) }
        for file in [TransferFile.participants, .fears, .commitments, .initiativeSessions] {
            if let table = folder.tables[file] { refs.formUnion(table.values(of: "conversation_ref")) }
        }
        if !refs.isEmpty {
            keys.conversationRefs = try Set(
                connection.query(Query.conversationRefs, [Array(refs)]).map {
                    try $0.decode("ref", as: String.self)
                })
        }
        if let participants = folder.tables[.participants] {
            let named = keys.conversationRefs.intersection(participants.values(of: "conversation_ref"))
            if !named.isEmpty {
                keys.participants = try Set(
                    connection.query(Query.participants, [Array(named)]).map {
                        ParticipantKey(ref: try $0.decode("ref"), email: try $0.decode("email"))
                    })
            }
        }
        var initiativeRefs: Set<String> = []
        if let initiatives = folder.tables[.initiatives] { initiativeRefs.formUnion(initiatives.values(of: "ref")) }
        for file in [
            TransferFile.initiativeMembers, .initiativeSessions, .peerGroups, .benefits, .benefitReadings,
            .expectations,
        ] {
            if let table = folder.tables[file] { initiativeRefs.formUnion(table.values(of: "initiative_ref")) }
        }
        if !initiativeRefs.isEmpty {
            keys.initiativeRefs = try Set(
                connection.query(Query.initiativeRefs, [Array(initiativeRefs)]).map {
                    try $0.decode("ref", as: String.self)
                })
        }
        if let pilots = folder.tables[.initiatives]?.values(of: "pilot"), !pilots.isEmpty {
            keys.pilotRefs = try Set(
                connection.query(Query.pilotRefs, [Array(pilots)]).map { try $0.decode("ref", as: String.self) })
        }
        if folder.tables[.coachingGoals] != nil || folder.tables[.coachingObservations] != nil {
            keys.goals = try Set(
                connection.query(Query.goals).map {
                    GoalKey(
                        email: try $0.decode("email"), behaviour: try $0.decode("behaviour"),
                        setOn: try $0.decode("set_on"))
                })
        }
        if folder.tables[.priorities] != nil {
            keys.priorities = try Set(
                connection.query(Query.priorities).map {
                    PriorityKey(priority: try $0.decode("priority"), function: try $0.decode("function"))
                })
        }
        return keys
    }
}

/// A stakeholder's place in a conversation, by the keys the files use.
struct ParticipantKey: Hashable {
    var ref: String
    var email: String
}

/// A business priority's natural key (unique per organisation).
struct PriorityKey: Hashable {
    var priority: String
    var function: String
}

/// A coaching goal's natural key: the person's e-mail, the behaviour and the day it was set (as text).
struct GoalKey: Hashable {
    var email: String
    var behaviour: String
    var setOn: String
}
