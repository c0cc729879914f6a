-- Fixes found while testing every default rule at its boundary (issue 4). 007 and 008 stay as they were.
--
-- 1. facts_conversation counted "the 60 days before" (champion briefings, G08) and "the 30 days before"
--    (top-team soundings, G09) as exact 24-hour intervals in UTC, while every other window counts calendar
--    days in the organisation's time zone. Across a daylight-saving change a one-to-one held 30 local days
--    before a presentation at the same time of day fell an hour outside the window. Both now count local days.
-- 2. silent-leader said "for none days" about a leader nobody has met yet: facts_stakeholder gains `silence`
--    ("for 45 days", "since yesterday", "at all yet") and the message uses it.
-- 3. training-only counted cancelled initiatives in the twelve-month mix, so a cancelled course or a cancelled
--    peer-coaching programme tilted it. They no longer count, and the message names the number of courses
--    ("4 of the 5 initiatives") instead of a bare share.
-- Views keep their columns in order and only gain new ones at the end, as CREATE OR REPLACE VIEW requires.

CREATE OR REPLACE VIEW facts_stakeholder WITH (security_invoker = true) AS
WITH participation AS (
    SELECT p.org_id, p.stakeholder_id, p.conversation_id, p.attendance, p.engagement, p.occurred_at,
           c.kind, k.today, k.time_zone,
           k.today - (p.occurred_at AT TIME ZONE k.time_zone)::date AS days_ago
      FROM conversation_participants p
      JOIN conversations c ON c.org_id = p.org_id AND c.id = p.conversation_id
      JOIN radar_clock k ON k.org_id = p.org_id
     WHERE p.occurred_at <= k.as_of
),
contact AS (
    SELECT org_id, stakeholder_id,
           min(days_ago) FILTER (WHERE attendance = 'attended') AS days_since_contact,
           count(*) FILTER (WHERE attendance = 'attended' AND days_ago < 30) AS contacts_30d,
           count(*) FILTER (WHERE attendance = 'attended' AND days_ago BETWEEN 30 AND 119) AS contacts_prior_90d,
           count(*) FILTER (WHERE attendance <> 'attended' AND days_ago < 60) AS declines_60d,
           count(*) FILTER (WHERE attendance = 'attended' AND days_ago < 180) AS conversations_180d,
           (array_agg(kind ORDER BY occurred_at, conversation_id))[1] AS first_conversation_kind,
           (array_agg(engagement ORDER BY occurred_at DESC) FILTER (WHERE engagement IS NOT NULL))[1]
               AS engagement_latest,
           (array_agg(engagement ORDER BY occurred_at DESC)
               FILTER (WHERE engagement IS NOT NULL AND days_ago >= 60))[1] AS engagement_60d_ago
      FROM participation
     GROUP BY org_id, stakeholder_id
),
touched AS (
    SELECT p.org_id, p.stakeholder_id,
           array_agg(DISTINCT g.guideline) FILTER (WHERE p.days_ago < 180) AS recent,
           array_agg(DISTINCT g.guideline) AS ever
      FROM participation p
      JOIN conversation_guidelines g ON g.org_id = p.org_id AND g.conversation_id = p.conversation_id
     WHERE p.attendance = 'attended'
     GROUP BY p.org_id, p.stakeholder_id
),
initiated AS (
    SELECT c.org_id, c.initiated_by AS stakeholder_id, count(*) AS initiated_90d
      FROM conversations c
      JOIN radar_clock k ON k.org_id = c.org_id
     WHERE c.occurred_at <= k.as_of AND k.today - (c.occurred_at AT TIME ZONE k.time_zone)::date < 90
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
      JOIN radar_clock k ON k.org_id = f.org_id
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
      JOIN radar_clock k ON k.org_id = m.org_id
     WHERE m.made_on <= k.today
     GROUP BY m.org_id, m.owner_id
),
snapshot AS (
    SELECT e.org_id, e.stakeholder_id,
           (array_agg(e.score ORDER BY e.week_start DESC))[1:4] AS last_scores
      FROM engagement_snapshots e
      JOIN radar_clock k ON k.org_id = e.org_id
     WHERE e.week_start <= k.today
     GROUP BY e.org_id, e.stakeholder_id
)
SELECT s.org_id,
       s.id AS stakeholder_id,
       s.email AS subject,
       s.name AS subject_name,
       s.tier::text AS tier,
       s.role::text AS role,
       s.function,
       (s.tier = 'top_team' OR s.role = 'sponsor') AS is_leader,
       s.role IN ('champion', 'potential_champion') AS is_champion,
       c.days_since_contact,
       COALESCE(c.contacts_30d, 0) AS contacts_30d,
       round(COALESCE(c.contacts_prior_90d, 0) / 3.0, 2) AS monthly_average_90d,
       c.engagement_latest::text AS engagement_latest,
       c.engagement_60d_ago::text AS engagement_60d_ago,
       engagement_rank(c.engagement_60d_ago) - engagement_rank(c.engagement_latest) AS engagement_drop,
       s.engagement::text AS engagement,
       s.desired_engagement::text AS desired_engagement,
       engagement_rank(s.desired_engagement) - engagement_rank(s.engagement) AS engagement_gap,
       COALESCE(c.declines_60d, 0) AS declines_60d,
       COALESCE(c.conversations_180d, 0) AS conversations_180d,
       c.first_conversation_kind::text AS first_conversation_kind,
       COALESCE('G06' = ANY (t.recent), false) AS touched_g06,
       COALESCE('G07' = ANY (t.recent), false) AS touched_g07,
       COALESCE('G11' = ANY (t.recent), false) AS touched_g11,
       array_to_string(ARRAY(SELECT g FROM unnest(ARRAY['G02', 'G03', 'G04', 'G05']) g
                              WHERE NOT COALESCE(g = ANY (t.ever), false) ORDER BY g), ', ') AS narrative_missing,
       COALESCE(f.fears_recorded, 0) AS fears_recorded,
       COALESCE(f.open_fears, 0) AS open_fears,
       f.oldest_open_fear_days,
       COALESCE(m.open_commitments, 0) AS open_commitments,
       COALESCE(m.overdue_commitments, 0) AS overdue_commitments,
       m.max_days_overdue,
       COALESCE(i.initiated_90d, 0) AS initiated_90d,
       EXISTS (SELECT FROM business_priorities b
                WHERE b.org_id = s.org_id AND lower(b.function) = lower(s.function)
                  AND b.recorded_on <= (SELECT today FROM radar_clock k WHERE k.org_id = s.org_id))
           AS function_has_priority,
       radar_engagement_score(c.days_since_contact, COALESCE(c.contacts_30d, 0),
                              COALESCE(c.contacts_prior_90d, 0) / 3.0, engagement_rank(c.engagement_latest),
                              engagement_rank(s.engagement), COALESCE(i.initiated_90d, 0),
                              COALESCE(c.declines_60d, 0), COALESCE(m.overdue_commitments, 0)) AS score,
       n.last_scores[1] AS score_last_snapshot,
       (array_length(n.last_scores, 1) = 4 AND n.last_scores[1] < n.last_scores[2]
            AND n.last_scores[2] < n.last_scores[3] AND n.last_scores[3] < n.last_scores[4]) AS score_fell_3_weeks,
       CASE WHEN c.days_since_contact IS NULL THEN 'at all yet'
            WHEN c.days_since_contact = 1 THEN 'since yesterday'
            ELSE 'for ' || c.days_since_contact || ' days' END AS silence
  FROM stakeholders s
  LEFT JOIN contact c ON c.org_id = s.org_id AND c.stakeholder_id = s.id
  LEFT JOIN touched t ON t.org_id = s.org_id AND t.stakeholder_id = s.id
  LEFT JOIN initiated i ON i.org_id = s.org_id AND i.stakeholder_id = s.id
  LEFT JOIN fear f ON f.org_id = s.org_id AND f.stakeholder_id = s.id
  LEFT JOIN commitment m ON m.org_id = s.org_id AND m.stakeholder_id = s.id
  LEFT JOIN snapshot n ON n.org_id = s.org_id AND n.stakeholder_id = s.id
 WHERE s.active;

