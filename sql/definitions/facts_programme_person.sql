-- What the programme's own records say about each stakeholder, as of radar_as_of() (issue 17).
-- Sessions: for every initiative a person is enrolled in now, the sessions held since they enrolled are counted
-- back from the latest until the last one they attended; the initiative with the longest such run is named. A
-- session they are not listed at, or declined, delegated or missed, counts as missed.
-- Coaching: whether they have a coaching goal open by then, the days since the least recently reviewed one was
-- last observed (or set), and whether they are coached or peer-coached (a coaching record in force, or
-- enrolment in a peer-coaching initiative that has started and not ended).
-- Leader's case: whether a personal gain and a personal cost are on record by then, and the latest readiness.
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
       w.title AS missed_sessions_of,
       g.goals > 0 AS has_coaching_goal,
       g.days_since_review AS days_since_goal_review,
       (EXISTS (SELECT FROM leader_coaching lc, clock k
                 WHERE lc.org_id = s.org_id AND lc.stakeholder_id = s.id AND lc.since <= k.today
                   AND (lc.until IS NULL OR lc.until >= k.today))
        OR EXISTS (SELECT FROM initiative_members e
                     JOIN initiatives i ON i.org_id = e.org_id AND i.id = e.initiative_id
                     JOIN clock k ON k.org_id = e.org_id
                    WHERE e.org_id = s.org_id AND e.stakeholder_id = s.id AND i.kind = 'peer_coaching'
                      AND i.status <> 'cancelled' AND i.starts_on <= k.today
                      AND (i.ends_on IS NULL OR i.ends_on >= k.today)
                      AND e.enrolled_on <= k.today AND (e.left_on IS NULL OR e.left_on > k.today))) AS is_coached,
       -- The leader's case (G04, G05): notes recorded by then in their words, and the readiness to role-model the
       -- change given with the latest note on its cost.
       lc.gains > 0 AS has_personal_gain,
       lc.costs > 0 AS cost_discussed,
       lc.role_model AS role_model_readiness
  FROM stakeholders s
  LEFT JOIN LATERAL (
        SELECT r.missed_in_row, i.title
          FROM runs r JOIN initiatives i ON i.org_id = r.org_id AND i.id = r.initiative_id
         WHERE r.org_id = s.org_id AND r.stakeholder_id = s.id
         ORDER BY r.missed_in_row DESC, i.title
         LIMIT 1) w ON true
  CROSS JOIN LATERAL (
        SELECT count(*) AS goals, max(k.today - COALESCE(o.last_observed, cg.set_on)) AS days_since_review
          FROM coaching_goals cg
          JOIN clock k ON k.org_id = cg.org_id
          LEFT JOIN LATERAL (SELECT max(co.observed_on) AS last_observed FROM coaching_observations co
                              WHERE co.org_id = cg.org_id AND co.goal_id = cg.id AND co.observed_on <= k.today) o
                 ON true
         WHERE cg.org_id = s.org_id AND cg.stakeholder_id = s.id AND cg.set_on <= k.today
           AND (cg.closed_on IS NULL OR cg.closed_on > k.today)) g
  CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE n.aspect = 'personal_gain') AS gains,
               count(*) FILTER (WHERE n.aspect = 'personal_cost') AS costs,
               (array_agg(n.role_model::text ORDER BY n.recorded_on DESC, n.id)
                    FILTER (WHERE n.aspect = 'personal_cost'))[1] AS role_model
          FROM leader_case_notes n
          JOIN clock k ON k.org_id = n.org_id
         WHERE n.org_id = s.org_id AND n.stakeholder_id = s.id AND n.recorded_on <= k.today) lc
 WHERE s.org_id = radar_current_org();

GRANT SELECT ON facts_programme_person TO radar_app;
