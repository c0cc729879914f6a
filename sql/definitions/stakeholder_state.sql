-- Each stakeholder's attributes as recorded for radar_as_of(): the history row in force at that instant, whatever
-- was edited later. The facts read people through this view, never the current row.
CREATE VIEW stakeholder_state WITH (security_invoker = true) AS
SELECT DISTINCT ON (h.org_id, h.stakeholder_id)
       h.org_id, h.stakeholder_id AS id, h.tier, h.role, h.function, h.active, h.engagement, h.desired_engagement,
       h.valid_from, h.changed_by
  FROM stakeholder_history h
 WHERE h.valid_from <= radar_as_of()
 ORDER BY h.org_id, h.stakeholder_id, h.valid_from DESC, h.id DESC;

GRANT SELECT ON stakeholder_state TO radar_app;
