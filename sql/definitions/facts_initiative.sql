-- Facts about each initiative that has started, as recorded for radar_as_of() (initiative_state): status, dates and
-- outcome as they stood then, whatever was edited later.
CREATE VIEW facts_initiative WITH (security_invoker = true) AS
SELECT i.org_id,
       i.id AS initiative_id,
       i.ref AS subject,
       i.title AS subject_name,
       h.kind::text AS kind,
       h.status::text AS status,
       h.ends_on IS NOT NULL AND h.ends_on < k.today AS ended,
       k.today - h.ends_on AS days_since_end,
       h.has_outcome,
       h.has_success_measure
  FROM initiatives i
  JOIN initiative_state h ON h.org_id = i.org_id AND h.id = i.id
  JOIN radar_clock k ON k.org_id = i.org_id
 WHERE h.starts_on <= k.today AND h.status <> 'cancelled';

GRANT SELECT ON facts_initiative TO radar_app;
