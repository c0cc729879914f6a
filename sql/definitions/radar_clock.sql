-- One row per organisation: its time zone, the as-of instant, the as-of day there, and where the windows of the
-- last 30, 60 and 180 days start (local midnight), so windows compare occurred_at with an index-friendly bound.
-- It also carries the organisation's bounds on a leader's own rhythm (settings `silence_floor_days` and
-- `silence_ceiling_days`, 14 and 60 unless an admin set them), and whether meetings waiting in the calendar queue
-- count as contact (setting `pending_drafts_count_as_contact`, on unless an admin turned it off).
CREATE VIEW radar_clock WITH (security_invoker = true) AS
SELECT o.id AS org_id,
       o.time_zone,
       t.as_of,
       t.today,
       (t.today - 29)::timestamp AT TIME ZONE o.time_zone AS since_30d,
       (t.today - 59)::timestamp AT TIME ZONE o.time_zone AS since_60d,
       (t.today - 179)::timestamp AT TIME ZONE o.time_zone AS since_180d,
       COALESCE((o.settings ->> 'silence_floor_days')::integer, 14) AS silence_floor_days,
       COALESCE((o.settings ->> 'silence_ceiling_days')::integer, 60) AS silence_ceiling_days,
       COALESCE((o.settings ->> 'pending_drafts_count_as_contact')::boolean, true) AS pending_drafts_count
  FROM organisations o
 CROSS JOIN LATERAL (SELECT radar_as_of() AS as_of,
                            (radar_as_of() AT TIME ZONE o.time_zone)::date AS today) t;

GRANT SELECT ON radar_clock TO radar_app;
