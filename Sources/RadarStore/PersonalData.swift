import Foundation
import Postgres

/// How many rows of one kind an erasure rewrote (or would rewrite).
public struct ErasureCount: Sendable, Hashable, Codable {
    /// What the rows are, in the product's words, e.g. `fears` or `history, stored answers and sign-ins`.
    public var what: String
    public var rows: Int
}

/// The outcome of erasing one stakeholder.
public struct Erasure: Sendable, Hashable {
    public var stakeholderID: UUID
    public var counts: [ErasureCount]
    /// Archived digests that were rewritten: copies already delivered from them are out of date.
    public var digestIDs: [UUID] = []
}

/// Everything an organisation holds about one stakeholder, exported or erased on the person's request
/// (GDPR articles 15 and 17).
///
/// Erasure rule, chosen to be simple to explain and hard to get wrong: the stakeholder row is anonymised; the
/// free text the person owns is cleared (fears they voiced, descriptions of commitments they own, success
/// measures, outcomes and evidence of initiatives they own, how coaching helps priorities they endorsed); their
/// enrolments in initiatives, coaching goals (with their observations), coaching periods, places in peer groups and
/// notes of their case as a leader are deleted (their attendance at sessions stays, as structure), and commitments
/// they were accountability partner for no longer name them; the notes of every conversation they took part in
/// or initiated are cleared, whoever else was there, because notes may name them in ways no search finds; the
/// tensions they raised no longer name them and they are no longer listed as having seen a benefit's reading; flags
/// about them lose their message and evidence; and wherever else their
/// full name or e-mail appears as a whole word (other people's text, whom an initiative was presented to, digests,
/// JSON, the audit trail) it is replaced
/// by "(erased)"; in archived digests their own entries (fears, commitments, their line among the leaders, flags
/// about them) first lose what they said, promised or were described as. Stored answers to API retries (sealed, so
/// not searchable) lose their bodies, and if they can sign in to the organisation their sessions and tokens end. Structure stays (ids, dates, kinds, tiers, attendance) so aggregate reports still add up.
/// First names and nicknames in other conversations cannot be found mechanically and are not touched.
public struct PersonalData {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// One kind of row erasure rewrites. SQL parts see the row as `t` and the person as `p` (`p.id`, `p.email`,
    /// `p.needles` = their name and e-mail); the only bind parameter is the person's id.
    struct Rewrite: Sendable {
        var what: String
        var table: String
        var assignments: String
        var condition: String

        static let person = """
            WITH p AS (SELECT s.id, s.email,
                              ARRAY[s.name, s.email] || ARRAY(SELECT a.email FROM stakeholder_aliases a
                                                               WHERE a.stakeholder_id = s.id) AS needles
                         FROM stakeholders s WHERE s.id = $1)
            """

        var update: String { "\(Self.person) UPDATE \(table) t SET \(assignments) FROM p WHERE \(condition)" }
    }

    enum Query {
        // Rows added for the person by concurrent transactions wait until the erasure commits, not slip past it.
        static let lockPerson = "SELECT id FROM stakeholders WHERE id = $1 FOR UPDATE"
        static let erasedFlagMessage = "'Details erased at the person''s request.'"
        static let involvedInConversation = """
            (t.initiated_by = p.id OR EXISTS (SELECT FROM conversation_participants cp
                                              WHERE cp.conversation_id = t.id AND cp.stakeholder_id = p.id))
            """
        static let flagAboutThem = "(t.subject_kind = 'stakeholder' AND t.subject_id = p.id)"

