-- Read as of radar_as_of(): commitments open that day, initiatives' status and owners' side as recorded then.
CREATE VIEW query_ownership WITH (security_invoker = true) AS
WITH open_commitments AS (
    SELECT m.org_id,
           count(*) AS total,
           count(*) FILTER (WHERE radar_owner_side(a.tier, a.role) = 'hr') AS hr,
           count(*) FILTER (WHERE radar_owner_side(a.tier, a.role) = 'leader') AS leader
      FROM commitments m
      JOIN radar_clock k ON k.org_id = m.org_id
      JOIN stakeholder_state a ON a.org_id = m.org_id AND a.id = m.owner_id
     WHERE radar_commitment_open(m.status, m.made_on, m.done_on, m.dropped_on, k.today)
     GROUP BY m.org_id
), live_initiatives AS (
    SELECT i.org_id,
           count(*) AS total,
           count(*) FILTER (WHERE radar_owner_side(a.tier, a.role) = 'hr') AS hr,
           count(*) FILTER (WHERE radar_owner_side(a.tier, a.role) = 'leader') AS leader
      FROM initiatives i
      JOIN initiative_state st ON st.org_id = i.org_id AND st.id = i.id
      LEFT JOIN stakeholder_state a ON a.org_id = i.org_id AND a.id = i.owner_id
     WHERE st.status IN ('planned', 'running')
     GROUP BY i.org_id
)
SELECT o.id AS org_id,
       COALESCE(m.total, 0) AS open_commitments,
       COALESCE(m.hr, 0) AS hr_owned_commitments,
       COALESCE(m.leader, 0) AS leader_owned_commitments,
       round(m.hr::numeric / NULLIF(m.total, 0), 3) AS hr_share,
       COALESCE(i.total, 0) AS initiatives,
       COALESCE(i.hr, 0) AS hr_owned_initiatives,
       COALESCE(i.leader, 0) AS leader_owned_initiatives,
       round(i.hr::numeric / NULLIF(i.total, 0), 3) AS hr_initiative_share
  FROM organisations o
  LEFT JOIN open_commitments m ON m.org_id = o.id
  LEFT JOIN live_initiatives i ON i.org_id = o.id;

COMMENT ON VIEW query_ownership IS
    'Per organisation, who carries the programme (P00): open commitments and planned or running initiatives by '
    'owner side, with HR''s share of each (0 to 1, NULL when there are none).';

GRANT SELECT ON query_ownership TO radar_app;
