extension ImportLoad {
    /// The staging tables and the set-based inserts. Staging columns are text; casts happen on the way in, after
    /// validation made sure they succeed. Row-level security confines every join to the current organisation.
    enum Query {
        /// The statement that moves `file`'s staged rows into the real tables.
        static func insert(for file: TransferFile) -> String {
            switch file {
            case .stakeholders: upsertStakeholders
            case .conversations: insertConversations
            case .participants: insertParticipants
            case .fears: insertFears
            case .commitments: insertCommitments
            case .initiatives: insertInitiatives
            case .priorities: insertPriorities
            case .initiativeMembers: upsertMembers
            case .initiativeSessions: linkSessions
            case .coachingGoals: insertGoals
            case .coachingObservations: insertObservations
            case .coachingPeriods: insertPeriods
            case .peerGroups: insertPeerGroups
            case .leaderCase: insertLeaderCase
            case .narratives: insertNarratives
            case .tensions: insertTensions
            case .benefits: insertBenefits
            case .benefitReadings: insertReadings
            case .strategyElements: insertStrands
            case .expectations: insertExpectations
            case .influenceLinks: insertInfluenceLinks
            }
        }

        /// `file`'s staging table: the line number, then one text column per column of the file, in its order.
        static func staging(for file: TransferFile) -> String {
            let columns = (["line integer"] + file.columns.map { "\($0) text" }).joined(separator: ", ")
            return "CREATE TEMP TABLE \(stagingTable(file)) (\(columns)) ON COMMIT DROP"
        }

        /// The COPY that fills `file`'s staging table with rows staged in the order of its columns.
        static func copy(for file: TransferFile) -> String {
            "COPY \(stagingTable(file)) (\((["line"] + file.columns).joined(separator: ", "))) FROM STDIN"
        }

        static func analyze(_ file: TransferFile) -> String { "ANALYZE \(stagingTable(file))" }

        private static func stagingTable(_ file: TransferFile) -> String { "staging_" + file.rawValue }

        static let currentPlannerSettings = """
            SELECT current_setting('enable_nestloop') AS enable_nestloop, current_setting('work_mem') AS work_mem
            """
        static let bulkPlannerSettings = """
            SELECT set_config('enable_nestloop', 'off', true), set_config('work_mem', '64MB', true)
            """
        static let restorePlannerSettings = """
            SELECT set_config('enable_nestloop', $1, true), set_config('work_mem', $2, true)
            """

        /// Inserts new people and updates those whose e-mail exists, leaving identical rows untouched (no new
        /// version, no audit event); counts both. `xmax = 0` marks a row this statement inserted.
        static let upsertStakeholders = """
            WITH written AS (
                INSERT INTO stakeholders AS t (org_id, name, email, title, tier, role, function, influence, interest,
                                               engagement, desired_engagement, changed_at, hr_owner_user_id)
                SELECT radar_current_org(), s.name, s.email, s.title, s.tier, s.role, s.function,
                       s.influence::smallint, s.interest::smallint, s.engagement, s.desired_engagement,
                       -- A change takes effect at the start of its `changed_on` day there, else when imported.
                       s.changed_on::date::timestamp AT TIME ZONE (SELECT o.time_zone FROM organisations o
                                                                    WHERE o.id = radar_current_org()),
                       -- Validation checked that the owner is one of the organisation's HR users.
                       (SELECT u.id FROM users u WHERE u.email = s.hr_owner)
                  FROM staging_stakeholders s
                 ORDER BY s.line
                ON CONFLICT (org_id, email) DO UPDATE
                   SET name = EXCLUDED.name, title = EXCLUDED.title, tier = EXCLUDED.tier, role = EXCLUDED.role,
                       function = EXCLUDED.function, influence = EXCLUDED.influence, interest = EXCLUDED.interest,
                       engagement = EXCLUDED.engagement, desired_engagement = EXCLUDED.desired_engagement,
                       changed_at = EXCLUDED.changed_at,
                       hr_owner_user_id = COALESCE(EXCLUDED.hr_owner_user_id, t.hr_owner_user_id)
                 WHERE (t.name, t.title, t.tier, t.role, t.function, t.influence, t.interest, t.engagement,
                        t.desired_engagement, t.hr_owner_user_id)
                       IS DISTINCT FROM
                       (EXCLUDED.name, EXCLUDED.title, EXCLUDED.tier, EXCLUDED.role, EXCLUDED.function,
                        EXCLUDED.influence, EXCLUDED.interest, EXCLUDED.engagement, EXCLUDED.desired_engagement,
                        COALESCE(EXCLUDED.hr_owner_user_id, t.hr_owner_user_id))
                RETURNING (t.xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
              FROM written
            """

