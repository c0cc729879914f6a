extension CSVExport {
    /// One SELECT per file, columns in header order and already as the text the file holds. Orders use only
    /// exported values (never ids) and the C collation, so two organisations with the same data export the same
    /// bytes whatever the database's locale.
    enum Query {
        static func select(_ file: TransferFile) -> String {
            switch file {
            case .stakeholders: stakeholders
            case .conversations: conversations
            case .participants: participants
            case .fears: fears
            case .commitments: commitments
            case .initiatives: initiatives
            case .priorities: priorities
            case .initiativeMembers: initiativeMembers
            case .initiativeSessions: initiativeSessions
            case .coachingGoals: coachingGoals
            case .coachingObservations: coachingObservations
            case .coachingPeriods: coachingPeriods
            case .peerGroups: peerGroups
            case .leaderCase: leaderCase
            case .narratives: narratives
            case .tensions: tensions
            case .benefits: benefits
            case .benefitReadings: benefitReadings
            case .strategyElements: strategyElements
            case .expectations: expectations
            case .influenceLinks: influenceLinks
            }
        }

        static let stakeholders = """
            SELECT s.name, s.email, s.title, s.tier::text, s.role::text, s.function, s.influence::text,
                   s.interest::text, s.engagement::text, s.desired_engagement::text, NULL::text AS changed_on,
                   o.email AS hr_owner
              FROM stakeholders s LEFT JOIN users o ON o.id = s.hr_owner_user_id
             ORDER BY s.email COLLATE "C"
            """
        /// Times in UTC with `Z`, with a fraction only when there is one, so an import reads back the same instant.
        static let conversations = """
            SELECT c.ref,
                   CASE WHEN extract(microseconds FROM c.occurred_at)::bigint % 1000000 = 0
                        THEN to_char(c.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                        ELSE rtrim(to_char(c.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0') || 'Z'
                   END AS occurred_at,
                   c.kind::text, i.email AS initiated_by,
                   -- One index lookup per conversation: a grouped subquery joined here was planned as a nested
                   -- loop under row-level security and rescanned for every conversation (minutes at 100 000).
                   (SELECT string_agg(g.guideline, ';' ORDER BY g.guideline COLLATE "C")
                      FROM conversation_guidelines g
                     WHERE g.org_id = c.org_id AND g.conversation_id = c.id) AS guidelines,
                   c.notes AS summary, c.purpose::text AS purpose
              FROM conversations c
              LEFT JOIN stakeholders i ON i.org_id = c.org_id AND i.id = c.initiated_by
             ORDER BY c.occurred_at, c.ref COLLATE "C"
            """
        static let participants = """
            SELECT c.ref AS conversation_ref, s.email, p.attendance::text, p.engagement::text
              FROM conversation_participants p
              JOIN conversations c ON c.org_id = p.org_id AND c.id = p.conversation_id
              JOIN stakeholders s ON s.org_id = p.org_id AND s.id = p.stakeholder_id
             ORDER BY c.occurred_at, c.ref COLLATE "C", s.email COLLATE "C"
            """
        static let fears = """
            SELECT s.email, f.raised_on::text, f.category::text, f.statement, f.severity::text, f.status::text,
                   f.resolved_on::text, c.ref AS conversation_ref
              FROM fears f
              JOIN stakeholders s ON s.id = f.stakeholder_id
              LEFT JOIN conversations c ON c.id = f.conversation_id
             ORDER BY f.raised_on, s.email COLLATE "C", f.category COLLATE "C", f.statement COLLATE "C",
                      f.severity COLLATE "C", f.status COLLATE "C", f.resolved_on, c.ref COLLATE "C"
            """
        static let commitments = """
            SELECT s.email AS owner_email, m.made_on::text, m.description, m.due_on::text, m.status::text,
                   m.done_on::text, c.ref AS conversation_ref, a.email AS accountability_partner
              FROM commitments m
              JOIN stakeholders s ON s.id = m.owner_id
              LEFT JOIN conversations c ON c.id = m.conversation_id
              LEFT JOIN stakeholders a ON a.id = m.partner_id
             ORDER BY m.made_on, s.email COLLATE "C", m.description COLLATE "C", m.due_on, m.status COLLATE "C",
                      m.done_on, c.ref COLLATE "C"
            """
        static let initiatives = """
            SELECT i.ref, i.title, i.kind::text, s.email AS owner_email, i.starts_on::text, i.ends_on::text,
                   i.status::text, i.success_measure, i.outcome, i.cadence_days::text, x.ref AS pilot
              FROM initiatives i
              LEFT JOIN stakeholders s ON s.id = i.owner_id
              LEFT JOIN initiatives x ON x.org_id = i.org_id AND x.id = i.pilot_id
             ORDER BY i.starts_on, i.ref COLLATE "C"
            """
        static let priorities = """
            SELECT p.priority, p.function, p.how_coaching_helps, s.email AS endorsed_by, p.recorded_on::text
              FROM business_priorities p
              LEFT JOIN stakeholders s ON s.id = p.endorsed_by
             ORDER BY p.function COLLATE "C", p.priority COLLATE "C"
            """
        static let initiativeMembers = """
            SELECT i.ref AS initiative_ref, s.email, m.role::text, m.enrolled_on::text, m.left_on::text
              FROM initiative_members m
              JOIN initiatives i ON i.org_id = m.org_id AND i.id = m.initiative_id
              JOIN stakeholders s ON s.org_id = m.org_id AND s.id = m.stakeholder_id
             ORDER BY i.ref COLLATE "C", s.email COLLATE "C"
            """
        static let initiativeSessions = """
            SELECT c.ref AS conversation_ref, i.ref AS initiative_ref
              FROM conversations c
              JOIN initiatives i ON i.org_id = c.org_id AND i.id = c.initiative_id
             ORDER BY c.occurred_at, c.ref COLLATE "C"
            """
        static let coachingGoals = """
            SELECT s.email, g.behaviour::text, g.description, g.observed_how, g.set_on::text, g.review_on::text,
                   g.closed_on::text
              FROM coaching_goals g
              JOIN stakeholders s ON s.org_id = g.org_id AND s.id = g.stakeholder_id
             ORDER BY s.email COLLATE "C", g.set_on, g.behaviour COLLATE "C"
            """
        static let coachingObservations = """
            SELECT s.email, g.behaviour::text, g.set_on::text AS goal_set_on, o.observed_on::text, o.note
              FROM coaching_observations o
              JOIN coaching_goals g ON g.org_id = o.org_id AND g.id = o.goal_id
              JOIN stakeholders s ON s.org_id = g.org_id AND s.id = g.stakeholder_id
             ORDER BY s.email COLLATE "C", g.set_on, g.behaviour COLLATE "C", o.observed_on, o.note COLLATE "C"
            """
        static let coachingPeriods = """
            SELECT s.email, c.kind::text, c.since::text, c.until::text
              FROM leader_coaching c
              JOIN stakeholders s ON s.org_id = c.org_id AND s.id = c.stakeholder_id
             ORDER BY s.email COLLATE "C", c.since, c.kind COLLATE "C", c.until
            """
        static let influenceLinks = """
            SELECT p.email, l.kind::text, o.email AS other_email, l.since::text, l.until::text
              FROM influence_links l
              JOIN stakeholders p ON p.org_id = l.org_id AND p.id = l.stakeholder_id
              JOIN stakeholders o ON o.org_id = l.org_id AND o.id = l.other_id
             ORDER BY p.email COLLATE "C", l.kind COLLATE "C", o.email COLLATE "C", l.since
            """
        static let narratives = """
            SELECT n.kind::text, n.title, n.statement, n.recorded_on::text
              FROM narratives n ORDER BY n.title COLLATE "C"
            """
        static let tensions = """
            SELECT t.stated_value, t.rewarded_behaviour, s.email AS raised_by, t.raised_on::text, t.discussed_on::text
              FROM tensions t LEFT JOIN stakeholders s ON s.org_id = t.org_id AND s.id = t.raised_by
             ORDER BY t.raised_on, t.stated_value COLLATE "C", t.rewarded_behaviour COLLATE "C"
            """
        static let benefits = """
            SELECT i.ref AS initiative_ref, b.measure, b.baseline::text, b.baseline_on::text
              FROM benefits b JOIN initiatives i ON i.org_id = b.org_id AND i.id = b.initiative_id
             ORDER BY i.ref COLLATE "C", b.measure COLLATE "C"
            """
        static let benefitReadings = """
            SELECT i.ref AS initiative_ref, b.measure, r.measured_on::text, r.value::text,
                   (SELECT string_agg(s.email, ';' ORDER BY s.email COLLATE "C")
                      FROM benefit_reading_viewers v
                      JOIN stakeholders s ON s.org_id = v.org_id AND s.id = v.stakeholder_id
                     WHERE v.org_id = r.org_id AND v.reading_id = r.id) AS seen_by
              FROM benefit_readings r
              JOIN benefits b ON b.org_id = r.org_id AND b.id = r.benefit_id
              JOIN initiatives i ON i.org_id = b.org_id AND i.id = b.initiative_id
             ORDER BY i.ref COLLATE "C", b.measure COLLATE "C", r.measured_on
            """
        static let strategyElements = """
            SELECT e.element::text, e.since::text, e.until::text
              FROM strategy_elements e ORDER BY e.since, e.element COLLATE "C"
            """
        static let expectations = """
            SELECT i.ref AS initiative_ref, x.presented_as, x.presented_to, x.presented_on::text, x.realistic_outcome,
                   x.agreed_on::text
              FROM initiative_expectations x JOIN initiatives i ON i.org_id = x.org_id AND i.id = x.initiative_id
             ORDER BY i.ref COLLATE "C"
            """
        static let leaderCase = """
            SELECT s.email, n.aspect::text, n.recorded_on::text, n.in_their_words, n.role_model::text
              FROM leader_case_notes n
              JOIN stakeholders s ON s.org_id = n.org_id AND s.id = n.stakeholder_id
             ORDER BY s.email COLLATE "C", n.recorded_on, n.aspect COLLATE "C"
            """
        // Members by e-mail, separated by semicolons, in one cell: a group is two or three people, never more.
        static let peerGroups = """
            SELECT i.ref AS initiative_ref, g.name,
                   (SELECT string_agg(s.email, ';' ORDER BY s.email COLLATE "C")
                      FROM peer_group_members m JOIN stakeholders s ON s.org_id = m.org_id AND s.id = m.stakeholder_id
                     WHERE m.org_id = g.org_id AND m.group_id = g.id) AS members,
                   g.starts_on::text, g.ends_on::text, g.rhythm_days::text
              FROM peer_groups g
              JOIN initiatives i ON i.org_id = g.org_id AND i.id = g.initiative_id
             ORDER BY i.ref COLLATE "C", g.name COLLATE "C"
            """
    }
}
