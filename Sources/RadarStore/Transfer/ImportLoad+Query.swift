extension ImportLoad {
    /// The staging tables and the set-based inserts. Staging columns are text; casts happen on the way in, after
    /// validation made sure they succeed. Row-level security confines every join to the current organisation.
    enum Query {
        static func queries(for file: TransferFile) -> FileQueries {
            switch file {
            case .stakeholders:
                FileQueries(
                    createStaging: stakeholdersStaging, copy: stakeholdersCopy,
                    insert: upsertStakeholders)
            case .conversations:
                FileQueries(
                    createStaging: conversationsStaging, copy: conversationsCopy,
                    insert: insertConversations)
            case .participants:
                FileQueries(
                    createStaging: participantsStaging, copy: participantsCopy,
                    insert: insertParticipants)
            case .fears: FileQueries(createStaging: fearsStaging, copy: fearsCopy, insert: insertFears)
            case .commitments:
                FileQueries(
                    createStaging: commitmentsStaging, copy: commitmentsCopy,
                    insert: insertCommitments)
            case .initiatives:
                FileQueries(
                    createStaging: initiativesStaging, copy: initiativesCopy,
                    insert: insertInitiatives)
            case .priorities:
                FileQueries(
                    createStaging: prioritiesStaging, copy: prioritiesCopy,
                    insert: insertPriorities)
            case .initiativeMembers:
                FileQueries(createStaging: membersStaging, copy: membersCopy, insert: upsertMembers)
            case .initiativeSessions:
                FileQueries(createStaging: sessionsStaging, copy: sessionsCopy, insert: linkSessions)
            case .coachingGoals:
                FileQueries(createStaging: goalsStaging, copy: goalsCopy, insert: insertGoals)
            case .coachingObservations:
                FileQueries(createStaging: observationsStaging, copy: observationsCopy, insert: insertObservations)
            case .coachingPeriods:
                FileQueries(createStaging: periodsStaging, copy: periodsCopy, insert: insertPeriods)
            case .peerGroups:
                FileQueries(createStaging: peerGroupsStaging, copy: peerGroupsCopy, insert: insertPeerGroups)
            case .leaderCase:
                FileQueries(createStaging: leaderCaseStaging, copy: leaderCaseCopy, insert: insertLeaderCase)
            case .narratives:
                FileQueries(createStaging: narrativesStaging, copy: narrativesCopy, insert: insertNarratives)
            case .tensions:
                FileQueries(createStaging: tensionsStaging, copy: tensionsCopy, insert: insertTensions)
            case .benefits:
                FileQueries(createStaging: benefitsStaging, copy: benefitsCopy, insert: insertBenefits)
            case .benefitReadings:
                FileQueries(createStaging: readingsStaging, copy: readingsCopy, insert: insertReadings)
            case .strategyElements:
                FileQueries(createStaging: strandsStaging, copy: strandsCopy, insert: insertStrands)
            case .expectations:
                FileQueries(createStaging: expectationsStaging, copy: expectationsCopy, insert: insertExpectations)
            }
        }

        static let currentPlannerSettings = """
            SELECT current_setting('enable_nestloop') AS enable_nestloop, current_setting('work_mem') AS work_mem
            """
        static let bulkPlannerSettings = """
            SELECT set_config('enable_nestloop', 'off', true), set_config('work_mem', '64MB', true)
            """
        static let restorePlannerSettings = """
            SELECT set_config('enable_nestloop', $1, true), set_config('work_mem', $2, true)
            """

        static func analyze(_ file: TransferFile) -> String {
            switch file {
            case .stakeholders: "ANALYZE staging_stakeholders"
            case .conversations: "ANALYZE staging_conversations"
            case .participants: "ANALYZE staging_participants"
            case .fears: "ANALYZE staging_fears"
            case .commitments: "ANALYZE staging_commitments"
            case .initiatives: "ANALYZE staging_initiatives"
            case .priorities: "ANALYZE staging_priorities"
            case .initiativeMembers: "ANALYZE staging_initiative_members"
            case .initiativeSessions: "ANALYZE staging_initiative_sessions"
            case .coachingGoals: "ANALYZE staging_coaching_goals"
            case .coachingObservations: "ANALYZE staging_coaching_observations"
            case .coachingPeriods: "ANALYZE staging_coaching_periods"
            case .peerGroups: "ANALYZE staging_peer_groups"
            case .leaderCase: "ANALYZE staging_leader_case"
            case .narratives: "ANALYZE staging_narratives"
            case .tensions: "ANALYZE staging_tensions"
            case .benefits: "ANALYZE staging_benefits"
            case .benefitReadings: "ANALYZE staging_benefit_readings"
            case .strategyElements: "ANALYZE staging_strategy_elements"
            case .expectations: "ANALYZE staging_expectations"
            }
        }

        static let stakeholdersStaging = """
            CREATE TEMP TABLE staging_stakeholders (
                line integer, name text, email text, title text, tier text, role text, function text,
                influence text, interest text, engagement text, desired_engagement text, changed_on text,
                hr_owner text
            ) ON COMMIT DROP
            """
        static let stakeholdersCopy = """
            COPY staging_stakeholders (line, name, email, title, tier, role, function, influence, interest,
                                       engagement, desired_engagement, changed_on, hr_owner) FROM STDIN
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

        static let conversationsStaging = """
            CREATE TEMP TABLE staging_conversations (
                line integer, ref text, occurred_at text, kind text, initiated_by text, guidelines text, notes text,
                purpose text
            ) ON COMMIT DROP
            """
        static let conversationsCopy = """
            COPY staging_conversations (line, ref, occurred_at, kind, initiated_by, guidelines, notes, purpose) FROM STDIN
            """
        static let insertConversations = """
            INSERT INTO conversations (org_id, ref, occurred_at, kind, initiated_by, notes, purpose)
            SELECT radar_current_org(), s.ref, s.occurred_at::timestamptz, s.kind, i.id, s.notes, s.purpose
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

        static let participantsStaging = """
            CREATE TEMP TABLE staging_participants (
                line integer, conversation_ref text, email text, attendance text, engagement text
            ) ON COMMIT DROP
            """
        static let participantsCopy = """
            COPY staging_participants (line, conversation_ref, email, attendance, engagement) FROM STDIN
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

        static let fearsStaging = """
            CREATE TEMP TABLE staging_fears (
                line integer, email text, raised_on text, category text, statement text, severity text,
                status text, resolved_on text, conversation_ref text
            ) ON COMMIT DROP
            """
        static let fearsCopy = """
            COPY staging_fears (line, email, raised_on, category, statement, severity, status, resolved_on,
                                conversation_ref) FROM STDIN
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

        static let commitmentsStaging = """
            CREATE TEMP TABLE staging_commitments (
                line integer, owner_email text, made_on text, description text, due_on text, status text,
                done_on text, conversation_ref text, accountability_partner text
            ) ON COMMIT DROP
            """
        static let commitmentsCopy = """
            COPY staging_commitments (line, owner_email, made_on, description, due_on, status, done_on,
                                      conversation_ref, accountability_partner) FROM STDIN
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

        static let initiativesStaging = """
            CREATE TEMP TABLE staging_initiatives (
                line integer, ref text, title text, kind text, owner_email text, starts_on text, ends_on text,
                status text, success_measure text, outcome text, cadence_days text
            ) ON COMMIT DROP
            """
        static let initiativesCopy = """
            COPY staging_initiatives (line, ref, title, kind, owner_email, starts_on, ends_on, status,
                                      success_measure, outcome, cadence_days) FROM STDIN
            """
        static let insertInitiatives = """
            INSERT INTO initiatives (org_id, ref, title, kind, owner_id, starts_on, ends_on, status, success_measure,
                                     outcome, cadence_days)
            SELECT radar_current_org(), s.ref, s.title, s.kind, p.id, s.starts_on::date, s.ends_on::date, s.status,
                   s.success_measure, s.outcome, s.cadence_days::smallint
              FROM staging_initiatives s
              LEFT JOIN stakeholders p ON p.email = s.owner_email
             ORDER BY s.line
            """

        static let prioritiesStaging = """
            CREATE TEMP TABLE staging_priorities (
                line integer, priority text, function text, how_coaching_helps text, endorsed_by text,
                recorded_on text
            ) ON COMMIT DROP
            """
        static let prioritiesCopy = """
            COPY staging_priorities (line, priority, function, how_coaching_helps, endorsed_by, recorded_on)
            FROM STDIN
            """
        static let insertPriorities = """
            INSERT INTO business_priorities (org_id, priority, function, how_coaching_helps, endorsed_by, recorded_on)
            SELECT radar_current_org(), s.priority, s.function, s.how_coaching_helps, p.id, s.recorded_on::date
              FROM staging_priorities s
              LEFT JOIN stakeholders p ON p.email = s.endorsed_by
             ORDER BY s.line
            """

        static let membersStaging = """
            CREATE TEMP TABLE staging_initiative_members (
                line integer, initiative_ref text, email text, role text, enrolled_on text, left_on text
            ) ON COMMIT DROP
            """
        static let membersCopy = """
            COPY staging_initiative_members (line, initiative_ref, email, role, enrolled_on, left_on) FROM STDIN
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

        static let sessionsStaging = """
            CREATE TEMP TABLE staging_initiative_sessions (
                line integer, conversation_ref text, initiative_ref text
            ) ON COMMIT DROP
            """
        static let sessionsCopy = """
            COPY staging_initiative_sessions (line, conversation_ref, initiative_ref) FROM STDIN
            """
        /// Makes each named conversation a session of the named initiative.
        static let linkSessions = """
            UPDATE conversations c SET initiative_id = i.id
              FROM staging_initiative_sessions s
              JOIN initiatives i ON i.ref = s.initiative_ref
             WHERE c.ref = s.conversation_ref
            """

        static let goalsStaging = """
            CREATE TEMP TABLE staging_coaching_goals (
                line integer, email text, behaviour text, description text, observed_how text, set_on text,
                review_on text, closed_on text
            ) ON COMMIT DROP
            """
        static let goalsCopy = """
            COPY staging_coaching_goals (line, email, behaviour, description, observed_how, set_on, review_on,
                                         closed_on) FROM STDIN
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

        static let observationsStaging = """
            CREATE TEMP TABLE staging_coaching_observations (
                line integer, email text, behaviour text, goal_set_on text, observed_on text, note text
            ) ON COMMIT DROP
            """
        static let observationsCopy = """
            COPY staging_coaching_observations (line, email, behaviour, goal_set_on, observed_on, note) FROM STDIN
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

        static let strandsStaging = """
            CREATE TEMP TABLE staging_strategy_elements (line integer, element text, since text, until text)
            ON COMMIT DROP
            """
        static let strandsCopy = "COPY staging_strategy_elements (line, element, since, until) FROM STDIN"
        static let insertStrands = """
            INSERT INTO strategy_elements (org_id, element, since, until)
            SELECT radar_current_org(), s.element, s.since::date, s.until::date
              FROM staging_strategy_elements s ORDER BY s.line
            """
        static let expectationsStaging = """
            CREATE TEMP TABLE staging_expectations (
                line integer, initiative_ref text, presented_as text, presented_to text, presented_on text,
                realistic_outcome text, agreed_on text
            ) ON COMMIT DROP
            """
        static let expectationsCopy = """
            COPY staging_expectations (line, initiative_ref, presented_as, presented_to, presented_on,
                                       realistic_outcome, agreed_on) FROM STDIN
            """
        static let insertExpectations = """
            INSERT INTO initiative_expectations (org_id, initiative_id, presented_as, presented_to, presented_on,
                                                 realistic_outcome, agreed_on)
            SELECT radar_current_org(), i.id, s.presented_as, s.presented_to, s.presented_on::date,
                   s.realistic_outcome, s.agreed_on::date
              FROM staging_expectations s JOIN initiatives i ON i.ref = s.initiative_ref
             ORDER BY s.line
            """
        static let narrativesStaging = """
            CREATE TEMP TABLE staging_narratives (
                line integer, kind text, title text, statement text, recorded_on text
            ) ON COMMIT DROP
            """
        static let narrativesCopy = "COPY staging_narratives (line, kind, title, statement, recorded_on) FROM STDIN"
        static let insertNarratives = """
            INSERT INTO narratives (org_id, kind, title, statement, recorded_on)
            SELECT radar_current_org(), s.kind, s.title, s.statement, s.recorded_on::date
              FROM staging_narratives s ORDER BY s.line
            """
        static let tensionsStaging = """
            CREATE TEMP TABLE staging_tensions (
                line integer, stated_value text, rewarded_behaviour text, raised_by text, raised_on text,
                discussed_on text
            ) ON COMMIT DROP
            """
        static let tensionsCopy = """
            COPY staging_tensions (line, stated_value, rewarded_behaviour, raised_by, raised_on, discussed_on)
            FROM STDIN
            """
        static let insertTensions = """
            INSERT INTO tensions (org_id, stated_value, rewarded_behaviour, raised_by, raised_on, discussed_on)
            SELECT radar_current_org(), s.stated_value, s.rewarded_behaviour, p.id, s.raised_on::date,
                   s.discussed_on::date
              FROM staging_tensions s LEFT JOIN stakeholders p ON p.email = s.raised_by
             ORDER BY s.line
            """
        static let benefitsStaging = """
            CREATE TEMP TABLE staging_benefits (
                line integer, initiative_ref text, measure text, baseline text, baseline_on text
            ) ON COMMIT DROP
            """
        static let benefitsCopy =
            "COPY staging_benefits (line, initiative_ref, measure, baseline, baseline_on) FROM STDIN"
        static let insertBenefits = """
            INSERT INTO benefits (org_id, initiative_id, measure, baseline, baseline_on)
            SELECT radar_current_org(), i.id, s.measure, s.baseline::numeric, s.baseline_on::date
              FROM staging_benefits s JOIN initiatives i ON i.ref = s.initiative_ref
             ORDER BY s.line
            """
        static let readingsStaging = """
            CREATE TEMP TABLE staging_benefit_readings (
                line integer, initiative_ref text, measure text, measured_on text, value text, seen_by text
            ) ON COMMIT DROP
            """
        static let readingsCopy = """
            COPY staging_benefit_readings (line, initiative_ref, measure, measured_on, value, seen_by) FROM STDIN
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

        static let leaderCaseStaging = """
            CREATE TEMP TABLE staging_leader_case (
                line integer, email text, aspect text, recorded_on text, in_their_words text, role_model text
            ) ON COMMIT DROP
            """
        static let leaderCaseCopy = """
            COPY staging_leader_case (line, email, aspect, recorded_on, in_their_words, role_model) FROM STDIN
            """
        static let insertLeaderCase = """
            INSERT INTO leader_case_notes (org_id, stakeholder_id, aspect, recorded_on, in_their_words, role_model)
            SELECT radar_current_org(), p.id, s.aspect, s.recorded_on::date, s.in_their_words, s.role_model
              FROM staging_leader_case s
              JOIN stakeholders p ON p.email = s.email
             ORDER BY s.line
            """

        static let peerGroupsStaging = """
            CREATE TEMP TABLE staging_peer_groups (
                line integer, initiative_ref text, name text, members text, starts_on text, ends_on text,
                rhythm_days text
            ) ON COMMIT DROP
            """
        static let peerGroupsCopy = """
            COPY staging_peer_groups (line, initiative_ref, name, members, starts_on, ends_on, rhythm_days) FROM STDIN
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

        static let periodsStaging = """
            CREATE TEMP TABLE staging_coaching_periods (
                line integer, email text, kind text, since text, until text
            ) ON COMMIT DROP
            """
        static let periodsCopy = """
            COPY staging_coaching_periods (line, email, kind, since, until) FROM STDIN
            """
        static let insertPeriods = """
            INSERT INTO leader_coaching (org_id, stakeholder_id, kind, since, until)
            SELECT radar_current_org(), p.id, s.kind, s.since::date, s.until::date
              FROM staging_coaching_periods s
              JOIN stakeholders p ON p.email = s.email
             ORDER BY s.line
            """
    }
}
