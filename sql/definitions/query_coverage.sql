-- Coverage of each guideline per person: each person's counts are one walk of their own participations, so a
-- filter on people (the digest asks about the leaders only) narrows the work. Who was active is read as recorded
-- for radar_as_of().
CREATE VIEW query_coverage WITH (security_invoker = true) AS
SELECT s.org_id,
       s.id AS stakeholder_id,
       s.name,
       s.email,
       gl.code::text AS guideline,
       gl.position AS guideline_position,
       COALESCE((t.counts ->> gl.code)::bigint, 0) AS conversations_180d
  FROM stakeholders s
  JOIN stakeholder_state a ON a.org_id = s.org_id AND a.id = s.id
  JOIN radar_clock k ON k.org_id = s.org_id
  -- One person's attended conversations of the last 180 days, counted per guideline they touched.
  LEFT JOIN LATERAL (
        SELECT jsonb_object_agg(x.guideline, x.conversations) AS counts
          FROM (SELECT g.guideline, count(*) AS conversations
                  FROM conversation_participants p
                  JOIN conversation_guidelines g ON g.org_id = p.org_id AND g.conversation_id = p.conversation_id
                 WHERE p.org_id = s.org_id AND p.stakeholder_id = s.id AND p.attendance = 'attended'
                   AND p.occurred_at >= k.since_180d AND p.occurred_at <= k.as_of
                 GROUP BY g.guideline) x) t ON true
 CROSS JOIN guidelines gl
 WHERE a.active;

COMMENT ON VIEW query_coverage IS
    'Active stakeholder by guideline: conversations they attended in the last 180 days that touched it. '
    'Order: name, email, guideline_position.';

GRANT SELECT ON query_coverage TO radar_app;