        static let insertConversations = """
            INSERT INTO conversations (org_id, ref, occurred_at, kind, initiated_by, notes, purpose)
            SELECT radar_current_org(), s.ref, s.occurred_at::timestamptz, s.kind, i.id, s.summary, s.purpose
              FROM staging_conversations s
              LEFT JOIN stakeholders i ON i.email = s.initiated_by
             ORDER BY s.line
            """
        static let insertGuidelines = """
            INSERT INTO conversation_guidelines (org_id, conversation_id, guideline)
            SELECT radar_current_org(), c.id, g.code
              FROM staging_conversations s
              JOIN conversations c ON c.ref = s.ref
             CROSS JOIN LATERAL unnest(string_to_array(s.guidelines, ';')) AS g (code)
             WHERE s.guidelines IS NOT NULL
            """

        /// The trigger `conversation_participants_time` copies each conversation's time into the row.
        static let insertParticipants = """
            INSERT INTO conversation_participants (org_id, conversation_id, stakeholder_id, attendance, engagement)
            SELECT radar_current_org(), c.id, p.id, s.attendance, s.engagement
              FROM staging_participants s
              JOIN conversations c ON c.ref = s.conversation_ref
              JOIN stakeholders p ON p.email = s.email
             ORDER BY s.line
            """

        static let insertFears = """
            INSERT INTO fears (org_id, stakeholder_id, conversation_id, category, statement, severity, status,
                               raised_on, resolved_on)
            SELECT radar_current_org(), p.id, c.id, s.category, s.statement, s.severity, s.status,
                   s.raised_on::date, s.resolved_on::date
              FROM staging_fears s
              JOIN stakeholders p ON p.email = s.email
              LEFT JOIN conversations c ON c.ref = s.conversation_ref
             ORDER BY s.line
            """

        static let insertCommitments = """
            INSERT INTO commitments (org_id, owner_id, conversation_id, description, made_on, due_on, status, done_on,
                                     partner_id)
            SELECT radar_current_org(), p.id, c.id, s.description, s.made_on::date, s.due_on::date, s.status,
                   s.done_on::date, a.id
              FROM staging_commitments s
              JOIN stakeholders p ON p.email = s.owner_email
              LEFT JOIN conversations c ON c.ref = s.conversation_ref
              LEFT JOIN stakeholders a ON a.email = s.accountability_partner
             ORDER BY s.line
            """

        // Ids are drawn first, so that a roll-out can name a pilot of the same file (the foreign key is checked at
        // the end of the statement).
        static let insertInitiatives = """
            WITH fresh AS (SELECT s.*, gen_random_uuid() AS id FROM staging_initiatives s)
            INSERT INTO initiatives (org_id, id, ref, title, kind, owner_id, starts_on, ends_on, status,
                                     success_measure, outcome, cadence_days, pilot_id)
            SELECT radar_current_org(), f.id, f.ref, f.title, f.kind, p.id, f.starts_on::date, f.ends_on::date,
                   f.status, f.success_measure, f.outcome, f.cadence_days::smallint,
                   COALESCE((SELECT g.id FROM fresh g WHERE g.ref = f.pilot), x.id)
              FROM fresh f
              LEFT JOIN stakeholders p ON p.email = f.owner_email
              LEFT JOIN initiatives x ON x.ref = f.pilot
             ORDER BY f.line
            """

