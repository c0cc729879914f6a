-- query_coverage per person (issue 8).
--
-- The view counted every participation of the last 180 days of the whole organisation before any filter could
-- apply, so the digest, which asks only about the leaders, paid for 10 000 people: 1.8 s of a 3.8 s digest. Each
-- person's counts are now one walk of their own participations, so a filter on people narrows the work (the
-- digest's read: 75 ms). Listing everyone costs more this way (about 4 s instead of 2 s for 10 000 people and
-- 130 000 rows); that listing is an export, the digest runs every week. Columns and answers are unchanged.
CREATE OR REPLACE VIEW query_coverage WITH (security_invoker = true) AS
SELECT s.org_id,
       s.id AS stakeholder_id,
       s.name,
       s.email,
       gl.code::text AS guideline,
       gl.position AS guideline_position,
       COALESCE((t.counts ->> gl.code)::bigint, 0) AS conversations_180d
  FROM stakeholders s
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
 WHERE s.active;