        /// In the order they run; the stakeholder row and the trails come last, in `finish`.
        static let rewrites: [Rewrite] = [
            Rewrite(
                what: "fears", table: "fears",
                assignments: """
                    statement = CASE WHEN t.stakeholder_id = p.id THEN '(erased)'
                                     ELSE radar_redact(t.statement, p.needles) END,
                    mitigation = CASE WHEN t.stakeholder_id = p.id THEN NULL
                                      ELSE radar_redact(t.mitigation, p.needles) END
                    """,
                condition: """
                    (t.stakeholder_id = p.id AND (t.statement <> '(erased)' OR t.mitigation IS NOT NULL))
                    OR radar_mentions(t.statement, p.needles) OR radar_mentions(t.mitigation, p.needles)
                    """),
            Rewrite(
                what: "commitments", table: "commitments",
                assignments: """
                    description = CASE WHEN t.owner_id = p.id THEN NULL ELSE radar_redact(t.description, p.needles) END
                    """,
                condition: """
                    (t.owner_id = p.id AND t.description IS NOT NULL) OR radar_mentions(t.description, p.needles)
                    """),
            Rewrite(
                what: "conversation notes", table: "conversations",
                assignments: """
                    notes = CASE WHEN \(involvedInConversation) THEN NULL ELSE radar_redact(t.notes, p.needles) END
                    """,
                condition: """
                    t.notes IS NOT NULL AND (\(involvedInConversation) OR radar_mentions(t.notes, p.needles))
                    """),
            Rewrite(
                what: "initiatives", table: "initiatives",
                assignments: """
                    title = radar_redact(t.title, p.needles),
                    success_measure = CASE WHEN t.owner_id = p.id THEN NULL
                                           ELSE radar_redact(t.success_measure, p.needles) END,
                    outcome = CASE WHEN t.owner_id = p.id THEN NULL ELSE radar_redact(t.outcome, p.needles) END,
                    evidence = CASE WHEN t.owner_id = p.id THEN NULL ELSE radar_redact(t.evidence, p.needles) END
                    """,
                condition: """
                    (t.owner_id = p.id AND (t.success_measure IS NOT NULL OR t.outcome IS NOT NULL
                                            OR t.evidence IS NOT NULL))
                    OR radar_mentions(t.title, p.needles) OR radar_mentions(t.success_measure, p.needles)
                    OR radar_mentions(t.outcome, p.needles) OR radar_mentions(t.evidence, p.needles)
                    """),
            // Who an initiative was presented to is free text: a leader may be named there, or in what was promised.
            Rewrite(
                what: "expectations", table: "initiative_expectations",
                assignments: """
                    presented_to = radar_redact(t.presented_to, p.needles),
                    presented_as = radar_redact(t.presented_as, p.needles),
                    realistic_outcome = radar_redact(t.realistic_outcome, p.needles)
                    """,
                condition: """
                    radar_mentions(t.presented_to, p.needles) OR radar_mentions(t.presented_as, p.needles)
                    OR radar_mentions(t.realistic_outcome, p.needles)
                    """),
            Rewrite(
                what: "business priorities", table: "business_priorities",
                assignments: """
                    how_coaching_helps = CASE WHEN t.endorsed_by = p.id THEN NULL
                                              ELSE radar_redact(t.how_coaching_helps, p.needles) END
                    """,
                condition: """
                    (t.endorsed_by = p.id AND t.how_coaching_helps IS NOT NULL)
                    OR radar_mentions(t.how_coaching_helps, p.needles)
                    """),
            Rewrite(
                what: "flags", table: "flags",
                assignments: """
                    message = CASE WHEN \(flagAboutThem) THEN \(erasedFlagMessage)
                                   ELSE radar_redact(t.message, p.needles) END,
                    evidence = CASE WHEN \(flagAboutThem) THEN '{}' ELSE radar_redact(t.evidence, p.needles) END,
                    status_reason = CASE WHEN \(flagAboutThem) THEN NULL
                                         ELSE radar_redact(t.status_reason, p.needles) END,
                    next_step = radar_redact(t.next_step, p.needles),
                    acknowledged_by = CASE WHEN lower(t.acknowledged_by) = p.email THEN radar_erased_email(p.id)
                                           ELSE radar_redact(t.acknowledged_by, p.needles) END
                    """,
                condition: """
                    (\(flagAboutThem) AND (t.message <> \(erasedFlagMessage) OR t.evidence <> '{}'
                                          OR t.status_reason IS NOT NULL))
                    OR lower(t.acknowledged_by) = p.email OR radar_mentions(t.acknowledged_by, p.needles)
                    OR radar_mentions(t.message, p.needles) OR radar_mentions(t.next_step, p.needles)
                    OR radar_mentions(t.status_reason, p.needles) OR radar_mentions(t.evidence, p.needles)
                    """),
            Rewrite(
                what: "digests", table: "digests",
                assignments: "content = radar_redact(radar_erase_in_document(t.content, p.email), p.needles)",
                condition: "radar_mentions(t.content, p.needles)"),
            Rewrite(
                what: "engagement snapshots", table: "engagement_snapshots",
                assignments: "components = radar_redact(t.components, p.needles)",
                condition: "radar_mentions(t.components, p.needles)"),
            // A digest sent to their address would keep delivering their organisation's news to an erased person.
            Rewrite(
                what: "delivery channels", table: "delivery_channels",
                assignments: "target = radar_erased_email(p.id), enabled = false",
                condition: "t.kind = 'email' AND lower(t.target) = p.email"),
            Rewrite(
                what: "delivery errors", table: "digest_deliveries",
                assignments: "last_error = radar_redact(t.last_error, p.needles)",
                condition: "radar_mentions(t.last_error, p.needles)"),
            Rewrite(
                what: "organisation settings", table: "organisations",
                assignments: "settings = radar_redact(t.settings, p.needles)",
                condition: "t.id = radar_current_org() AND radar_mentions(t.settings, p.needles)"),
        ]

