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
       h.has_success_measure,
       -- The programme's rhythm (issue 17): sessions held by then (someone attended), days since the last one,
       -- days without a session counted from the start when there has been none yet, and the members enrolled.
       i.cadence_days,
       s.sessions_held,
       k.today - s.last_session_on AS days_since_session,
       k.today - COALESCE(s.last_session_on, h.starts_on) AS days_without_session,
       m.members,
       -- Peer coaching (issue 17): pairs and trios meeting by then, and the one furthest past its rhythm, counted
       -- from its last meeting (a session at least two of its members attended) or from its first day.
       g.active_peer_groups,
       g.stalled_peer_group,
       g.stalled_peer_group_days,
       g.stalled_peer_group_rhythm,
       g.peer_group_days_over_rhythm,
       -- Benefits (G03): those recorded by then with no reading after the initiative's last day, and the first.
       bn.benefits_not_remeasured,
       bn.benefit_not_remeasured,
       -- Expectations (G12): presented by then, to whom and as what, and whether a realistic outcome was agreed.
       x.presented_on IS NOT NULL AND x.presented_on <= k.today AS presented,
       COALESCE(x.agreed_on <= k.today, false) AS realistic_outcome_agreed,
       CASE WHEN x.presented_on <= k.today THEN x.presented_to END AS presented_to,
       CASE WHEN x.presented_on <= k.today THEN x.presented_as END AS presented_as
  FROM initiatives i
  JOIN initiative_state h ON h.org_id = i.org_id AND h.id = i.id
  JOIN radar_clock k ON k.org_id = i.org_id
  CROSS JOIN LATERAL (
        SELECT count(*) AS sessions_held, max((c.occurred_at AT TIME ZONE k.time_zone)::date) AS last_session_on
          FROM conversations c
         WHERE c.org_id = i.org_id AND c.initiative_id = i.id AND c.occurred_at <= k.as_of
           AND EXISTS (SELECT FROM conversation_participants p
                        WHERE p.org_id = c.org_id AND p.conversation_id = c.id AND p.attendance = 'attended')) s
  CROSS JOIN LATERAL (
        SELECT count(*) AS members
          FROM initiative_members e
         WHERE e.org_id = i.org_id AND e.initiative_id = i.id AND e.enrolled_on <= k.today
           AND (e.left_on IS NULL OR e.left_on > k.today)) m
  CROSS JOIN LATERAL (
        SELECT count(*) AS active_peer_groups,
               max(x.days_without - x.rhythm_days) AS peer_group_days_over_rhythm,
               (array_agg(x.name ORDER BY x.days_without - x.rhythm_days DESC, x.name))[1] AS stalled_peer_group,
               (array_agg(x.days_without ORDER BY x.days_without - x.rhythm_days DESC, x.name))[1]
                   AS stalled_peer_group_days,
               (array_agg(x.rhythm_days ORDER BY x.days_without - x.rhythm_days DESC, x.name))[1]
                   AS stalled_peer_group_rhythm
          FROM (SELECT pg.name, pg.rhythm_days, k.today - COALESCE(mt.last_met, pg.starts_on) AS days_without
                  FROM peer_groups pg
                  CROSS JOIN LATERAL (
                        SELECT max((c.occurred_at AT TIME ZONE k.time_zone)::date) AS last_met
                          FROM conversations c
                         WHERE c.org_id = pg.org_id AND c.initiative_id = pg.initiative_id
                           AND c.occurred_at <= k.as_of
                           AND (c.occurred_at AT TIME ZONE k.time_zone)::date >= pg.starts_on
                           AND (SELECT count(*) FROM conversation_participants p
                                  JOIN peer_group_members gm ON gm.org_id = p.org_id AND gm.group_id = pg.id
                                                            AND gm.stakeholder_id = p.stakeholder_id
                                 WHERE p.org_id = c.org_id AND p.conversation_id = c.id
                                   AND p.attendance = 'attended') >= 2) mt
                 WHERE pg.org_id = i.org_id AND pg.initiative_id = i.id AND pg.starts_on <= k.today
                   AND (pg.ends_on IS NULL OR pg.ends_on >= k.today)) x) g
  LEFT JOIN initiative_expectations x ON x.org_id = i.org_id AND x.initiative_id = i.id
  CROSS JOIN LATERAL (
        SELECT count(*) AS benefits_not_remeasured,
               (array_agg(b.measure ORDER BY b.measure))[1] AS benefit_not_remeasured
          FROM benefits b
         WHERE b.org_id = i.org_id AND b.initiative_id = i.id AND b.baseline_on <= k.today
           AND NOT EXISTS (SELECT FROM benefit_readings r
                            WHERE r.org_id = b.org_id AND r.benefit_id = b.id AND r.measured_on > h.ends_on
                              AND r.measured_on <= k.today)) bn
 WHERE h.starts_on <= k.today AND h.status <> 'cancelled';

GRANT SELECT ON facts_initiative TO radar_app;
