-- Every fact a rule about a stakeholder may read: facts_stakeholder_of, and beside it what the programme's own
-- records say about the person (facts_programme_person). Kept apart so each view stays one concern. `subjects`
-- names the stakeholders wanted, NULL for every one (the view facts_person); see facts_stakeholder_of.
-- Dropped first (the views that read it are dropped before this file runs), so a fact added to the list below
-- needs no other step.
DROP FUNCTION IF EXISTS facts_person_of(uuid[]);
CREATE FUNCTION facts_person_of(subjects uuid[]) RETURNS TABLE (
    org_id uuid, stakeholder_id uuid, subject text, subject_name text, tier text, role text, function text,
    is_leader boolean, is_champion boolean, days_since_contact integer, contacts_30d bigint,
    monthly_average_90d numeric, usual_interval_days numeric, silence_allowed_days integer, days_overdue integer,
    next_contact_due text, engagement_latest text, engagement_earlier text, engagement_earlier_on text,
    engagement_drop integer, engagement text, desired_engagement text, engagement_gap integer, declines_60d bigint,
    missed_since_attended bigint, declined_since_attended bigint, delegated_since_attended bigint,
    no_shows_since_attended bigint, conversations_180d bigint, first_group_ask_kind text, first_group_ask_on text,
    group_ask_before_one_to_one boolean, g06_one_to_one_since boolean, touched_g06 boolean, touched_g07 boolean,
    touched_g11 boolean, narrative_missing text, fears_recorded bigint, open_fears bigint,
    oldest_open_fear_days integer, stalest_fear_days integer, open_commitments bigint, overdue_commitments bigint,
    max_days_overdue integer, initiated_90d bigint, function_has_priority boolean, business_case_gap text,
    score numeric, recent_gaps text, rhythm_slowing boolean, influencers bigint, supportive_influencers bigint,
    influencer_names text, function_managers_engaged bigint, leader_holding_back boolean, leader_signal text,
    rhythm_score numeric, rhythm_score_3_weeks_ago numeric, score_fall_3_weeks numeric, score_fell_3_weeks boolean,
    silence text, rhythm_note text,
    sessions_missed_in_row bigint, missed_sessions_of text, has_coaching_goal boolean,
    days_since_goal_review integer, is_coached boolean, has_personal_gain boolean, cost_discussed boolean,
    role_model_readiness text
)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT f.*,
       p.sessions_missed_in_row,
       p.missed_sessions_of,
       p.has_coaching_goal,
       p.days_since_goal_review,
       p.is_coached,
       p.has_personal_gain,
       p.cost_discussed,
       p.role_model_readiness
  FROM facts_stakeholder_of(subjects) f
  LEFT JOIN (SELECT * FROM facts_programme_person x WHERE subjects IS NULL OR x.stakeholder_id = ANY (subjects)) p
         ON p.org_id = f.org_id AND p.stakeholder_id = f.stakeholder_id
$$;

GRANT EXECUTE ON FUNCTION facts_person_of(uuid[]) TO radar_app;
