-- Facts about each stakeholder, as of radar_as_of(). The window starts arrive as one-row subqueries rather than a
-- join with the clock, so the pass over every participation can split among parallel workers.
CREATE VIEW facts_stakeholder WITH (security_invoker = true) AS
WITH clock AS (
    -- The organisation in scope only: the window starts below are read as one-row subqueries.
    SELECT k.org_id, k.as_of, k.today, k.time_zone, k.since_30d, k.since_60d,
           (k.today - 89)::timestamp AT TIME ZONE k.time_zone AS since_90d,
           (k.today - 119)::timestamp AT TIME ZONE k.time_zone AS since_120d,
           k.since_180d
      FROM radar_clock k
     WHERE k.org_id = radar_current_org()
),
guideline_mask AS (
    -- The guidelines the facts name, one bit each per conversation: G02–G05 (the narrative, ever), G06, G07 and
    -- G11 (recently). Folding them into the contact pass reads the participations once instead of twice.
    SELECT g.org_id, g.conversation_id,
           bit_or(CASE g.guideline WHEN 'G02' THEN 1 WHEN 'G03' THEN 2 WHEN 'G04' THEN 4 WHEN 'G05' THEN 8
                                   WHEN 'G06' THEN 16 WHEN 'G07' THEN 32 WHEN 'G11' THEN 64 END) AS mask
      FROM conversation_guidelines g
     WHERE g.guideline IN ('G02', 'G03', 'G04', 'G05', 'G06', 'G07', 'G11')
     GROUP BY g.org_id, g.conversation_id
),
contact AS (
    -- The window starts arrive as parameters (one-row subqueries), not as a joined row, so this pass over every
    -- participation can be shared among parallel workers like a plain aggregate.
    SELECT p.org_id, p.stakeholder_id,
           max(p.occurred_at) FILTER (WHERE p.attendance = 'attended') AS last_contact_at,
           count(*) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= (SELECT since_30d FROM clock))
               AS contacts_30d,
           count(*) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= (SELECT since_120d FROM clock)
                              AND p.occurred_at < (SELECT since_30d FROM clock)) AS contacts_prior_90d,
           count(*) FILTER (WHERE p.attendance <> 'attended' AND p.occurred_at >= (SELECT since_60d FROM clock))
               AS declines_60d,
           count(*) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= (SELECT since_180d FROM clock))
               AS conversations_180d,
           COALESCE(bit_or(g.mask) FILTER (WHERE p.attendance = 'attended'), 0) AS guidelines_ever,
           COALESCE(bit_or(g.mask) FILTER (WHERE p.attendance = 'attended'
                                             AND p.occurred_at >= (SELECT since_180d FROM clock)), 0)
               AS guidelines_recent
      FROM conversation_participants p
      LEFT JOIN guideline_mask g ON g.org_id = p.org_id AND g.conversation_id = p.conversation_id
     WHERE p.occurred_at <= (SELECT as_of FROM clock)
     GROUP BY p.org_id, p.stakeholder_id
),
initiated AS (
    SELECT c.org_id, c.initiated_by AS stakeholder_id, count(*) AS initiated_90d
      FROM conversations c
      JOIN clock k ON k.org_id = c.org_id
     WHERE c.occurred_at <= k.as_of AND c.occurred_at >= k.since_90d
     GROUP BY c.org_id, c.initiated_by
),
fear AS (
    SELECT f.org_id, f.stakeholder_id,
           count(*) AS fears_recorded,
           count(*) FILTER (WHERE f.status IN ('open', 'addressing')
                              OR (f.resolved_on IS NOT NULL AND f.resolved_on > k.today)) AS open_fears,
           max(k.today - f.raised_on) FILTER (WHERE f.status IN ('open', 'addressing')
                              OR (f.resolved_on IS NOT NULL AND f.resolved_on > k.today)) AS oldest_open_fear_days
      FROM fears f
      JOIN clock k ON k.org_id = f.org_id
     WHERE f.raised_on <= k.today
     GROUP BY f.org_id, f.stakeholder_id
),
commitment AS (
    SELECT m.org_id, m.owner_id AS stakeholder_id,
           count(*) FILTER (WHERE m.status = 'open' OR m.done_on > k.today) AS open_commitments,
           count(*) FILTER (WHERE (m.status = 'open' OR m.done_on > k.today) AND m.due_on < k.today)
               AS overdue_commitments,
           max(k.today - m.due_on) FILTER (WHERE (m.status = 'open' OR m.done_on > k.today) AND m.due_on < k.today)
               AS max_days_overdue
      FROM commitments m
      JOIN clock k ON k.org_id = m.org_id
     WHERE m.made_on <= k.today
     GROUP BY m.org_id, m.owner_id
),
snapshot AS (
    SELECT e.org_id, e.stakeholder_id,
           (array_agg(e.score ORDER BY e.week_start DESC))[1:4] AS last_scores
      FROM engagement_snapshots e
      JOIN clock k ON k.org_id = e.org_id
     WHERE e.week_start <= k.today
     GROUP BY e.org_id, e.stakeholder_id
),
prioritised AS (
    SELECT DISTINCT b.org_id, lower(b.function) AS function
      FROM business_priorities b
      JOIN clock k ON k.org_id = b.org_id
     WHERE b.recorded_on <= k.today
),
base AS (
    SELECT s.*, k.today, k.time_zone,
           k.today - (c.last_contact_at AT TIME ZONE k.time_zone)::date AS days_since_contact,
           c.contacts_30d, c.contacts_prior_90d, c.declines_60d, c.conversations_180d,
           latest.engagement AS engagement_latest,
           earlier.engagement AS engagement_60d_ago,
           first.kind AS first_conversation_kind,
           COALESCE(c.guidelines_recent, 0) AS recent, COALESCE(c.guidelines_ever, 0) AS ever,
           f.fears_recorded, f.open_fears, f.oldest_open_fear_days,
           m.open_commitments, m.overdue_commitments, m.max_days_overdue,
           i.initiated_90d,
           (pr.function IS NOT NULL) AS function_has_priority,
           n.last_scores
      FROM stakeholders s
      JOIN clock k ON k.org_id = s.org_id
      LEFT JOIN contact c ON c.org_id = s.org_id AND c.stakeholder_id = s.id
      -- The latest observed engagement, then the latest one at least 60 days old, then the first conversation:
      -- one walk each down the participants index (org_id, stakeholder_id, occurred_at DESC).
      LEFT JOIN LATERAL (
            SELECT p.engagement FROM conversation_participants p
             WHERE p.org_id = s.org_id AND p.stakeholder_id = s.id AND p.occurred_at <= k.as_of
               AND p.engagement IS NOT NULL
             ORDER BY p.occurred_at DESC LIMIT 1) latest ON true
      LEFT JOIN LATERAL (
            SELECT p.engagement FROM conversation_participants p
             WHERE p.org_id = s.org_id AND p.stakeholder_id = s.id AND p.occurred_at < k.since_60d
               AND p.engagement IS NOT NULL
             ORDER BY p.occurred_at DESC LIMIT 1) earlier ON true
      LEFT JOIN LATERAL (
            SELECT c1.kind FROM conversation_participants p
              JOIN conversations c1 ON c1.org_id = p.org_id AND c1.id = p.conversation_id
             WHERE p.org_id = s.org_id AND p.stakeholder_id = s.id AND p.occurred_at <= k.as_of
             ORDER BY p.occurred_at, p.conversation_id LIMIT 1) first ON true
      LEFT JOIN initiated i ON i.org_id = s.org_id AND i.stakeholder_id = s.id
      LEFT JOIN fear f ON f.org_id = s.org_id AND f.stakeholder_id = s.id
      LEFT JOIN commitment m ON m.org_id = s.org_id AND m.stakeholder_id = s.id
      LEFT JOIN snapshot n ON n.org_id = s.org_id AND n.stakeholder_id = s.id
      LEFT JOIN prioritised pr ON pr.org_id = s.org_id AND pr.function = lower(s.function)
     WHERE s.active
)
SELECT b.org_id,
       b.id AS stakeholder_id,
       b.email AS subject,
       b.name AS subject_name,
       b.tier::text AS tier,
       b.role::text AS role,
       b.function,
       (b.tier = 'top_team' OR b.role = 'sponsor') AS is_leader,
       b.role IN ('champion', 'potential_champion') AS is_champion,
       b.days_since_contact,
       COALESCE(b.contacts_30d, 0) AS contacts_30d,
       round(COALESCE(b.contacts_prior_90d, 0) / 3.0, 2) AS monthly_average_90d,
       b.engagement_latest::text AS engagement_latest,
       b.engagement_60d_ago::text AS engagement_60d_ago,
       engagement_rank(b.engagement_60d_ago) - engagement_rank(b.engagement_latest) AS engagement_drop,
       b.engagement::text AS engagement,
       b.desired_engagement::text AS desired_engagement,
       engagement_rank(b.desired_engagement) - engagement_rank(b.engagement) AS engagement_gap,
       COALESCE(b.declines_60d, 0) AS declines_60d,
       COALESCE(b.conversations_180d, 0) AS conversations_180d,
       b.first_conversation_kind::text AS first_conversation_kind,
       b.recent & 16 <> 0 AS touched_g06,
       b.recent & 32 <> 0 AS touched_g07,
       b.recent & 64 <> 0 AS touched_g11,
       concat_ws(', ', CASE WHEN b.ever & 1 = 0 THEN 'G02' END, CASE WHEN b.ever & 2 = 0 THEN 'G03' END,
                       CASE WHEN b.ever & 4 = 0 THEN 'G04' END, CASE WHEN b.ever & 8 = 0 THEN 'G05' END)
           AS narrative_missing,
       COALESCE(b.fears_recorded, 0) AS fears_recorded,
       COALESCE(b.open_fears, 0) AS open_fears,
       b.oldest_open_fear_days,
       COALESCE(b.open_commitments, 0) AS open_commitments,
       COALESCE(b.overdue_commitments, 0) AS overdue_commitments,
       b.max_days_overdue,
       COALESCE(b.initiated_90d, 0) AS initiated_90d,
       b.function_has_priority,
       radar_engagement_score(b.days_since_contact, COALESCE(b.contacts_30d, 0),
                              COALESCE(b.contacts_prior_90d, 0) / 3.0, engagement_rank(b.engagement_latest),
                              engagement_rank(b.engagement), COALESCE(b.initiated_90d, 0),
                              COALESCE(b.declines_60d, 0), COALESCE(b.overdue_commitments, 0)) AS score,
       b.last_scores[1] AS score_last_snapshot,
       (array_length(b.last_scores, 1) = 4 AND b.last_scores[1] < b.last_scores[2]
            AND b.last_scores[2] < b.last_scores[3] AND b.last_scores[3] < b.last_scores[4]) AS score_fell_3_weeks,
       CASE WHEN b.days_since_contact IS NULL THEN 'at all yet'
            WHEN b.days_since_contact = 1 THEN 'since yesterday'
            ELSE 'for ' || b.days_since_contact || ' days' END AS silence
  FROM base b;

GRANT SELECT ON facts_stakeholder TO radar_app;
