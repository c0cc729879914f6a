-- Facts about the organisation as a whole, as of radar_as_of(). People and initiatives are read as recorded
-- for that instant (stakeholder_state, initiative_state). An initiative keeps the programme going only when it is
-- running with a known end still to come, or planned to start within six weeks; an open-ended "running" one, or a
-- "planned" one whose start has passed, says nothing about what leaders have ahead of them. A business priority
-- counts only when it says how coaching helps and someone endorsed it. A roll-out is an initiative that spreads the
-- programme (training, peer coaching, action learning, workshops): one that names the pilot it spreads is ahead of
-- the evidence while that pilot has no outcome; one that names none, when begun once a pilot had begun and no pilot
-- has an outcome.
CREATE VIEW facts_organisation WITH (security_invoker = true) AS
SELECT o.id AS org_id,
       o.slug AS subject,
       o.name AS subject_name,
       m.open_commitments,
       m.hr_commitments,
       CASE WHEN m.open_commitments > 0 THEN round(m.hr_commitments::numeric / m.open_commitments, 3) END
           AS hr_commitment_share,
       (SELECT count(*) FROM initiative_state i
         WHERE i.org_id = o.id
           AND ((i.status = 'running' AND i.starts_on <= k.today AND i.ends_on >= k.today)
             OR (i.status = 'planned' AND i.starts_on >= k.today AND i.starts_on <= k.today + 42)))
           AS initiatives_ahead_42d,
       n.initiatives_12m,
       CASE WHEN n.initiatives_12m > 0 THEN round(n.training_12m::numeric / n.initiatives_12m, 3) END
           AS training_share_12m,
       array_to_string(ARRAY(
           SELECT DISTINCT btrim(s.function) FROM stakeholder_state s
            WHERE s.org_id = o.id AND s.active AND s.tier = 'top_team' AND btrim(COALESCE(s.function, '')) <> ''
              AND NOT EXISTS (SELECT FROM business_priorities b
                               WHERE b.org_id = o.id AND lower(btrim(b.function)) = lower(btrim(s.function))
                                 AND b.recorded_on <= k.today AND btrim(COALESCE(b.how_coaching_helps, '')) <> ''
                                 AND b.endorsed_by IS NOT NULL)
            ORDER BY 1), ', ') AS functions_without_priority,
       n.training_12m,
       sp.active_sponsors,
       sp.active_stakeholders,
       CASE WHEN sp.active_sponsors = 0 AND sp.last_left_name IS NOT NULL
            THEN ' since ' || sp.last_left_name || ' left on ' || to_char(sp.last_left_on, 'YYYY-MM-DD')
            ELSE '' END AS sponsor_note,
       -- Tensions raised by then that the top team had not yet discussed (G02), and the oldest one's value.
       t.undiscussed_tensions,
       t.oldest_undiscussed_tension_days,
       t.oldest_undiscussed_tension,
       -- Strands of the strategy in place by then (G12), and the missing ones in the catalogue's order.
       se.strategy_elements_in_place,
       se.strategy_elements_missing,
       -- Roll-outs ahead of the evidence (G10): initiatives that spread the programme, under way on the day, whose
       -- own pilot has no outcome recorded by then, or, naming no pilot, begun once the first pilot had begun while
       -- no pilot had an outcome.
       ro.rollouts_before_evidence,
       COALESCE(ro.rollouts_before_evidence_names, '') AS rollouts_before_evidence_names
  FROM organisations o
  JOIN radar_clock k ON k.org_id = o.id
 CROSS JOIN LATERAL (
       -- Open commitments and the actions from flags open at the instant (sql/migrations/082): an action owned by
       -- an HR user, or by someone in the HR tier, is HR's; one owned by a leader counts for the leadership.
       SELECT count(*) AS open_commitments, count(*) FILTER (WHERE x.hr) AS hr_commitments
         FROM (SELECT s.tier = 'hr' AS hr
                 FROM commitments c JOIN stakeholder_state s ON s.org_id = c.org_id AND s.id = c.owner_id
                WHERE c.org_id = o.id AND radar_commitment_open(c.status, c.made_on, c.done_on, c.dropped_on, k.today)
               UNION ALL
               SELECT a.owner_user_id IS NOT NULL OR COALESCE(s.tier = 'hr', false)
                 FROM flag_actions a
                 LEFT JOIN stakeholder_state s ON s.org_id = a.org_id AND s.id = a.owner_stakeholder_id
                WHERE a.org_id = o.id AND a.created_at <= k.as_of AND (a.done_at IS NULL OR a.done_at > k.as_of)
                  AND num_nonnulls(a.owner_user_id, a.owner_stakeholder_id) = 1) x) m
 CROSS JOIN LATERAL (
       SELECT count(*) AS initiatives_12m, count(*) FILTER (WHERE i.kind = 'training') AS training_12m
         FROM initiative_state i
        WHERE i.org_id = o.id AND i.starts_on <= k.today AND i.starts_on > k.today - 365
          AND i.status <> 'cancelled') n
 CROSS JOIN LATERAL (
       -- Sponsors in office at the instant, and the last one who left (the day their leaving took effect).
       SELECT count(*) FILTER (WHERE s.active AND s.role = 'sponsor') AS active_sponsors,
              count(*) FILTER (WHERE s.active) AS active_stakeholders,
              (array_agg(p.name ORDER BY s.valid_from DESC) FILTER (WHERE NOT s.active AND s.role = 'sponsor'))[1]
                  AS last_left_name,
              max((s.valid_from AT TIME ZONE k.time_zone)::date) FILTER (WHERE NOT s.active AND s.role = 'sponsor'
                                                                          AND s.valid_from > '-infinity')
                  AS last_left_on
         FROM stakeholder_state s JOIN stakeholders p ON p.org_id = s.org_id AND p.id = s.id
        WHERE s.org_id = o.id) sp
 CROSS JOIN LATERAL (
       SELECT count(*) AS undiscussed_tensions, max(k.today - x.raised_on) AS oldest_undiscussed_tension_days,
              (array_agg(x.stated_value ORDER BY x.raised_on, x.id))[1] AS oldest_undiscussed_tension
         FROM tensions x
        WHERE x.org_id = o.id AND x.raised_on <= k.today
          AND (x.discussed_on IS NULL OR x.discussed_on > k.today)) t
 CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE e.in_place) AS strategy_elements_in_place,
              string_agg(e.element, ', ' ORDER BY e.position) FILTER (WHERE NOT e.in_place)
                  AS strategy_elements_missing
         FROM (SELECT v.element, v.position,
                      EXISTS (SELECT FROM strategy_elements x
                               WHERE x.org_id = o.id AND x.element = v.element AND x.since <= k.today
                                 AND (x.until IS NULL OR x.until >= k.today)) AS in_place
                 FROM unnest(ARRAY['role_modelling_leaders', 'managers_as_coaches', 'peer_coaching',
                                   'action_learning', 'measurement', 'goals', 'communication'])
                      WITH ORDINALITY AS v(element, position)) e) se
 CROSS JOIN LATERAL (
       SELECT min(i.starts_on) FILTER (WHERE i.kind = 'pilot' AND i.status <> 'cancelled' AND i.starts_on <= k.today)
                  AS first_pilot_on,
              count(*) FILTER (WHERE i.kind = 'pilot' AND i.has_outcome) AS pilot_outcomes
         FROM initiative_state i
        WHERE i.org_id = o.id) pl
 CROSS JOIN LATERAL (
       SELECT count(*) AS rollouts_before_evidence,
              string_agg(x.title, ', ' ORDER BY i.starts_on, x.title) AS rollouts_before_evidence_names
         FROM initiative_state i
         JOIN initiatives x ON x.org_id = i.org_id AND x.id = i.id
        WHERE i.org_id = o.id
          AND CASE WHEN i.pilot_id IS NULL THEN pl.pilot_outcomes = 0 AND i.starts_on >= pl.first_pilot_on
                   ELSE NOT EXISTS (SELECT FROM initiative_state p
                                     WHERE p.org_id = i.org_id AND p.id = i.pilot_id AND p.has_outcome) END
          AND i.kind IN ('training', 'peer_coaching', 'action_learning_set', 'workshop')
          AND i.status = 'running' AND i.starts_on <= k.today AND (i.ends_on IS NULL OR i.ends_on >= k.today)) ro;

GRANT SELECT ON facts_organisation TO radar_app;
