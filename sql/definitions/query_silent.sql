-- People's attributes as recorded for radar_as_of() (stakeholder_state), so a past week reads as it stood then.
CREATE VIEW query_silent WITH (security_invoker = true) AS
WITH clock AS (
    SELECT k.* FROM radar_clock k WHERE k.org_id = radar_current_org()
),
contact AS (
    SELECT p.org_id,
           p.stakeholder_id,
           max(p.occurred_at) FILTER (WHERE p.attendance = 'attended') AS last_attended_at,
           count(*) FILTER (WHERE p.attendance = 'attended' AND p.occurred_at >= (SELECT since_30d FROM clock))
               AS contacts_30d,
           count(*) FILTER (WHERE p.attendance IN ('declined', 'delegated', 'no_show')
                              AND p.occurred_at >= (SELECT since_60d FROM clock)) AS declines_60d
      FROM conversation_participants p
     WHERE p.occurred_at <= (SELECT as_of FROM clock)
     GROUP BY p.org_id, p.stakeholder_id
)
SELECT s.org_id,
       s.id AS stakeholder_id,
       s.name,
       s.email,
       a.tier::text AS tier,
       a.role::text AS role,
       a.function,
       c.last_attended_at,
       k.today - (c.last_attended_at AT TIME ZONE k.time_zone)::date AS days_since_contact,
       COALESCE(c.contacts_30d, 0) AS contacts_30d,
       COALESCE(c.declines_60d, 0) AS declines_60d
  FROM stakeholders s
  JOIN stakeholder_state a ON a.org_id = s.org_id AND a.id = s.id
  JOIN clock k ON k.org_id = s.org_id
  LEFT JOIN contact c ON c.org_id = s.org_id AND c.stakeholder_id = s.id
 WHERE a.active;

COMMENT ON VIEW query_silent IS
    'Active stakeholders and how long since each last attended a conversation. '
    'Order: days_since_contact DESC NULLS FIRST, name.';

GRANT SELECT ON query_silent TO radar_app;
