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

GRANT SELECT ON query_activity TO radar_app;
