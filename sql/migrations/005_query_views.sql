-- The admin's named queries (`radar query NAME`), one view each, so psql, BI tools and the CLI all read the same
-- answer. Views run with the caller's rights (security_invoker), so row-level security confines them to the
-- organisation set in `radar.org_id`; a superuser sees every organisation, which is why each view carries org_id.
-- Views carry no ORDER BY: each view's comment says how its named query orders it.
--
-- Time: everything is as of radar_as_of(), and nothing recorded after that instant counts. Days are calendar days
-- in the organisation's time zone: "the last N days" are the as-of day and the N - 1 days before it.

-- The instant the queries answer for: `radar.as_of` when set (the CLI's --as-of, transaction-local), else now.
CREATE FUNCTION radar_as_of() RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT COALESCE(NULLIF(current_setting('radar.as_of', true), '')::timestamptz, now()) $$;

-- Who owns a commitment or an initiative, for P00: the leadership, HR, or someone else.
CREATE FUNCTION radar_owner_side(tier text, role text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE WHEN tier = 'top_team' OR role = 'sponsor' THEN 'leader'
                    WHEN tier = 'hr' THEN 'hr'
                    ELSE 'other' END
    $$;

-- One row per organisation: its time zone, the as-of instant, the as-of day there, and where the windows of the
-- last 30, 60 and 180 days start (local midnight), so windows compare occurred_at with an index-friendly bound.
CREATE VIEW radar_clock WITH (security_invoker = true) AS
SELECT o.id AS org_id,
       o.time_zone,
       t.as_of,
       t.today,
       (t.today - 29)::timestamp AT TIME ZONE o.time_zone AS since_30d,
       (t.today - 59)::timestamp AT TIME ZONE o.time_zone AS since_60d,
       (t.today - 179)::timestamp AT TIME ZONE o.time_zone AS since_180d
  FROM organisations o
 CROSS JOIN LATERAL (SELECT radar_as_of() AS as_of,
                            (radar_as_of() AT TIME ZONE o.time_zone)::date AS today) t;

CREATE VIEW query_silent WITH (security_invoker = true) AS
WITH contact AS (
    SELECT p.org_id,
           p.stakeholder_id,
           max(p.occurred_at) FILTER (WHERE p.attendance = 'attended') AS last_attended_at,
           count(*) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= k.since_30d) AS contacts_30d,
           count(*) FILTER (WHERE p.attendance IN ('declined', 'delegated', 'no_show')
                              AND p.occurred_at >= k.since_60d) AS declines_60d
      FROM conversation_participants p
      JOIN radar_clock k ON k.org_id = p.org_id
     WHERE p.occurred_at <= k.as_of
     GROUP BY p.org_id, p.stakeholder_id
)
SELECT s.org_id,
       s.id AS stakeholder_id,
       s.name,
       s.email,
       s.tier::text AS tier,
       s.role::text AS role,
       s.function,
       c.last_attended_at,
       k.today - (c.last_attended_at AT TIME ZONE k.time_zone)::date AS days_since_contact,
       COALESCE(c.contacts_30d, 0) AS contacts_30d,
       COALESCE(c.declines_60d, 0) AS declines_60d
  FROM stakeholders s
  JOIN radar_clock k ON k.org_id = s.org_id
  LEFT JOIN contact c ON c.org_id = s.org_id AND c.stakeholder_id = s.id
 WHERE s.active;
COMMENT ON VIEW query_silent IS
    'Active stakeholders and how long since each last attended a conversation. '
    'Order: days_since_contact DESC NULLS FIRST, name.';

CREATE VIEW query_open_fears WITH (security_invoker = true) AS
SELECT f.org_id,
       f.id AS fear_id,
       f.stakeholder_id,
       s.name,
       s.email,
       f.category::text AS category,
       f.severity::text AS severity,
       f.status::text AS status,
       f.statement,
       f.raised_on,
       k.today - f.raised_on AS age_days,
       c.ref AS conversation_ref
  FROM fears f
  JOIN radar_clock k ON k.org_id = f.org_id
  JOIN stakeholders s ON s.org_id = f.org_id AND s.id = f.stakeholder_id
  LEFT JOIN conversations c ON c.org_id = f.org_id AND c.id = f.conversation_id
 WHERE f.status IN ('open', 'addressing')
   AND f.raised_on <= k.today;
COMMENT ON VIEW query_open_fears IS
    'Fears still open or being addressed, with their age in days; statement is sensitive. '
    'Order: raised_on, name.';

CREATE VIEW query_coverage WITH (security_invoker = true) AS
WITH touched AS (
    SELECT p.org_id, p.stakeholder_id, g.guideline, count(*) AS conversations
      FROM conversation_participants p
      JOIN radar_clock k ON k.org_id = p.org_id
      JOIN conversation_guidelines g ON g.org_id = p.org_id AND g.conversation_id = p.conversation_id
     WHERE p.attendance = 'attended'
       AND p.occurred_at >= k.since_180d
       AND p.occurred_at <= k.as_of
     GROUP BY p.org_id, p.stakeholder_id, g.guideline
)
SELECT s.org_id,
       s.id AS stakeholder_id,
       s.name,
       s.email,
       gl.code::text AS guideline,
       gl.position AS guideline_position,
       COALESCE(t.conversations, 0) AS conversations_180d
  FROM stakeholders s
 CROSS JOIN guidelines gl
  LEFT JOIN touched t ON t.org_id = s.org_id AND t.stakeholder_id = s.id AND t.guideline = gl.code
 WHERE s.active;
COMMENT ON VIEW query_coverage IS
    'Active stakeholder by guideline: conversations they attended in the last 180 days that touched it. '
    'Order: name, email, guideline_position.';

CREATE VIEW query_engagement WITH (security_invoker = true) AS
SELECT s.org_id,
       s.id AS stakeholder_id,
       s.name,
       s.email,
       s.tier::text AS tier,
       s.role::text AS role,
       s.engagement::text AS engagement,
       s.desired_engagement::text AS desired_engagement,
       engagement_rank(s.desired_engagement) - engagement_rank(s.engagement) AS gap,
       o.engagement AS observed_engagement,
       (o.occurred_at AT TIME ZONE k.time_zone)::date AS observed_on
  FROM stakeholders s
  JOIN radar_clock k ON k.org_id = s.org_id
  LEFT JOIN LATERAL (
        SELECT p.engagement::text AS engagement, p.occurred_at
          FROM conversation_participants p
         WHERE p.org_id = s.org_id
           AND p.stakeholder_id = s.id
           AND p.occurred_at <= k.as_of
           AND p.engagement IS NOT NULL
         ORDER BY p.occurred_at DESC
         LIMIT 1
       ) o ON true
 WHERE s.active;
COMMENT ON VIEW query_engagement IS
    'Active stakeholders: recorded and desired engagement, the gap in steps, and the latest engagement observed '
    'in a conversation. Order: gap DESC NULLS LAST, name.';

CREATE VIEW query_commitments WITH (security_invoker = true) AS
SELECT m.org_id,
       m.id AS commitment_id,
       m.owner_id,
       s.name AS owner_name,
       s.email AS owner_email,
       radar_owner_side(s.tier, s.role) AS owner_side,
       m.description,
       m.made_on,
       m.due_on,
       -- GREATEST ignores NULL, so a commitment without a due date needs saying explicitly.
       CASE WHEN m.due_on IS NOT NULL THEN GREATEST(k.today - m.due_on, 0) END AS days_overdue,
       c.ref AS conversation_ref
  FROM commitments m
  JOIN radar_clock k ON k.org_id = m.org_id
  JOIN stakeholders s ON s.org_id = m.org_id AND s.id = m.owner_id
  LEFT JOIN conversations c ON c.org_id = m.org_id AND c.id = m.conversation_id
 WHERE m.status = 'open'
   AND m.made_on <= k.today;
COMMENT ON VIEW query_commitments IS
    'Open commitments, who owns them (leader, hr or other) and days overdue (0 when not yet due, NULL when no '
    'due date). Order: days_overdue DESC NULLS LAST, due_on, owner_name.';

CREATE VIEW query_activity WITH (security_invoker = true) AS
WITH attended AS (
    SELECT p.org_id, p.conversation_id, count(*) AS attended
      FROM conversation_participants p
      JOIN radar_clock k ON k.org_id = p.org_id
     WHERE p.attendance = 'attended'
       AND p.occurred_at <= k.as_of
     GROUP BY p.org_id, p.conversation_id
)
SELECT c.org_id,
       to_char(c.occurred_at AT TIME ZONE k.time_zone, 'IYYY-"W"IW') AS iso_week,
       c.kind::text AS kind,
       count(*) AS conversations,
       COALESCE(sum(a.attended), 0)::bigint AS participants_attended
  FROM conversations c
  JOIN radar_clock k ON k.org_id = c.org_id
  LEFT JOIN attended a ON a.org_id = c.org_id AND a.conversation_id = c.id
 WHERE c.occurred_at <= k.as_of
 GROUP BY c.org_id, 2, c.kind;
COMMENT ON VIEW query_activity IS
    'Conversations and attended participations per ISO week (organisation time) and kind. Order: iso_week, kind.';

CREATE VIEW query_ownership WITH (security_invoker = true) AS
WITH open_commitments AS (
    SELECT m.org_id,
           count(*) AS total,
           count(*) FILTER (WHERE radar_owner_side(s.tier, s.role) = 'hr') AS hr,
           count(*) FILTER (WHERE radar_owner_side(s.tier, s.role) = 'leader') AS leader
      FROM commitments m
      JOIN radar_clock k ON k.org_id = m.org_id
      JOIN stakeholders s ON s.org_id = m.org_id AND s.id = m.owner_id
     WHERE m.status = 'open'
       AND m.made_on <= k.today
     GROUP BY m.org_id
), live_initiatives AS (
    SELECT i.org_id,
           count(*) AS total,
           count(*) FILTER (WHERE radar_owner_side(s.tier, s.role) = 'hr') AS hr,
           count(*) FILTER (WHERE radar_owner_side(s.tier, s.role) = 'leader') AS leader
      FROM initiatives i
      LEFT JOIN stakeholders s ON s.org_id = i.org_id AND s.id = i.owner_id
     WHERE i.status IN ('planned', 'running')
     GROUP BY i.org_id
)
SELECT o.id AS org_id,
       COALESCE(m.total, 0) AS open_commitments,
       COALESCE(m.hr, 0) AS hr_owned_commitments,
       COALESCE(m.leader, 0) AS leader_owned_commitments,
       round(m.hr::numeric / NULLIF(m.total, 0), 3) AS hr_share,
       COALESCE(i.total, 0) AS initiatives,
       COALESCE(i.hr, 0) AS hr_owned_initiatives,
       COALESCE(i.leader, 0) AS leader_owned_initiatives,
       round(i.hr::numeric / NULLIF(i.total, 0), 3) AS hr_initiative_share
  FROM organisations o
  LEFT JOIN open_commitments m ON m.org_id = o.id
  LEFT JOIN live_initiatives i ON i.org_id = o.id;
COMMENT ON VIEW query_ownership IS
    'Per organisation, who carries the programme (P00): open commitments and planned or running initiatives by '
    'owner side, with HR''s share of each (0 to 1, NULL when there are none).';

GRANT SELECT ON radar_clock, query_silent, query_open_fears, query_coverage, query_engagement, query_commitments,
    query_activity, query_ownership TO radar_app;
