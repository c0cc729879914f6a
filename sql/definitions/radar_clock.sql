-- One row per organisation: its time zone, the as-of instant, the as-of day there, and where the windows of the
-- last 30, 60 and 180 days start (local midnight), so windows compare occurred_at with an index-friendly bound.
CREATE VIEW radar_clock WITH (security_invoker = true) AS
SELECT o.id AS org_id,
       o.time_zone,
       t.as_of,
       t.today,
       (t.today - 29)::timestamp AT TIME ZONE o.time_zone AS since_30d,
       (t.today - 59)::timestamp AT TIME ZONE o.time_zone AS since_60d,
       (t.today - 179)::timestamp AT TIME ZONE o.time_zone AS since_180d
  FROM organisations o
 CROSS JOIN LATERAL (SELECT radar_as_of() AS as_of,
                            (radar_as_of() AT TIME ZONE o.time_zone)::date AS today) t;

GRANT SELECT ON radar_clock TO radar_app;
