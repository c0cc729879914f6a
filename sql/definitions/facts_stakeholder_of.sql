-- Facts about each stakeholder, as of radar_as_of(), from the record as it stood then: people's attributes come
-- from stakeholder_history (stakeholder_state), fears from fear_updates, commitments from their dated status. The
-- window starts arrive as one-row subqueries rather than a join with the clock, so the pass over every
-- participation can split among parallel workers. The engagement score of the three weeks before is computed in
-- the same pass (a FILTER per week), so a trend needs no stored snapshot.
--
-- `subjects` names the stakeholders wanted, NULL for every one (the view facts_stakeholder). A plain SQL function,
-- so PostgreSQL inlines it into the calling query and folds the test away: with NULL every pass reads everything
-- once; with a short list each pass reads those people's rows by index. Re-judging a few findings on earlier days
-- (pending flags) then costs a few index walks, not another pass over every participation.
-- Dropped first (the views that read it are dropped before this file runs), so a fact added to the list below
-- needs no other step.
DROP FUNCTION IF EXISTS facts_stakeholder_of(uuid[]);
CREATE FUNCTION facts_stakeholder_of(subjects uuid[]) RETURNS TABLE (
    org_id uuid, stakeholder_id uuid, subject text, subject_name text, tier text, role text, function text,
    is_leader boolean, is_champion boolean, days_since_contact integer, contacts_30d bigint,
    monthly_average_90d numeric, usual_interval_days numeric, silence_allowed_days integer, days_overdue integer,
    next_contact_due text, engagement_latest text, engagement_earlier text, engagement_earlier_on text,
    engagement_drop integer, engagement text, desired_engagement text, engagement_gap integer, declines_60d bigint,
    missed_since_attended bigint, declined_since_attended bigint, delegated_since_attended bigint,
    no_shows_since_attended bigint, conversations_180d bigint, first_group_ask_kind text, first_group_ask_on text,
    group_ask_before_one_to_one boolean, g06_one_to_one_since boolean, touched_g06 boolean, touched_g07 boolean,
    touched_g11 boolean, narrative_missing text, fears_recorded bigint, open_fears bigint,
    oldest_open_fear_days integer, stalest_fear_days integer, open_commitments bigint, overdue_commitments bigint,
    max_days_overdue integer, initiated_90d bigint, function_has_priority boolean, business_case_gap text,
    score numeric, recent_gaps text, rhythm_slowing boolean, influencers bigint, supportive_influencers bigint,
    influencer_names text, function_managers_engaged bigint, leader_holding_back boolean, leader_signal text,
    rhythm_score numeric, rhythm_score_3_weeks_ago numeric, score_fall_3_weeks numeric, score_fell_3_weeks boolean,
    silence text, rhythm_note text
)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
WITH clock AS (
    -- The organisation in scope only: the window starts below are read as one-row subqueries. Week w (1–3) is the
    -- instant w × 7 days before the as-of instant; its windows count local days back from that week's day.
    SELECT k.org_id, k.as_of, k.today, k.time_zone, k.since_30d, k.since_60d,
           (k.today - 89)::timestamp AT TIME ZONE k.time_zone AS since_90d,
           (k.today - 119)::timestamp AT TIME ZONE k.time_zone AS since_120d,
           k.since_180d, k.silence_floor_days, k.silence_ceiling_days, k.pending_drafts_count,
           k.as_of - interval '7 days' AS at_1, k.as_of - interval '14 days' AS at_2,
           k.as_of - interval '21 days' AS at_3,
           (k.today - 7 - 29)::timestamp AT TIME ZONE k.time_zone AS s30_1,
           (k.today - 14 - 29)::timestamp AT TIME ZONE k.time_zone AS s30_2,
           (k.today - 21 - 29)::timestamp AT TIME ZONE k.time_zone AS s30_3,
           (k.today - 7 - 59)::timestamp AT TIME ZONE k.time_zone AS s60_1,
           (k.today - 14 - 59)::timestamp AT TIME ZONE k.time_zone AS s60_2,
           (k.today - 21 - 59)::timestamp AT TIME ZONE k.time_zone AS s60_3,
           (k.today - 7 - 89)::timestamp AT TIME ZONE k.time_zone AS s90_1,
           (k.today - 14 - 89)::timestamp AT TIME ZONE k.time_zone AS s90_2,
           (k.today - 21 - 89)::timestamp AT TIME ZONE k.time_zone AS s90_3,
           (k.today - 7 - 119)::timestamp AT TIME ZONE k.time_zone AS s120_1,
           (k.today - 14 - 119)::timestamp AT TIME ZONE k.time_zone AS s120_2,
           (k.today - 21 - 119)::timestamp AT TIME ZONE k.time_zone AS s120_3
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
    -- One pass over every participation, with plain aggregates only (so it can run in parallel).
    SELECT p.org_id, p.stakeholder_id,
           max(p.occurred_at) FILTER (WHERE p.attendance = 'attended') AS last_contact_at,
           min(p.occurred_at) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= (SELECT since_180d FROM clock))
               AS first_contact_180d,
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
               AS guidelines_recent,
           -- When each level was last observed: the latest of them is the latest observation, and the latest one
           -- above that is the level before a fall.
           max(p.occurred_at) FILTER (WHERE p.engagement = 'unaware') AS seen_1,
           max(p.occurred_at) FILTER (WHERE p.engagement = 'resistant') AS seen_2,
           max(p.occurred_at) FILTER (WHERE p.engagement = 'neutral') AS seen_3,
           max(p.occurred_at) FILTER (WHERE p.engagement = 'supportive') AS seen_4,
           max(p.occurred_at) FILTER (WHERE p.engagement = 'leading') AS seen_5
      FROM conversation_participants p
      LEFT JOIN guideline_mask g ON g.org_id = p.org_id AND g.conversation_id = p.conversation_id
     WHERE p.occurred_at <= (SELECT as_of FROM clock) AND (subjects IS NULL OR p.stakeholder_id = ANY (subjects))
     GROUP BY p.org_id, p.stakeholder_id
),
awaiting AS (
    -- Meetings from a calendar that HR has not yet confirmed or dismissed, where the organisation counts them as
    -- contact: the person was on the meeting and did not decline it. A busy team's queue then does not make its
    -- leaders look silent. Read as the queue stood at the as-of instant: a draft that came in later is not counted.
    SELECT d.org_id, s.id AS stakeholder_id, max(d.starts_at) AS last_meeting_at
      FROM calendar_drafts d
     CROSS JOIN LATERAL jsonb_array_elements(d.people) AS p (person)
      JOIN stakeholders s ON s.org_id = d.org_id AND s.email = lower(btrim(p.person ->> 'email'))
     WHERE (SELECT pending_drafts_count FROM clock) AND d.state = 'pending'
       AND d.starts_at <= (SELECT as_of FROM clock) AND d.created_at <= (SELECT as_of FROM clock)
       AND COALESCE(p.person ->> 'reply', '') <> 'declined' AND (subjects IS NULL OR s.id = ANY (subjects))
     GROUP BY d.org_id, s.id
),
leader_week AS (
    -- Leaders only (the trend is judged for them alone, and they are few): the parts of the score one, two and three
    -- weeks before, from their participations, read by index. An observation is folded into one number, its instant
    -- in seconds × 10 plus the level's step, so max() finds the latest one.
    SELECT p.org_id, p.stakeholder_id,
           max(p.occurred_at) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at <= k.at_1) AS last_contact_1,
           max(p.occurred_at) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at <= k.at_2) AS last_contact_2,
           max(p.occurred_at) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at <= k.at_3) AS last_contact_3,
           count(*) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= k.s30_1 AND p.occurred_at <= k.at_1)
               AS contacts_30d_1,
           count(*) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= k.s30_2 AND p.occurred_at <= k.at_2)
               AS contacts_30d_2,
           count(*) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= k.s30_3 AND p.occurred_at <= k.at_3)
               AS contacts_30d_3,
           count(*) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= k.s120_1 AND p.occurred_at < k.s30_1)
               AS contacts_prior_90d_1,
           count(*) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= k.s120_2 AND p.occurred_at < k.s30_2)
               AS contacts_prior_90d_2,
           count(*) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= k.s120_3 AND p.occurred_at < k.s30_3)
               AS contacts_prior_90d_3,
           count(*) FILTER (WHERE p.attendance <> 'attended' AND p.occurred_at >= k.s60_1 AND p.occurred_at <= k.at_1)
               AS declines_60d_1,
           count(*) FILTER (WHERE p.attendance <> 'attended' AND p.occurred_at >= k.s60_2 AND p.occurred_at <= k.at_2)
               AS declines_60d_2,
           count(*) FILTER (WHERE p.attendance <> 'attended' AND p.occurred_at >= k.s60_3 AND p.occurred_at <= k.at_3)
               AS declines_60d_3,
           max(floor(extract(epoch FROM p.occurred_at))::bigint * 10 + engagement_rank(p.engagement))
               FILTER (WHERE p.occurred_at <= k.at_1) AS observed_1,
           max(floor(extract(epoch FROM p.occurred_at))::bigint * 10 + engagement_rank(p.engagement))
               FILTER (WHERE p.occurred_at <= k.at_2) AS observed_2,
           max(floor(extract(epoch FROM p.occurred_at))::bigint * 10 + engagement_rank(p.engagement))
               FILTER (WHERE p.occurred_at <= k.at_3) AS observed_3
      FROM stakeholder_state a
      JOIN clock k ON k.org_id = a.org_id
      JOIN conversation_participants p ON p.org_id = a.org_id AND p.stakeholder_id = a.id
     WHERE a.active AND (a.tier = 'top_team' OR a.role = 'sponsor')
       AND p.occurred_at <= k.at_1 AND (subjects IS NULL OR a.id = ANY (subjects))
     GROUP BY p.org_id, p.stakeholder_id
),
leader_gaps AS (
    -- Leaders only: the days between their last four days of attended contact, newest gap last, so a rhythm that
    -- keeps slowing (each gap longer than the one before) shows while the average of the half-year still hides it.
    -- A walk down each leader's participations by index, newest first.
    SELECT a.org_id, a.id AS stakeholder_id,
           d.days[3] - d.days[4] AS gap_1, d.days[2] - d.days[3] AS gap_2, d.days[1] - d.days[2] AS gap_3
      FROM stakeholder_state a
      JOIN clock k ON k.org_id = a.org_id
     CROSS JOIN LATERAL (
           SELECT array_agg(x.day ORDER BY x.day DESC) AS days
             FROM (SELECT DISTINCT (p.occurred_at AT TIME ZONE k.time_zone)::date AS day
                     FROM conversation_participants p
                    WHERE p.org_id = a.org_id AND p.stakeholder_id = a.id AND p.attendance = 'attended'
                      AND p.occurred_at <= k.as_of
                    ORDER BY 1 DESC LIMIT 4) x) d
     WHERE a.active AND (a.tier = 'top_team' OR a.role = 'sponsor') AND cardinality(d.days) = 4
       AND (subjects IS NULL OR a.id = ANY (subjects))
),
initiated AS (
    SELECT c.org_id, c.initiated_by AS stakeholder_id,
           count(*) FILTER (WHERE c.occurred_at >= k.since_90d) AS initiated_90d,
           count(*) FILTER (WHERE c.occurred_at >= k.s90_1 AND c.occurred_at <= k.at_1) AS initiated_90d_1,
           count(*) FILTER (WHERE c.occurred_at >= k.s90_2 AND c.occurred_at <= k.at_2) AS initiated_90d_2,
           count(*) FILTER (WHERE c.occurred_at >= k.s90_3 AND c.occurred_at <= k.at_3) AS initiated_90d_3
      FROM conversations c
      JOIN clock k ON k.org_id = c.org_id
     WHERE c.occurred_at <= k.as_of AND c.occurred_at >= k.s90_3
       AND (subjects IS NULL OR c.initiated_by = ANY (subjects))
     GROUP BY c.org_id, c.initiated_by
),
fear_update AS (
    -- Each fear's status as it stood on the as-of day and the day of its latest change by then.
    SELECT u.org_id, u.fear_id, max(u.changed_on) AS updated_on,
           (array_agg(u.status ORDER BY u.changed_on DESC, u.id DESC))[1] AS status
      FROM fear_updates u
      JOIN clock k ON k.org_id = u.org_id
     WHERE u.changed_on <= k.today
     GROUP BY u.org_id, u.fear_id
),
fear AS (
    -- A fear is open on a day when its status then was open or being addressed; it is stale by the days since
    -- its latest change (its raising counts as one).
    SELECT f.org_id, f.stakeholder_id,
           count(*) AS fears_recorded,
           count(*) FILTER (WHERE COALESCE(u.status, f.status) IN ('open', 'addressing')) AS open_fears,
           max(k.today - f.raised_on) FILTER (WHERE COALESCE(u.status, f.status) IN ('open', 'addressing'))
               AS oldest_open_fear_days,
           max(k.today - greatest(f.raised_on, u.updated_on))
               FILTER (WHERE COALESCE(u.status, f.status) IN ('open', 'addressing')) AS stalest_fear_days
      FROM fears f
      JOIN clock k ON k.org_id = f.org_id
      LEFT JOIN fear_update u ON u.org_id = f.org_id AND u.fear_id = f.id
     WHERE f.raised_on <= k.today AND (subjects IS NULL OR f.stakeholder_id = ANY (subjects))
     GROUP BY f.org_id, f.stakeholder_id
),
commitment AS (
    -- Open on a day: made by then, and neither done nor dropped by then (a dropped one without a day counts as
    -- dropped from the start, as it did before dropping had a day). Week w is the day w × 7 days before.
    SELECT m.org_id, m.owner_id AS stakeholder_id,
           count(*) FILTER (WHERE radar_commitment_open(m.status, m.made_on, m.done_on, m.dropped_on, k.today))
               AS open_commitments,
           count(*) FILTER (WHERE radar_commitment_open(m.status, m.made_on, m.done_on, m.dropped_on, k.today)
                              AND m.due_on < k.today) AS overdue_commitments,
           max(k.today - m.due_on) FILTER (WHERE radar_commitment_open(m.status, m.made_on, m.done_on, m.dropped_on,
                                                                       k.today) AND m.due_on < k.today)
               AS max_days_overdue,
           count(*) FILTER (WHERE radar_commitment_open(m.status, m.made_on, m.done_on, m.dropped_on, k.today - 7)
                              AND m.due_on < k.today - 7) AS overdue_commitments_1,
           count(*) FILTER (WHERE radar_commitment_open(m.status, m.made_on, m.done_on, m.dropped_on, k.today - 14)
                              AND m.due_on < k.today - 14) AS overdue_commitments_2,
           count(*) FILTER (WHERE radar_commitment_open(m.status, m.made_on, m.done_on, m.dropped_on, k.today - 21)
                              AND m.due_on < k.today - 21) AS overdue_commitments_3
      FROM commitments m
      JOIN clock k ON k.org_id = m.org_id
     WHERE m.made_on <= k.today AND (subjects IS NULL OR m.owner_id = ANY (subjects))
     GROUP BY m.org_id, m.owner_id
),
champion AS MATERIALIZED (
    -- Champions only (a few in a hundred): the first group ask they attended after being named (the start of
    -- their current run as champion or potential champion in stakeholder_history), whether someone met them one to
    -- one between being named and that ask, and whether a one-to-one touching G06 came after it. Materialised, so
    -- the walks down each champion's participations happen for champions alone.
    SELECT a.org_id, a.id, ask.kind AS first_group_ask_kind, ask.occurred_at AS first_group_ask_at,
           EXISTS (SELECT FROM conversation_participants p1
                     JOIN conversations c1 ON c1.org_id = p1.org_id AND c1.id = p1.conversation_id
                    WHERE p1.org_id = a.org_id AND p1.stakeholder_id = a.id AND p1.attendance = 'attended'
                      AND p1.occurred_at > named.since AND p1.occurred_at < ask.occurred_at
                      AND c1.kind = 'one_to_one') AS sounded_before,
           EXISTS (SELECT FROM conversation_guidelines g1
                     JOIN conversations c1 ON c1.org_id = g1.org_id AND c1.id = g1.conversation_id
                     JOIN conversation_participants p1
                       ON p1.org_id = c1.org_id AND p1.conversation_id = c1.id AND p1.stakeholder_id = a.id
                    WHERE g1.org_id = a.org_id AND g1.guideline = 'G06' AND c1.kind = 'one_to_one'
                      AND p1.attendance = 'attended' AND c1.occurred_at > ask.occurred_at
                      AND c1.occurred_at <= k.as_of) AS g06_since
      FROM stakeholder_state a
      JOIN clock k ON k.org_id = a.org_id
     CROSS JOIN LATERAL (
           SELECT COALESCE(min(h.valid_from), '-infinity') AS since
             FROM stakeholder_history h
            WHERE h.org_id = a.org_id AND h.stakeholder_id = a.id AND h.valid_from <= k.as_of
              AND h.role IN ('champion', 'potential_champion')
              AND h.valid_from > COALESCE(
                    (SELECT max(h2.valid_from) FROM stakeholder_history h2
                      WHERE h2.org_id = a.org_id AND h2.stakeholder_id = a.id AND h2.valid_from <= k.as_of
                        AND h2.role NOT IN ('champion', 'potential_champion')), '-infinity')) named
     CROSS JOIN LATERAL (
           SELECT c1.kind, p1.occurred_at FROM conversation_participants p1
             JOIN conversations c1 ON c1.org_id = p1.org_id AND c1.id = p1.conversation_id
            WHERE p1.org_id = a.org_id AND p1.stakeholder_id = a.id AND p1.attendance = 'attended'
              AND p1.occurred_at > named.since AND p1.occurred_at <= k.as_of
              AND c1.kind IN ('group', 'workshop', 'presentation')
              AND COALESCE(c1.purpose, 'ask') IN ('ask', 'decision')
            ORDER BY p1.occurred_at LIMIT 1) ask
     WHERE a.role IN ('champion', 'potential_champion') AND a.active
       AND (subjects IS NULL OR a.id = ANY (subjects))
),
influence AS (
    -- Each person's influencers on the as-of day (sql/migrations/049): whom they report to or listen to, their
    -- peers, and whoever sponsors them; and how many of those are supportive or leading then.
    SELECT l.org_id, l.person AS stakeholder_id, count(DISTINCT l.influencer) AS influencers,
           count(DISTINCT l.influencer) FILTER (WHERE st.engagement IN ('supportive', 'leading'))
               AS supportive_influencers,
           string_agg(DISTINCT n.name, ', ') AS influencer_names
      FROM (SELECT org_id, stakeholder_id AS person, other_id AS influencer, since, until
              FROM influence_links WHERE kind IN ('reports_to', 'listens_to', 'peers_with')
            UNION ALL
            SELECT org_id, other_id, stakeholder_id, since, until
              FROM influence_links WHERE kind IN ('sponsor_of', 'peers_with')) l
      JOIN clock k ON k.org_id = l.org_id
      JOIN stakeholder_state st ON st.org_id = l.org_id AND st.id = l.influencer AND st.active
      JOIN stakeholders n ON n.org_id = l.org_id AND n.id = l.influencer
     WHERE l.since <= k.today AND (l.until IS NULL OR l.until > k.today)
       AND (subjects IS NULL OR l.person = ANY (subjects))
     GROUP BY l.org_id, l.person
),
function_cascade AS (
    -- Per function, its managers drawn into the programme on the as-of day: champions, enrolled in an initiative,
    -- or coached themselves (P00 compares them with the function's leader).
    SELECT a.org_id, lower(btrim(a.function)) AS function, count(*) AS managers_engaged
      FROM stakeholder_state a
      JOIN clock k ON k.org_id = a.org_id
     WHERE a.active AND a.tier IN ('senior_leader', 'line_manager') AND btrim(COALESCE(a.function, '')) <> ''
       AND (a.role IN ('champion', 'potential_champion')
            OR EXISTS (SELECT FROM initiative_members m
                        WHERE m.org_id = a.org_id AND m.stakeholder_id = a.id AND m.enrolled_on <= k.today
                          AND (m.left_on IS NULL OR m.left_on > k.today))
            OR EXISTS (SELECT FROM leader_coaching c
                        WHERE c.org_id = a.org_id AND c.stakeholder_id = a.id AND c.since <= k.today
                          AND (c.until IS NULL OR c.until > k.today)))
     GROUP BY a.org_id, lower(btrim(a.function))
),
prioritised AS (
    -- A function counts as having a business case only through a priority that says how coaching helps and has
    -- someone who endorsed it.
    SELECT DISTINCT b.org_id, lower(btrim(b.function)) AS function
      FROM business_priorities b
      JOIN clock k ON k.org_id = b.org_id
     WHERE b.recorded_on <= k.today AND btrim(COALESCE(b.how_coaching_helps, '')) <> ''
       AND b.endorsed_by IS NOT NULL
),
base AS (
    SELECT s.id, s.org_id, s.email, s.name, a.tier, a.role, NULLIF(btrim(a.function), '') AS function,
           a.engagement, a.desired_engagement, k.today, k.time_zone, k.as_of,
           k.today - (greatest(c.last_contact_at, aw.last_meeting_at) AT TIME ZONE k.time_zone)::date
               AS days_since_contact,
           (greatest(c.last_contact_at, aw.last_meeting_at) AT TIME ZONE k.time_zone)::date AS last_contact_on,
           CASE WHEN c.conversations_180d >= 3
                THEN round(((c.last_contact_at AT TIME ZONE k.time_zone)::date
                            - (c.first_contact_180d AT TIME ZONE k.time_zone)::date)::numeric
                           / (c.conversations_180d - 1), 1) END AS usual_interval_days,
           k.silence_floor_days, k.silence_ceiling_days,
           c.contacts_30d, c.contacts_prior_90d, c.declines_60d, c.conversations_180d,
           COALESCE(c.guidelines_recent, 0) AS recent, COALESCE(c.guidelines_ever, 0) AS ever,
           latest.rank AS observed_rank_0, w.observed_1 % 10 AS observed_rank_1,
           w.observed_2 % 10 AS observed_rank_2, w.observed_3 % 10 AS observed_rank_3,
           k.today - 7 - (w.last_contact_1 AT TIME ZONE k.time_zone)::date AS days_since_contact_1,
           k.today - 14 - (w.last_contact_2 AT TIME ZONE k.time_zone)::date AS days_since_contact_2,
           k.today - 21 - (w.last_contact_3 AT TIME ZONE k.time_zone)::date AS days_since_contact_3,
           w.stakeholder_id IS NOT NULL AS has_weeks,
           w.contacts_30d_1, w.contacts_30d_2, w.contacts_30d_3,
           w.contacts_prior_90d_1, w.contacts_prior_90d_2, w.contacts_prior_90d_3,
           w.declines_60d_1, w.declines_60d_2, w.declines_60d_3,
           latest.level AS engagement_latest,
           higher.engagement AS engagement_earlier, higher.occurred_at AS engagement_earlier_at,
           missed.declined, missed.delegated, missed.no_shows,
           champion.first_group_ask_kind, champion.first_group_ask_at, champion.sounded_before,
           champion.g06_since,
           f.fears_recorded, f.open_fears, f.oldest_open_fear_days, f.stalest_fear_days,
           m.open_commitments, m.overdue_commitments, m.max_days_overdue,
           m.overdue_commitments_1, m.overdue_commitments_2, m.overdue_commitments_3,
           i.initiated_90d, i.initiated_90d_1, i.initiated_90d_2, i.initiated_90d_3,
           (pr.function IS NOT NULL) AS function_has_priority,
           g.gap_1, g.gap_2, g.gap_3,
           inf.influencers, inf.supportive_influencers, inf.influencer_names, cs.managers_engaged
      FROM stakeholders s
      JOIN stakeholder_state a ON a.org_id = s.org_id AND a.id = s.id
      JOIN clock k ON k.org_id = s.org_id
      LEFT JOIN contact c ON c.org_id = s.org_id AND c.stakeholder_id = s.id
      LEFT JOIN awaiting aw ON aw.org_id = s.org_id AND aw.stakeholder_id = s.id
      LEFT JOIN leader_week w ON w.org_id = s.org_id AND w.stakeholder_id = s.id
      LEFT JOIN leader_gaps g ON g.org_id = s.org_id AND g.stakeholder_id = s.id
      LEFT JOIN influence inf ON inf.org_id = s.org_id AND inf.stakeholder_id = s.id
      LEFT JOIN function_cascade cs ON cs.org_id = s.org_id AND cs.function = lower(btrim(a.function))
      -- The latest observation: the level last seen most recently.
      LEFT JOIN LATERAL (
            SELECT v.rank, v.level
              FROM (VALUES (1, 'unaware', c.seen_1), (2, 'resistant', c.seen_2), (3, 'neutral', c.seen_3),
                           (4, 'supportive', c.seen_4), (5, 'leading', c.seen_5)) v (rank, level, at)
             WHERE v.at IS NOT NULL
             ORDER BY v.at DESC, v.rank DESC LIMIT 1) latest ON true
      -- The level before a fall: the latest observation above the latest one (they have not been seen there since).
      LEFT JOIN LATERAL (
            SELECT v.level AS engagement, v.at AS occurred_at
              FROM (VALUES (2, 'resistant', c.seen_2), (3, 'neutral', c.seen_3), (4, 'supportive', c.seen_4),
                           (5, 'leading', c.seen_5)) v (rank, level, at)
             WHERE v.rank > latest.rank AND v.at IS NOT NULL
             ORDER BY v.at DESC LIMIT 1) higher ON true
      -- Invitations missed in the last 60 days since they last attended: usually none, so a short index range.
      LEFT JOIN LATERAL (
            SELECT count(*) FILTER (WHERE p.attendance = 'declined') AS declined,
                   count(*) FILTER (WHERE p.attendance = 'delegated') AS delegated,
                   count(*) FILTER (WHERE p.attendance = 'no_show') AS no_shows
              FROM conversation_participants p
             WHERE p.org_id = s.org_id AND p.stakeholder_id = s.id AND p.occurred_at <= k.as_of
               AND p.occurred_at >= k.since_60d AND p.occurred_at > COALESCE(c.last_contact_at, '-infinity')
               AND p.attendance <> 'attended') missed ON true
      LEFT JOIN champion ON champion.org_id = s.org_id AND champion.id = s.id
      LEFT JOIN initiated i ON i.org_id = s.org_id AND i.stakeholder_id = s.id
      LEFT JOIN fear f ON f.org_id = s.org_id AND f.stakeholder_id = s.id
      LEFT JOIN commitment m ON m.org_id = s.org_id AND m.stakeholder_id = s.id
      LEFT JOIN prioritised pr ON pr.org_id = s.org_id AND pr.function = lower(btrim(a.function))
     WHERE a.active AND (subjects IS NULL OR s.id = ANY (subjects))
),
rhythm AS MATERIALIZED (
    -- How long a silence their own rhythm allows: one and a half usual intervals, never under the organisation's
    -- floor nor over its ceiling; 30 days (within the same bounds) for someone with no rhythm yet. Materialised, so
    -- the day arithmetic in the time zone is done once per person, not again for every fact that reads it.
    SELECT b.*,
           least(greatest(COALESCE(ceil(1.5 * b.usual_interval_days)::integer, 30), b.silence_floor_days),
                 b.silence_ceiling_days) AS silence_allowed_days
      FROM base b
),
scored AS (
    -- The score with recency judged against their own rhythm: days within the allowed silence cost nothing, so a
    -- leader met every four weeks does not lose points between meetings (the saw-tooth), only past them. For
    -- leaders only, as the trend it feeds is judged for them alone.
    SELECT r.*,
           CASE WHEN r.has_weeks THEN radar_engagement_score(greatest(0, r.days_since_contact - r.silence_allowed_days),
                                  COALESCE(r.contacts_30d, 0), COALESCE(r.contacts_prior_90d, 0) / 3.0,
                                  r.observed_rank_0::integer, engagement_rank(r.engagement),
                                  COALESCE(r.initiated_90d, 0), COALESCE(r.declines_60d, 0),
                                  COALESCE(r.overdue_commitments, 0)) END AS rhythm_score_0,
           CASE WHEN r.has_weeks THEN radar_engagement_score(greatest(0, r.days_since_contact_1 - r.silence_allowed_days),
                                  COALESCE(r.contacts_30d_1, 0), COALESCE(r.contacts_prior_90d_1, 0) / 3.0,
                                  r.observed_rank_1::integer, engagement_rank(r.engagement),
                                  COALESCE(r.initiated_90d_1, 0), COALESCE(r.declines_60d_1, 0),
                                  COALESCE(r.overdue_commitments_1, 0)) END AS rhythm_score_1,
           CASE WHEN r.has_weeks THEN radar_engagement_score(greatest(0, r.days_since_contact_2 - r.silence_allowed_days),
                                  COALESCE(r.contacts_30d_2, 0), COALESCE(r.contacts_prior_90d_2, 0) / 3.0,
                                  r.observed_rank_2::integer, engagement_rank(r.engagement),
                                  COALESCE(r.initiated_90d_2, 0), COALESCE(r.declines_60d_2, 0),
                                  COALESCE(r.overdue_commitments_2, 0)) END AS rhythm_score_2,
           CASE WHEN r.has_weeks THEN radar_engagement_score(greatest(0, r.days_since_contact_3 - r.silence_allowed_days),
                                  COALESCE(r.contacts_30d_3, 0), COALESCE(r.contacts_prior_90d_3, 0) / 3.0,
                                  r.observed_rank_3::integer, engagement_rank(r.engagement),
                                  COALESCE(r.initiated_90d_3, 0), COALESCE(r.declines_60d_3, 0),
                                  COALESCE(r.overdue_commitments_3, 0)) END AS rhythm_score_3
      FROM rhythm r
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
       b.usual_interval_days,
       b.silence_allowed_days,
       greatest(0, b.days_since_contact - b.silence_allowed_days) AS days_overdue,
       to_char(b.last_contact_on + b.silence_allowed_days, 'YYYY-MM-DD') AS next_contact_due,
       b.engagement_latest::text AS engagement_latest,
       b.engagement_earlier::text AS engagement_earlier,
       to_char(b.engagement_earlier_at AT TIME ZONE b.time_zone, 'YYYY-MM-DD') AS engagement_earlier_on,
       COALESCE(engagement_rank(b.engagement_earlier) - engagement_rank(b.engagement_latest), 0) AS engagement_drop,
       b.engagement::text AS engagement,
       b.desired_engagement::text AS desired_engagement,
       engagement_rank(b.desired_engagement) - engagement_rank(b.engagement) AS engagement_gap,
       COALESCE(b.declines_60d, 0) AS declines_60d,
       COALESCE(b.declined, 0) + COALESCE(b.delegated, 0) + COALESCE(b.no_shows, 0) AS missed_since_attended,
       COALESCE(b.declined, 0) AS declined_since_attended,
       COALESCE(b.delegated, 0) AS delegated_since_attended,
       COALESCE(b.no_shows, 0) AS no_shows_since_attended,
       COALESCE(b.conversations_180d, 0) AS conversations_180d,
       b.first_group_ask_kind::text AS first_group_ask_kind,
       to_char(b.first_group_ask_at AT TIME ZONE b.time_zone, 'YYYY-MM-DD') AS first_group_ask_on,
       COALESCE(b.first_group_ask_kind IS NOT NULL AND NOT b.sounded_before, false) AS group_ask_before_one_to_one,
       COALESCE(b.g06_since, false) AS g06_one_to_one_since,
       b.recent & 16 <> 0 AS touched_g06,
       b.recent & 32 <> 0 AS touched_g07,
       b.recent & 64 <> 0 AS touched_g11,
       concat_ws(', ', CASE WHEN b.ever & 1 = 0 THEN 'G02' END, CASE WHEN b.ever & 2 = 0 THEN 'G03' END,
                       CASE WHEN b.ever & 4 = 0 THEN 'G04' END, CASE WHEN b.ever & 8 = 0 THEN 'G05' END)
           AS narrative_missing,
       COALESCE(b.fears_recorded, 0) AS fears_recorded,
       COALESCE(b.open_fears, 0) AS open_fears,
       b.oldest_open_fear_days,
       b.stalest_fear_days,
       COALESCE(b.open_commitments, 0) AS open_commitments,
       COALESCE(b.overdue_commitments, 0) AS overdue_commitments,
       b.max_days_overdue,
       COALESCE(b.initiated_90d, 0) AS initiated_90d,
       COALESCE(b.function IS NOT NULL AND b.function_has_priority, false) AS function_has_priority,
       CASE WHEN b.function IS NULL
            THEN 'no function is recorded for them, so nothing ties coaching to the priorities of their part of the business'
            ELSE 'nothing ties coaching to an endorsed priority of ' || b.function || ', the function they lead'
       END AS business_case_gap,
       radar_engagement_score(b.days_since_contact, COALESCE(b.contacts_30d, 0),
                              COALESCE(b.contacts_prior_90d, 0) / 3.0, engagement_rank(b.engagement_latest),
                              engagement_rank(b.engagement), COALESCE(b.initiated_90d, 0),
                              COALESCE(b.declines_60d, 0), COALESCE(b.overdue_commitments, 0)) AS score,
       concat_ws(', ', b.gap_1, b.gap_2, b.gap_3) AS recent_gaps,
       -- Slowing: three gaps in a row, each longer than the one before but at most double it, the latest at least
       -- two weeks and nearly twice the first. A holiday, a moved meeting or a return after a long silence makes
       -- one jump, not a steady lengthening; the next gap that is not longer ends it.
       COALESCE(b.gap_1 < b.gap_2 AND b.gap_2 < b.gap_3 AND b.gap_2 <= 2 * b.gap_1 AND b.gap_3 <= 2 * b.gap_2
                AND b.gap_3 >= 14 AND b.gap_3 >= 1.8 * b.gap_1, false) AS rhythm_slowing,
       COALESCE(b.influencers, 0) AS influencers,
       COALESCE(b.supportive_influencers, 0) AS supportive_influencers,
       COALESCE(b.influencer_names, '') AS influencer_names,
       CASE WHEN b.tier = 'top_team' OR b.role = 'sponsor' THEN COALESCE(b.managers_engaged, 0) ELSE 0 END
           AS function_managers_engaged,
       COALESCE(greatest(0, b.days_since_contact - b.silence_allowed_days) > 0
                OR engagement_rank(b.engagement) <= 2, false) AS leader_holding_back,
       CASE WHEN engagement_rank(b.engagement) <= 2 THEN b.engagement::text
            WHEN b.days_since_contact IS NULL THEN 'not yet met'
            ELSE 'silent for ' || b.days_since_contact || ' days' END AS leader_signal,
       b.rhythm_score_0 AS rhythm_score,
       b.rhythm_score_3 AS rhythm_score_3_weeks_ago,
       b.rhythm_score_3 - b.rhythm_score_0 AS score_fall_3_weeks,
       (b.rhythm_score_0 < b.rhythm_score_1 AND b.rhythm_score_1 < b.rhythm_score_2
            AND b.rhythm_score_2 < b.rhythm_score_3) AS score_fell_3_weeks,
       CASE WHEN b.days_since_contact IS NULL THEN 'at all yet'
            WHEN b.days_since_contact = 1 THEN 'since yesterday'
            ELSE 'for ' || b.days_since_contact || ' days' END AS silence,
       CASE WHEN b.days_since_contact IS NULL THEN ''
            WHEN b.usual_interval_days IS NULL
                THEN ', longer than the ' || b.silence_allowed_days || ' days allowed before a rhythm is known'
            ELSE ', longer than the ' || b.silence_allowed_days || ' days their usual rhythm (every '
                 || trim_scale(b.usual_interval_days) || ' days) allows' END AS rhythm_note
  FROM scored b
$$;

GRANT EXECUTE ON FUNCTION facts_stakeholder_of(uuid[]) TO radar_app;