CREATE OR REPLACE VIEW facts_conversation WITH (security_invoker = true) AS
WITH top_team AS (
    SELECT org_id, count(*) AS size FROM stakeholders WHERE active AND tier = 'top_team' GROUP BY org_id
),
reached AS (
    SELECT c.org_id, c.id, c.ref, c.kind, c.occurred_at, c.initiated_by, k.today, k.time_zone,
           k.today - (c.occurred_at AT TIME ZONE k.time_zone)::date AS days_ago,
           count(*) FILTER (WHERE s.tier = 'top_team') AS top_team_participants
      FROM conversations c
      JOIN radar_clock k ON k.org_id = c.org_id
      JOIN conversation_participants p ON p.org_id = c.org_id AND p.conversation_id = c.id
      JOIN stakeholders s ON s.org_id = p.org_id AND s.id = p.stakeholder_id
     WHERE c.occurred_at <= k.as_of AND c.kind IN ('presentation', 'group', 'workshop')
       AND k.today - (c.occurred_at AT TIME ZONE k.time_zone)::date < 180
     GROUP BY c.org_id, c.id, c.ref, c.kind, c.occurred_at, c.initiated_by, k.today, k.time_zone
)
SELECT r.org_id,
       r.id AS conversation_id,
       r.ref AS subject,
       r.kind::text || ' on ' || to_char(r.occurred_at AT TIME ZONE r.time_zone, 'YYYY-MM-DD') AS subject_name,
       r.kind::text AS kind,
       r.days_ago,
       r.top_team_participants,
       COALESCE(t.size, 0) AS top_team_size,
       i.tier::text AS initiator_tier,
       i.role::text AS initiator_role,
       (SELECT count(*)
          FROM conversations b
          JOIN stakeholders bi ON bi.org_id = b.org_id AND bi.id = b.initiated_by
         WHERE b.org_id = r.org_id AND b.occurred_at < r.occurred_at
           AND (b.occurred_at AT TIME ZONE r.time_zone)::date >= (r.occurred_at AT TIME ZONE r.time_zone)::date - 60
           AND bi.role IN ('champion', 'potential_champion')
           AND EXISTS (SELECT FROM conversation_participants bp
                         JOIN stakeholders bs ON bs.org_id = bp.org_id AND bs.id = bp.stakeholder_id
                        WHERE bp.org_id = b.org_id AND bp.conversation_id = b.id AND bs.tier = 'top_team'
                          AND bp.attendance = 'attended')) AS champion_briefings_60d,
       (SELECT count(DISTINCT sp.stakeholder_id)
          FROM conversation_participants sp
          JOIN conversations sc ON sc.org_id = sp.org_id AND sc.id = sp.conversation_id
          JOIN stakeholders ss ON ss.org_id = sp.org_id AND ss.id = sp.stakeholder_id
         WHERE sp.org_id = r.org_id AND sc.kind = 'one_to_one' AND sp.attendance = 'attended'
           AND ss.tier = 'top_team' AND sc.occurred_at < r.occurred_at
           AND (sc.occurred_at AT TIME ZONE r.time_zone)::date >= (r.occurred_at AT TIME ZONE r.time_zone)::date - 30)
           AS top_team_sounded_30d
  FROM reached r
  LEFT JOIN top_team t ON t.org_id = r.org_id
  LEFT JOIN stakeholders i ON i.org_id = r.org_id AND i.id = r.initiated_by
 WHERE r.top_team_participants > 0;

