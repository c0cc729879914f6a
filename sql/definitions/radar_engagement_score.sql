-- Engagement score, 0–100, from the parts below (documented in the README and `radar rules explain-score`):
--   recency     30 × (1 − days since last attended contact / 90), at least 0; never contacted = 0
--   frequency   20 × contacts in the last 30 days / their monthly average over the 90 days before (at most 1;
--               an average under 1 counts as 1)
--   observed    25 × (latest observed engagement step − 1) / 4; nothing observed yet = the assessed level, else 10
--   initiative  10 when they initiated a conversation in the last 90 days
--   reliability 10 − 5 per decline, delegation or no-show in the last 60 days (at least 0)
--   follow-through 5 when none of their commitments is overdue
CREATE OR REPLACE FUNCTION radar_engagement_score(
    days_since_contact integer, contacts_30d bigint, monthly_average_90d numeric, observed_rank integer,
    assessed_rank integer, initiated_90d bigint, declines_60d bigint, overdue_commitments bigint
) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT round(
            COALESCE(greatest(0, 30 * (1 - days_since_contact / 90.0)), 0)
          + 20 * least(1, contacts_30d / greatest(monthly_average_90d, 1))
          + COALESCE(25 * (COALESCE(observed_rank, assessed_rank) - 1) / 4.0, 10)
          + CASE WHEN initiated_90d > 0 THEN 10 ELSE 0 END
          + greatest(0, 10 - 5 * declines_60d)
          + CASE WHEN overdue_commitments = 0 THEN 5 ELSE 0 END, 2)
    $$;
