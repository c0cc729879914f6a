CREATE VIEW facts_initiative WITH (security_invoker = true) AS
SELECT i.org_id,
       i.id AS initiative_id,
       i.ref AS subject,
       i.title AS subject_name,
       i.kind::text AS kind,
       i.status::text AS status,
       i.ends_on IS NOT NULL AND i.ends_on < k.today AS ended,
       k.today - i.ends_on AS days_since_end,
       i.outcome IS NOT NULL AND btrim(i.outcome) <> '' AS has_outcome,
       i.success_measure IS NOT NULL AS has_success_measure
  FROM initiatives i
  JOIN radar_clock k ON k.org_id = i.org_id
 WHERE i.starts_on <= k.today AND i.status <> 'cancelled';

GRANT SELECT ON facts_initiative TO radar_app;
