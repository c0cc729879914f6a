CREATE VIEW facts_organisation WITH (security_invoker = true) AS
SELECT o.id AS org_id,
       o.slug AS subject,
       o.name AS subject_name,
       m.open_commitments,
       m.hr_commitments,
       CASE WHEN m.open_commitments > 0 THEN round(m.hr_commitments::numeric / m.open_commitments, 3) END
           AS hr_commitment_share,
       (SELECT count(*) FROM initiatives i
         WHERE i.org_id = o.id AND i.status IN ('planned', 'running')
           AND i.starts_on <= k.today + 42 AND (i.ends_on IS NULL OR i.ends_on >= k.today)) AS initiatives_ahead_42d,
       n.initiatives_12m,
       CASE WHEN n.initiatives_12m > 0 THEN round(n.training_12m::numeric / n.initiatives_12m, 3) END
           AS training_share_12m,
       array_to_string(ARRAY(
           SELECT DISTINCT s.function FROM stakeholders s
            WHERE s.org_id = o.id AND s.active AND s.tier = 'top_team' AND s.function IS NOT NULL
              AND NOT EXISTS (SELECT FROM business_priorities b
                               WHERE b.org_id = o.id AND lower(b.function) = lower(s.function)
                                 AND b.recorded_on <= k.today)
            ORDER BY 1), ', ') AS functions_without_priority,
       n.training_12m
  FROM organisations o
  JOIN radar_clock k ON k.org_id = o.id
 CROSS JOIN LATERAL (
       SELECT count(*) AS open_commitments, count(*) FILTER (WHERE s.tier = 'hr') AS hr_commitments
         FROM commitments c JOIN stakeholders s ON s.org_id = c.org_id AND s.id = c.owner_id
        WHERE c.org_id = o.id AND c.made_on <= k.today AND (c.status = 'open' OR c.done_on > k.today)) m
 CROSS JOIN LATERAL (
       SELECT count(*) AS initiatives_12m, count(*) FILTER (WHERE i.kind = 'training') AS training_12m
         FROM initiatives i
        WHERE i.org_id = o.id AND i.starts_on <= k.today AND i.starts_on > k.today - 365
          AND i.status <> 'cancelled') n;

GRANT SELECT ON facts_organisation TO radar_app;
