-- Commitments open on the as-of day (radar_commitment_open), their owners' side as recorded then.
CREATE VIEW query_commitments WITH (security_invoker = true) AS
SELECT m.org_id,
       m.id AS commitment_id,
       m.owner_id,
       s.name AS owner_name,
       s.email AS owner_email,
       radar_owner_side(a.tier, a.role) AS owner_side,
       m.description,
       m.made_on,
       m.due_on,
       -- GREATEST ignores NULL, so a commitment without a due date needs saying explicitly.
       CASE WHEN m.due_on IS NOT NULL THEN GREATEST(k.today - m.due_on, 0) END AS days_overdue,
       c.ref AS conversation_ref
  FROM commitments m
  JOIN radar_clock k ON k.org_id = m.org_id
  JOIN stakeholders s ON s.org_id = m.org_id AND s.id = m.owner_id
  JOIN stakeholder_state a ON a.org_id = s.org_id AND a.id = s.id
  LEFT JOIN conversations c ON c.org_id = m.org_id AND c.id = m.conversation_id
 WHERE radar_commitment_open(m.status, m.made_on, m.done_on, m.dropped_on, k.today);

COMMENT ON VIEW query_commitments IS
    'Open commitments, who owns them (leader, hr or other) and days overdue (0 when not yet due, NULL when no '
    'due date). Order: days_overdue DESC NULLS LAST, due_on, owner_name.';

GRANT SELECT ON query_commitments TO radar_app;
