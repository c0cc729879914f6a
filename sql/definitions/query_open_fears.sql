-- Each fear's status as it stood on the as-of day (its latest dated change by then, else its status as raised).
CREATE VIEW query_open_fears WITH (security_invoker = true) AS
SELECT f.org_id,
       f.id AS fear_id,
       f.stakeholder_id,
       s.name,
       s.email,
       f.category::text AS category,
       f.severity::text AS severity,
       COALESCE(u.status, f.status)::text AS status,
       f.statement,
       f.raised_on,
       k.today - f.raised_on AS age_days,
       c.ref AS conversation_ref
  FROM fears f
  JOIN radar_clock k ON k.org_id = f.org_id
  JOIN stakeholders s ON s.org_id = f.org_id AND s.id = f.stakeholder_id
  LEFT JOIN conversations c ON c.org_id = f.org_id AND c.id = f.conversation_id
  LEFT JOIN LATERAL (
        SELECT x.status FROM fear_updates x
         WHERE x.org_id = f.org_id AND x.fear_id = f.id AND x.changed_on <= k.today
         ORDER BY x.changed_on DESC, x.id DESC LIMIT 1) u ON true
 WHERE COALESCE(u.status, f.status) IN ('open', 'addressing')
   AND f.raised_on <= k.today;

COMMENT ON VIEW query_open_fears IS
    'Fears still open or being addressed, with their age in days; statement is sensitive. '
    'Order: raised_on, name.';

GRANT SELECT ON query_open_fears TO radar_app;