CREATE OR REPLACE VIEW facts_organisation WITH (security_invoker = true) AS
SELECT o.id AS org_id,
       o.slug AS subject,
       o.name AS subject_name,
       m.open_commitments,
       m.hr_commitments,
       CASE WHEN m.open_commitments > 0 THEN round(m.hr_commitments::numeric / m.open_commitments, 3) END
           AS hr_commitment_share,
       (SELECT count(*) FROM initiatives i
         WHERE i.org_id = o.id AND i.status IN ('planned', 'running')
           AND i.starts_on <= k.today + 42 AND (i.ends_on IS NULL OR i.ends_on >= k.today)) AS initiatives_ahead_42d,
       n.initiatives_12m,
       CASE WHEN n.initiatives_12m > 0 THEN round(n.training_12m::numeric / n.initiatives_12m, 3) END
           AS training_share_12m,
       array_to_string(ARRAY(
           SELECT DISTINCT s.function FROM stakeholders s
            WHERE s.org_id = o.id AND s.active AND s.tier = 'top_team' AND s.function IS NOT NULL
              AND NOT EXISTS (SELECT FROM business_priorities b
                               WHERE b.org_id = o.id AND lower(b.function) = lower(s.function)
                                 AND b.recorded_on <= k.today)
            ORDER BY 1), ', ') AS functions_without_priority,
       n.training_12m
  FROM organisations o
  JOIN radar_clock k ON k.org_id = o.id
 CROSS JOIN LATERAL (
       SELECT count(*) AS open_commitments, count(*) FILTER (WHERE s.tier = 'hr') AS hr_commitments
         FROM commitments c JOIN stakeholders s ON s.org_id = c.org_id AND s.id = c.owner_id
        WHERE c.org_id = o.id AND c.made_on <= k.today AND (c.status = 'open' OR c.done_on > k.today)) m
 CROSS JOIN LATERAL (
       SELECT count(*) AS initiatives_12m, count(*) FILTER (WHERE i.kind = 'training') AS training_12m
         FROM initiatives i
        WHERE i.org_id = o.id AND i.starts_on <= k.today AND i.starts_on > k.today - 365
          AND i.status <> 'cancelled') n;

UPDATE default_rules
   SET message_template = '{subject_name} has not taken part in a conversation about the programme {silence}.'
 WHERE code = 'silent-leader';
UPDATE default_rules
   SET message_template = '{training_12m} of the {initiatives_12m} initiatives of the last twelve months were training courses.'
 WHERE code = 'training-only';

-- Organisations that still use the old default texts get the new ones; texts an admin changed are left alone.
DO $fix$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        UPDATE rules r SET message_template = d.message_template
          FROM default_rules d
         WHERE r.org_id = org AND d.code = r.code
           AND ((r.code = 'silent-leader' AND r.message_template = '{subject_name} has not taken part in a conversation about the programme for {days_since_contact} days.')
             OR (r.code = 'training-only' AND r.message_template = '{training_share_12m} of the last twelve months'' {initiatives_12m} initiatives were training courses.'));
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$fix$;
