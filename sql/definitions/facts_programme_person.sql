-- What the programme's sessions say about each stakeholder, as of radar_as_of() (issue 17). For every initiative
-- a person is enrolled in now, the sessions held since they enrolled are counted back from the latest until the
-- last one they attended; the initiative with the longest such run is named. A session they are not listed at,
-- or declined, delegated or missed, counts as missed.
CREATE VIEW facts_programme_person WITH (security_invoker = true) AS
WITH clock AS (
    SELECT k.org_id, k.as_of, k.today, k.time_zone FROM radar_clock k WHERE k.org_id = radar_current_org()
),
enrolled_sessions AS (
    SELECT e.org_id, e.stakeholder_id, e.initiative_id, c.occurred_at,
           EXISTS (SELECT FROM conversation_participants p
                    WHERE p.org_id = c.org_id AND p.conversation_id = c.id AND p.stakeholder_id = e.stakeholder_id
                      AND p.attendance = 'attended') AS attended
      FROM initiative_members e
      JOIN clock k ON k.org_id = e.org_id
      JOIN conversations c ON c.org_id = e.org_id AND c.initiative_id = e.initiative_id
     WHERE e.enrolled_on <= k.today AND (e.left_on IS NULL OR e.left_on > k.today)
       AND c.occurred_at <= k.as_of AND (c.occurred_at AT TIME ZONE k.time_zone)::date >= e.enrolled_on
),
runs AS (
    SELECT r.org_id, r.stakeholder_id, r.initiative_id,
           count(*) FILTER (WHERE r.last_attended IS NULL OR r.occurred_at > r.last_attended) AS missed_in_row
      FROM (SELECT x.*, max(x.occurred_at) FILTER (WHERE x.attended)
                            OVER (PARTITION BY x.org_id, x.stakeholder_id, x.initiative_id) AS last_attended
              FROM enrolled_sessions x) r
     GROUP BY r.org_id, r.stakeholder_id, r.initiative_id
)
SELECT s.org_id,
       s.id AS stakeholder_id,
       COALESCE(w.missed_in_row, 0) AS sessions_missed_in_row,
       w.title AS missed_sessions_of
  FROM stakeholders s
  LEFT JOIN LATERAL (
        SELECT r.missed_in_row, i.title
          FROM runs r JOIN initiatives i ON i.org_id = r.org_id AND i.id = r.initiative_id
         WHERE r.org_id = s.org_id AND r.stakeholder_id = s.id
         ORDER BY r.missed_in_row DESC, i.title
         LIMIT 1) w ON true
 WHERE s.org_id = radar_current_org();

GRANT SELECT ON facts_programme_person TO radar_app;
