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

GRANT SELECT ON query_engagement TO radar_app;
