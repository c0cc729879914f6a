CREATE VIEW query_ownership WITH (security_invoker = true) AS
WITH open_commitments AS (
    SELECT m.org_id,
           count(*) AS total,
           count(*) FILTER (WHERE radar_owner_side(s.tier, s.role) = 'hr') AS hr,
           count(*) FILTER (WHERE radar_owner_side(s.tier, s.role) = 'leader') AS leader
      FROM commitments m
      JOIN radar_clock k ON k.org_id = m.org_id
      JOIN stakeholders s ON s.org_id = m.org_id AND s.id = m.owner_id
     WHERE m.status = 'open'
       AND m.made_on <= k.today
     GROUP BY m.org_id
), live_initiatives AS (
    SELECT i.org_id,
           count(*) AS total,
           count(*) FILTER (WHERE radar_owner_side(s.tier, s.role) = 'hr') AS hr,
           count(*) FILTER (WHERE radar_owner_side(s.tier, s.role) = 'leader') AS leader
      FROM initiatives i
      LEFT JOIN stakeholders s ON s.org_id = i.org_id AND s.id = i.owner_id
     WHERE i.status IN ('planned', 'running')
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