        static let insertPriorities = """
            INSERT INTO business_priorities (org_id, priority, function, how_coaching_helps, endorsed_by, recorded_on)
            SELECT radar_current_org(), s.priority, s.function, s.how_coaching_helps, p.id, s.recorded_on::date
              FROM staging_priorities s
              LEFT JOIN stakeholders p ON p.email = s.endorsed_by
             ORDER BY s.line
            """

        /// An enrolment the organisation holds already takes the file's role and days, as people do by e-mail.
        static let upsertMembers = """
            INSERT INTO initiative_members (org_id, initiative_id, stakeholder_id, role, enrolled_on, left_on)
            SELECT radar_current_org(), i.id, p.id, s.role, s.enrolled_on::date, s.left_on::date
              FROM staging_initiative_members s
              JOIN initiatives i ON i.ref = s.initiative_ref
              JOIN stakeholders p ON p.email = s.email
             ORDER BY s.line
            ON CONFLICT (org_id, initiative_id, stakeholder_id) DO UPDATE
               SET role = EXCLUDED.role, enrolled_on = EXCLUDED.enrolled_on, left_on = EXCLUDED.left_on
            """

        /// Makes each named conversation a session of the named initiative.
        static let linkSessions = """
            UPDATE conversations c SET initiative_id = i.id
              FROM staging_initiative_sessions s
              JOIN initiatives i ON i.ref = s.initiative_ref
             WHERE c.ref = s.conversation_ref
            """

        static let insertGoals = """
            INSERT INTO coaching_goals (org_id, stakeholder_id, behaviour, description, observed_how, set_on,
                                        review_on, closed_on)
            SELECT radar_current_org(), p.id, s.behaviour, s.description, s.observed_how, s.set_on::date,
                   s.review_on::date, s.closed_on::date
              FROM staging_coaching_goals s
              JOIN stakeholders p ON p.email = s.email
             ORDER BY s.line
            """

        static let insertObservations = """
            INSERT INTO coaching_observations (org_id, goal_id, observed_on, note)
            SELECT radar_current_org(), g.id, s.observed_on::date, s.note
              FROM staging_coaching_observations s
              JOIN stakeholders p ON p.email = s.email
              JOIN coaching_goals g ON g.stakeholder_id = p.id AND g.behaviour = s.behaviour
                                   AND g.set_on = s.goal_set_on::date
             ORDER BY s.line
            """

