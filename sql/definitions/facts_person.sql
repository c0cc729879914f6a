-- Every fact a rule about a stakeholder may read: facts_stakeholder, and beside it what the programme's own
-- records say about the person (facts_programme_person). Kept apart so each view stays one concern.
CREATE VIEW facts_person WITH (security_invoker = true) AS
SELECT f.*,
       p.sessions_missed_in_row,
       p.missed_sessions_of,
       p.has_coaching_goal,
       p.days_since_goal_review,
       p.is_coached,
       p.has_personal_gain,
       p.cost_discussed,
       p.role_model_readiness
  FROM facts_stakeholder f
  LEFT JOIN facts_programme_person p ON p.org_id = f.org_id AND p.stakeholder_id = f.stakeholder_id;

GRANT SELECT ON facts_person TO radar_app;
