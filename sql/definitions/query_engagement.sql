-- People's attributes as recorded for radar_as_of() (stakeholder_state), so a past week reads as it stood then.
CREATE VIEW query_engagement WITH (security_invoker = true) AS
SELECT s.org_id,
       s.id AS stakeholder_id,
       s.name,
       s.email,
       a.tier::text AS tier,
       a.role::text AS role,
       a.engagement::text AS engagement,
       a.desired_engagement::text AS desired_engagement,
       engagement_rank(a.desired_engagement) - engagement_rank(a.engagement) AS gap,
       o.engagement AS observed_engagement,
       (o.occurred_at AT TIME ZONE k.time_zone)::date AS observed_on
  FROM stakeholders s
  JOIN stakeholder_state a ON a.org_id = s.org_id AND a.id = s.id
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
 WHERE a.active;

COMMENT ON VIEW query_engagement IS
    'Active stakeholders: recorded and desired engagement, the gap in steps, and the latest engagement observed '
    'in a conversation. Order: gap DESC NULLS LAST, name.';

GRANT SELECT ON query_engagement TO radar_app;