        /// The archived digests the erasure rewrites (those that name the person), read before it does.
        static let digestsNamingThem = """
            \(Rewrite.person) SELECT t.id FROM digests t, p WHERE radar_mentions(t.content, p.needles) ORDER BY t.week_start
            """

        /// Scrubs the audit and flag trails, forgets stored answers, sessions and tokens, anonymises the row and
        /// appends the one 'erase' event
        /// (see `sql/definitions/radar_erase_stakeholder.sql`).
        static let finish = "SELECT radar_erase_stakeholder($1) AS scrubbed"
        static let exportAliases = """
            SELECT COALESCE(jsonb_agg(a.email ORDER BY a.email), '[]') FROM stakeholder_aliases a
             WHERE a.stakeholder_id = $1
            """

        static let export = """
            SELECT jsonb_build_object(
                       'organisation', (SELECT o.slug FROM organisations o WHERE o.id = radar_current_org()),
                       'exported_at', radar_iso8601(now()),
                       'stakeholder', (\(exportStakeholder)),
                       'aliases', (\(exportAliases)),
                       'conversations', (\(exportConversations)),
                       'conversations_initiated', (\(exportInitiated)),
                       'fears', (\(exportFears)),
                       'commitments', (\(exportCommitments)),
                       'initiatives_owned', (\(exportInitiatives)),
                       'initiatives_enrolled', (\(exportEnrolments)),
                       'coaching_goals', (\(exportCoachingGoals)),
                       'coaching_periods', (\(exportCoachingPeriods)),
                       'peer_groups', (\(exportPeerGroups)),
                       'influence_links', (\(exportInfluenceLinks)),
                       'leader_case', (\(exportLeaderCase)),
                       'tensions_raised', (\(exportTensions)),
                       'benefit_readings_seen', (\(exportReadingsSeen)),
                       'accountability_partner_of', (\(exportPartnerships)),
                       'expectations_naming_them', (\(exportExpectations)),
                       'priorities_endorsed', (\(exportPriorities)),
                       'engagement_snapshots', (\(exportSnapshots)),
                       'flags', (\(exportFlags)),
                       'audit_events', (\(exportAuditEvents)))::text AS document
            """
        static let exportStakeholder = """
            SELECT jsonb_build_object(
                       'id', s.id, 'name', s.name, 'email', s.email, 'title', s.title, 'tier', s.tier, 'role', s.role,
                       'function', s.function, 'influence', s.influence, 'interest', s.interest,
                       'engagement', s.engagement, 'desired_engagement', s.desired_engagement,
                       'hr_owner_email', o.email, 'active', s.active, 'left_on', s.left_on,
                       'created_at', radar_iso8601(s.created_at), 'updated_at', radar_iso8601(s.updated_at),
                       'version', s.version)
              FROM stakeholders s LEFT JOIN users o ON o.id = s.hr_owner_user_id
             WHERE s.id = $1
            """
        static let guidelinesOfC = """
            (SELECT COALESCE(jsonb_agg(g.guideline ORDER BY g.guideline), '[]')
               FROM conversation_guidelines g WHERE g.conversation_id = c.id)
            """
        static let exportConversations = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'ref', c.ref, 'occurred_at', radar_iso8601(c.occurred_at), 'kind', c.kind,
                       'attendance', cp.attendance, 'engagement', cp.engagement,
                       'initiated_by_them', COALESCE(c.initiated_by = $1, false),
                       'guidelines', \(guidelinesOfC), 'notes', c.notes) ORDER BY c.occurred_at, c.ref), '[]')
              FROM conversation_participants cp JOIN conversations c ON c.id = cp.conversation_id
             WHERE cp.stakeholder_id = $1
            """
        static let exportInitiated = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'ref', c.ref, 'occurred_at', radar_iso8601(c.occurred_at), 'kind', c.kind,
                       'guidelines', \(guidelinesOfC), 'notes', c.notes) ORDER BY c.occurred_at, c.ref), '[]')
              FROM conversations c
             WHERE c.initiated_by = $1
            """
        static let exportFears = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'id', f.id, 'conversation_ref', c.ref, 'category', f.category, 'statement', f.statement,
                       'severity', f.severity, 'status', f.status, 'mitigation', f.mitigation,
                       'raised_on', f.raised_on, 'resolved_on', f.resolved_on,
                       'created_at', radar_iso8601(f.created_at), 'updated_at', radar_iso8601(f.updated_at))
                       ORDER BY f.raised_on, f.id), '[]')
              FROM fears f LEFT JOIN conversations c ON c.id = f.conversation_id
             WHERE f.stakeholder_id = $1
            """
        static let exportCommitments = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'id', m.id, 'conversation_ref', c.ref, 'description', m.description, 'made_on', m.made_on,
                       'due_on', m.due_on, 'status', m.status, 'done_on', m.done_on,
                       'created_at', radar_iso8601(m.created_at), 'updated_at', radar_iso8601(m.updated_at))
                       ORDER BY m.made_on, m.id), '[]')
              FROM commitments m LEFT JOIN conversations c ON c.id = m.conversation_id
             WHERE m.owner_id = $1
            """
        static let exportInitiatives = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'ref', i.ref, 'title', i.title, 'kind', i.kind, 'starts_on', i.starts_on, 'ends_on', i.ends_on,
                       'status', i.status, 'success_measure', i.success_measure, 'outcome', i.outcome,
                       'evidence', i.evidence) ORDER BY i.starts_on, i.ref), '[]')
              FROM initiatives i
             WHERE i.owner_id = $1
            """
        static let exportEnrolments = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'initiative_ref', i.ref, 'title', i.title, 'role', m.role, 'enrolled_on', m.enrolled_on,
                       'left_on', m.left_on) ORDER BY m.enrolled_on, i.ref), '[]')
              FROM initiative_members m JOIN initiatives i ON i.org_id = m.org_id AND i.id = m.initiative_id
             WHERE m.stakeholder_id = $1
            """
        static let exportCoachingGoals = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'behaviour', g.behaviour, 'description', g.description, 'observed_how', g.observed_how,
                       'set_on', g.set_on, 'review_on', g.review_on, 'closed_on', g.closed_on,
                       'observations', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                            'observed_on', o.observed_on, 'note', o.note)
                                            ORDER BY o.observed_on, o.id), '[]')
                                          FROM coaching_observations o WHERE o.goal_id = g.id))
                       ORDER BY g.set_on, g.behaviour), '[]')
              FROM coaching_goals g
             WHERE g.stakeholder_id = $1
            """
        static let exportCoachingPeriods = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object('kind', c.kind, 'since', c.since, 'until', c.until)
                       ORDER BY c.since, c.id), '[]')
              FROM leader_coaching c
             WHERE c.stakeholder_id = $1
            """
        /// The programme's records that are about the person alone go whole: enrolments, coaching goals with their
        /// observations, and coaching periods. An anonymised member or goal would say nothing to anyone.
        static let exportTensions = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'stated_value', t.stated_value, 'rewarded_behaviour', t.rewarded_behaviour,
                       'raised_on', t.raised_on, 'discussed_on', t.discussed_on) ORDER BY t.raised_on, t.id), '[]')
              FROM tensions t
             WHERE t.raised_by = $1
            """
        static let exportReadingsSeen = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'initiative_ref', i.ref, 'measure', b.measure, 'measured_on', r.measured_on, 'value', r.value)
                       ORDER BY r.measured_on, i.ref, b.measure), '[]')
              FROM benefit_reading_viewers v
              JOIN benefit_readings r ON r.org_id = v.org_id AND r.id = v.reading_id
              JOIN benefits b ON b.org_id = r.org_id AND b.id = r.benefit_id
              JOIN initiatives i ON i.org_id = b.org_id AND i.id = b.initiative_id
             WHERE v.stakeholder_id = $1
            """
        static let exportLeaderCase = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'aspect', n.aspect, 'recorded_on', n.recorded_on, 'in_their_words', n.in_their_words,
                       'role_model', n.role_model) ORDER BY n.recorded_on, n.aspect), '[]')
              FROM leader_case_notes n
             WHERE n.stakeholder_id = $1
            """
        // The groups only: who else was in them is the other members' data.
        static let exportPeerGroups = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'initiative_ref', i.ref, 'name', g.name, 'starts_on', g.starts_on, 'ends_on', g.ends_on,
                       'rhythm_days', g.rhythm_days) ORDER BY g.starts_on, i.ref, g.name), '[]')
              FROM peer_group_members m
              JOIN peer_groups g ON g.org_id = m.org_id AND g.id = m.group_id
              JOIN initiatives i ON i.org_id = g.org_id AND i.id = g.initiative_id
             WHERE m.stakeholder_id = $1
            """
        // Their links of influence, either end: how they stand to whom, and from when to when.
        static let exportInfluenceLinks = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'person', p.email, 'kind', l.kind, 'other', o.email, 'since', l.since, 'until', l.until)
                       ORDER BY l.since, l.kind, p.email, o.email), '[]')
              FROM influence_links l
              JOIN stakeholders p ON p.org_id = l.org_id AND p.id = l.stakeholder_id
              JOIN stakeholders o ON o.org_id = l.org_id AND o.id = l.other_id
             WHERE l.stakeholder_id = $1 OR l.other_id = $1
            """
        // The initiatives presented to them, or promising something in their name: the expectation as written.
        static let exportExpectations = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'initiative_ref', i.ref, 'presented_as', e.presented_as, 'presented_to', e.presented_to,
                       'presented_on', e.presented_on, 'realistic_outcome', e.realistic_outcome,
                       'agreed_on', e.agreed_on) ORDER BY e.presented_on, i.ref), '[]')
              FROM initiative_expectations e
              JOIN initiatives i ON i.org_id = e.org_id AND i.id = e.initiative_id,
                   (SELECT ARRAY[s.name, s.email] || ARRAY(SELECT a.email FROM stakeholder_aliases a
                                                            WHERE a.stakeholder_id = s.id) AS needles
                      FROM stakeholders s WHERE s.id = $1) p
             WHERE radar_mentions(e.presented_to, p.needles) OR radar_mentions(e.presented_as, p.needles)
                OR radar_mentions(e.realistic_outcome, p.needles)
            """
        // Which commitments they were named to hold someone to, not the commitments' text (the owner's data).
        static let exportPartnerships = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'commitment_id', c.id, 'made_on', c.made_on, 'due_on', c.due_on, 'status', c.status)
                       ORDER BY c.made_on, c.id), '[]')
              FROM commitments c
             WHERE c.partner_id = $1
            """
        static let deletes: [(what: String, statement: String)] = [
            ("enrolments", "DELETE FROM initiative_members WHERE stakeholder_id = $1"),
            ("coaching goals", "DELETE FROM coaching_goals WHERE stakeholder_id = $1"),
            ("coaching periods", "DELETE FROM leader_coaching WHERE stakeholder_id = $1"),
            ("peer group places", "DELETE FROM peer_group_members WHERE stakeholder_id = $1"),
            ("influence links", "DELETE FROM influence_links WHERE stakeholder_id = $1 OR other_id = $1"),
            ("leader's case notes", "DELETE FROM leader_case_notes WHERE stakeholder_id = $1"),
            ("benefit readings seen", "DELETE FROM benefit_reading_viewers WHERE stakeholder_id = $1"),
            ("tensions raised", "UPDATE tensions SET raised_by = NULL WHERE raised_by = $1"),
            ("accountability partnerships", "UPDATE commitments SET partner_id = NULL WHERE partner_id = $1"),
        ]
        static let exportPriorities = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'priority', b.priority, 'function', b.function, 'how_coaching_helps', b.how_coaching_helps,
                       'recorded_on', b.recorded_on) ORDER BY b.recorded_on, b.priority), '[]')
              FROM business_priorities b
             WHERE b.endorsed_by = $1
            """
        static let exportSnapshots = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'week_start', e.week_start, 'score', e.score, 'components', e.components,
                       'computed_at', radar_iso8601(e.computed_at)) ORDER BY e.week_start), '[]')
              FROM engagement_snapshots e
             WHERE e.stakeholder_id = $1
            """
        static let exportFlags = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'id', f.id, 'rule_code', f.rule_code, 'guideline', f.guideline, 'severity', f.severity,
                       'status', f.status, 'message', f.message, 'next_step', f.next_step, 'evidence', f.evidence,
                       'first_raised_at', radar_iso8601(f.first_raised_at),
                       'last_raised_at', radar_iso8601(f.last_raised_at), 'resolved_at', radar_iso8601(f.resolved_at),
                       'status_reason', f.status_reason,
                       'events', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                      'occurred_at', radar_iso8601(v.occurred_at), 'event', v.event,
                                      'severity', v.severity, 'actor', v.actor, 'reason', v.reason)
                                      ORDER BY v.occurred_at, v.id), '[]')
                                    FROM flag_events v WHERE v.flag_id = f.id))
                       ORDER BY f.first_raised_at, f.id), '[]')
              FROM flags f
             WHERE f.subject_kind = 'stakeholder' AND f.subject_id = $1
            """
        static let exportAuditEvents = """
            SELECT COALESCE(jsonb_agg(jsonb_build_object(
                       'occurred_at', radar_iso8601(a.occurred_at), 'actor', a.actor, 'action', a.action,
                       'changed_fields', to_jsonb(a.changed_fields), 'details', a.details) ORDER BY a.id), '[]')
              FROM audit_events a
             WHERE a.entity = 'stakeholder' AND a.entity_id = $1::text
            """
    }

    /// Everything about the stakeholder with this e-mail as one JSON document with sorted snake_case keys and
    /// ISO 8601 times. Another person's rows (their fears in a shared conversation, say) are left out.
    public func export(email: String) throws -> String {
        let person = try Stakeholders(tx).find(email: email)
        let text: String = try tx.connection.queryRow(Query.export, [person.id])!.decode("document")
        // Re-encoded so keys come out alphabetically rather than in jsonb's shortest-first order.
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let pretty = try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: pretty, as: UTF8.self)
    }

    /// Erases the stakeholder with this e-mail in the current transaction (see the rule on the type).
    @discardableResult
    public func erase(email: String) throws -> Erasure {
        let person = try Stakeholders(tx).find(email: email)
        try tx.connection.execute(Query.lockPerson, [person.id])
        let digestIDs: [UUID] = try tx.connection.query(Query.digestsNamingThem, [person.id]).map { try $0.decode("id") }
        var counts: [ErasureCount] = []
        for rewrite in Query.rewrites {
            let rows = try tx.connection.execute(rewrite.update, [person.id])
            counts.append(ErasureCount(what: rewrite.what, rows: rows))
        }
        for delete in Query.deletes {
            counts.append(
                ErasureCount(what: delete.what, rows: try tx.connection.execute(delete.statement, [person.id])))
        }
        let scrubbed: Int = try tx.connection.queryRow(Query.finish, [person.id])!.decode("scrubbed")
        counts.insert(ErasureCount(what: "stakeholder", rows: 1), at: 0)
        counts.append(ErasureCount(what: "history, stored answers and sign-ins", rows: scrubbed))
        return Erasure(stakeholderID: person.id, counts: counts, digestIDs: digestIDs)
    }

    /// What `erase` would rewrite, found by running it in a savepoint that is then rolled back.
    public func previewErasure(email: String) throws -> Erasure {
        do {
            _ = try tx.connection.transaction { _ -> Int in throw Preview(erasure: try erase(email: email)) }
        } catch let preview as Preview {
            return preview.erasure
        }
        preconditionFailure("the preview savepoint always rolls back")
    }

    /// Carries the counts out of the savepoint it rolls back.
    private struct Preview: Error {
        var erasure: Erasure
    }
}