        static let insertStrands = """
            INSERT INTO strategy_elements (org_id, element, since, until)
            SELECT radar_current_org(), s.element, s.since::date, s.until::date
              FROM staging_strategy_elements s ORDER BY s.line
            """
        static let insertExpectations = """
            INSERT INTO initiative_expectations (org_id, initiative_id, presented_as, presented_to, presented_on,
                                                 realistic_outcome, agreed_on)
            SELECT radar_current_org(), i.id, s.presented_as, s.presented_to, s.presented_on::date,
                   s.realistic_outcome, s.agreed_on::date
              FROM staging_expectations s JOIN initiatives i ON i.ref = s.initiative_ref
             ORDER BY s.line
            """
        static let insertNarratives = """
            INSERT INTO narratives (org_id, kind, title, statement, recorded_on)
            SELECT radar_current_org(), s.kind, s.title, s.statement, s.recorded_on::date
              FROM staging_narratives s ORDER BY s.line
            """
        static let insertTensions = """
            INSERT INTO tensions (org_id, stated_value, rewarded_behaviour, raised_by, raised_on, discussed_on)
            SELECT radar_current_org(), s.stated_value, s.rewarded_behaviour, p.id, s.raised_on::date,
                   s.discussed_on::date
              FROM staging_tensions s LEFT JOIN stakeholders p ON p.email = s.raised_by
             ORDER BY s.line
            """
        static let insertBenefits = """
            INSERT INTO benefits (org_id, initiative_id, measure, baseline, baseline_on)
            SELECT radar_current_org(), i.id, s.measure, s.baseline::numeric, s.baseline_on::date
              FROM staging_benefits s JOIN initiatives i ON i.ref = s.initiative_ref
             ORDER BY s.line
            """
        // The readings, then who saw each, from the same staged rows; one row answered per reading.
        static let insertReadings = """
            WITH readings AS (
                INSERT INTO benefit_readings (org_id, benefit_id, measured_on, value)
                SELECT radar_current_org(), b.id, s.measured_on::date, s.value::numeric
                  FROM staging_benefit_readings s
                  JOIN initiatives i ON i.ref = s.initiative_ref
                  JOIN benefits b ON b.initiative_id = i.id AND b.measure = s.measure
                 ORDER BY s.line
                RETURNING id, benefit_id, measured_on
            ), viewers AS (
                INSERT INTO benefit_reading_viewers (org_id, reading_id, stakeholder_id)
                SELECT radar_current_org(), r.id, p.id
                  FROM staging_benefit_readings s
                  JOIN initiatives i ON i.ref = s.initiative_ref
                  JOIN benefits b ON b.initiative_id = i.id AND b.measure = s.measure
                  JOIN readings r ON r.benefit_id = b.id AND r.measured_on = s.measured_on::date
                 CROSS JOIN LATERAL unnest(string_to_array(NULLIF(s.seen_by, ''), ';')) AS v(email)
                  JOIN stakeholders p ON p.email = v.email
                RETURNING 1
            )
            SELECT r.id FROM readings r WHERE (SELECT count(*) FROM viewers) >= 0
            """

        static let insertLeaderCase = """
            INSERT INTO leader_case_notes (org_id, stakeholder_id, aspect, recorded_on, in_their_words, role_model)
            SELECT radar_current_org(), p.id, s.aspect, s.recorded_on::date, s.in_their_words, s.role_model
              FROM staging_leader_case s
              JOIN stakeholders p ON p.email = s.email
             ORDER BY s.line
            """

        // The groups, then their members from the same staged rows; the statement answers one row per group, so
        // the count checked against the file's rows is the groups'.
        static let insertPeerGroups = """
            WITH groups AS (
                INSERT INTO peer_groups (org_id, initiative_id, name, starts_on, ends_on, rhythm_days)
                SELECT radar_current_org(), i.id, s.name, s.starts_on::date, s.ends_on::date, s.rhythm_days::smallint
                  FROM staging_peer_groups s
                  JOIN initiatives i ON i.ref = s.initiative_ref
                 ORDER BY s.line
                RETURNING id, initiative_id, name
            ), members AS (
                INSERT INTO peer_group_members (org_id, group_id, stakeholder_id)
                SELECT radar_current_org(), g.id, p.id
                  FROM staging_peer_groups s
                  JOIN initiatives i ON i.ref = s.initiative_ref
                  JOIN groups g ON g.initiative_id = i.id AND g.name = s.name
                 CROSS JOIN LATERAL unnest(string_to_array(s.members, ';')) AS m(email)
                  JOIN stakeholders p ON p.email = m.email
                RETURNING 1
            )
            SELECT g.id FROM groups g WHERE (SELECT count(*) FROM members) >= 0
            """

        static let insertPeriods = """
            INSERT INTO leader_coaching (org_id, stakeholder_id, kind, since, until)
            SELECT radar_current_org(), p.id, s.kind, s.since::date, s.until::date
              FROM staging_coaching_periods s
              JOIN stakeholders p ON p.email = s.email
             ORDER BY s.line
            """
        static let insertInfluenceLinks = """
            INSERT INTO influence_links (org_id, stakeholder_id, kind, other_id, since, until)
            SELECT radar_current_org(), p.id, s.kind, o.id, s.since::date, s.until::date
              FROM staging_influence_links s
              JOIN stakeholders p ON p.email = s.email
              JOIN stakeholders o ON o.email = s.other_email
             ORDER BY s.line
            """
    }
}
