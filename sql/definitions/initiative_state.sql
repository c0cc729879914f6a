-- Each initiative as recorded for radar_as_of(): the history row in force at that instant, whatever was edited
-- later. The facts read initiatives through this view, never the current row.
CREATE VIEW initiative_state WITH (security_invoker = true) AS
SELECT DISTINCT ON (h.org_id, h.initiative_id)
       h.org_id, h.initiative_id AS id, h.kind, h.status, h.starts_on, h.ends_on, h.has_success_measure,
       h.has_outcome, h.pilot_id, h.valid_from
  FROM initiative_history h
 WHERE h.valid_from <= radar_as_of()
 ORDER BY h.org_id, h.initiative_id, h.valid_from DESC, h.id DESC;

GRANT SELECT ON initiative_state TO radar_app;
