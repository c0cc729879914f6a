-- Facts about each conversation, as of radar_as_of(). Briefings and top-team one-to-ones before each group
-- conversation are counted by binary search (width_bucket) over sorted arrays of instants gathered once, not by
-- correlated subqueries per conversation. People's tier, role and function are those recorded for the as-of
-- instant (stakeholder_state). A conversation's purpose tells asks from updates: only asks (and decisions, and
-- conversations whose purpose was not recorded, unless they are sessions of an initiative) are judged by the
-- rules that read `is_ask`.
CREATE VIEW facts_conversation WITH (security_invoker = true) AS
WITH top_team AS (
    SELECT org_id, count(*) AS size FROM stakeholder_state WHERE active AND tier = 'top_team' GROUP BY org_id
),
top_team_part AS (
    -- Every part a top-team member had in a conversation of the last 240 local days: the 180 days a group
    -- conversation counts for, plus the 60 days of briefings that may come before it.
    SELECT p.org_id, p.conversation_id, p.stakeholder_id, p.attendance,
           c.ref, c.kind, c.purpose, c.initiative_id, c.occurred_at, c.initiated_by, k.today, k.time_zone,
           (c.occurred_at AT TIME ZONE k.time_zone)::date AS local_day
      FROM stakeholder_state s
      JOIN radar_clock k ON k.org_id = s.org_id
      JOIN conversation_participants p ON p.org_id = s.org_id AND p.stakeholder_id = s.id
      JOIN conversations c ON c.org_id = p.org_id AND c.id = p.conversation_id
     WHERE s.tier = 'top_team' AND p.occurred_at <= k.as_of
       -- A generous instant bound first (it can use the index), then the exact local-day one.
       AND p.occurred_at > k.as_of - interval '242 days'
       AND k.today - (c.occurred_at AT TIME ZONE k.time_zone)::date < 240
),
reached AS (
    SELECT org_id, conversation_id AS id, ref, kind, purpose, initiative_id, occurred_at, initiated_by, today,
           time_zone, local_day,
           today - local_day AS days_ago, count(*) AS top_team_participants
      FROM top_team_part
     WHERE kind IN ('presentation', 'group', 'workshop') AND today - local_day < 180
     GROUP BY org_id, conversation_id, ref, kind, purpose, initiative_id, occurred_at, initiated_by, today,
              time_zone, local_day
),
briefing AS MATERIALIZED (
    -- Conversations a champion started that a top-team member attended.
    SELECT DISTINCT t.org_id, t.conversation_id, t.occurred_at, t.local_day
      FROM top_team_part t
      JOIN stakeholder_state bi ON bi.org_id = t.org_id AND bi.id = t.initiated_by
     WHERE t.attendance = 'attended' AND bi.role IN ('champion', 'potential_champion')
),
sounding AS MATERIALIZED (
    SELECT org_id, stakeholder_id, occurred_at, local_day
      FROM top_team_part
     WHERE kind = 'one_to_one' AND attendance = 'attended'
),
-- Sorted instants, so width_bucket(x, times) counts, by binary search, those at or before x; a count "in
-- [opens, x)" is then a difference of two. A correlated subquery rescanned every briefing and every one-to-one
-- for every group conversation instead.
briefing_times AS (
    SELECT org_id, array_agg(occurred_at ORDER BY occurred_at) AS times FROM briefing GROUP BY org_id
),
sounding_times AS MATERIALIZED (
    SELECT org_id, stakeholder_id, array_agg(occurred_at ORDER BY occurred_at) AS times
      FROM sounding
     GROUP BY org_id, stakeholder_id
)
SELECT r.org_id,
       r.id AS conversation_id,
       r.ref AS subject,
       r.kind::text || ' on ' || to_char(r.local_day, 'YYYY-MM-DD') AS subject_name,
       r.kind::text AS kind,
       r.days_ago,
       r.top_team_participants,
       COALESCE(t.size, 0) AS top_team_size,
       i.tier::text AS initiator_tier,
       i.role::text AS initiator_role,
       r.purpose::text AS purpose,
       -- A session of a programme group (an action learning set meeting, a workshop of a series) is the
       -- programme at work, not a strategy put to the top team: an ask only when its purpose says so.
       CASE WHEN r.purpose IS NOT NULL THEN r.purpose IN ('ask', 'decision') ELSE r.initiative_id IS NULL END
           AS is_ask,
       -- HR is the HR tier, or an HR director sitting on the top team (their function says so).
       COALESCE(i.tier = 'hr' OR lower(btrim(i.function)) IN ('hr', 'human resources', 'people', 'people and culture'),
                false) AS initiator_is_hr,
       -- Briefings before the conversation, from local midnight 60 days before its day.
       COALESCE(width_bucket(r.occurred_at - interval '1 microsecond', b.times)
                - width_bucket((r.local_day - 60)::timestamp AT TIME ZONE r.time_zone - interval '1 microsecond',
                               b.times), 0)::bigint AS champion_briefings_60d,
       -- Members met one to one before it, from local midnight 30 days before its day.
       (SELECT count(*) FROM sounding_times so
         WHERE so.org_id = r.org_id
           AND width_bucket(r.occurred_at - interval '1 microsecond', so.times)
               > width_bucket((r.local_day - 30)::timestamp AT TIME ZONE r.time_zone - interval '1 microsecond',
                              so.times)) AS top_team_sounded_30d
  FROM reached r
  LEFT JOIN top_team t ON t.org_id = r.org_id
  LEFT JOIN stakeholder_state i ON i.org_id = r.org_id AND i.id = r.initiated_by
  LEFT JOIN briefing_times b ON b.org_id = r.org_id;

GRANT SELECT ON facts_conversation TO radar_app;
