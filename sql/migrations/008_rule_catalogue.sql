-- The default rule catalogue: at least one rule for every guideline and P00. Thresholds are defaults an admin
-- changes per organisation (`radar rules set`); `radar rules reset` restores these. Conditions and message
-- templates use the facts of the facts_* views. "Leader" means top team or sponsor.
INSERT INTO default_rules (code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step) VALUES
('silent-leader', 10, 'Leader gone quiet', 'G11', 'stakeholder',
 'is_leader and (days_since_contact > 30 or days_since_contact is null)', 'medium',
 'days_since_contact > 60 or days_since_contact is null', 'high',
 '{subject_name} has not taken part in a conversation about the programme for {days_since_contact} days.',
 'Ask for a short one-to-one this week and bring one concrete result from the programme to it.'),
('fading-contact', 20, 'Contact fading', 'G11', 'stakeholder',
 'is_leader and monthly_average_90d >= 2 and contacts_30d < 0.5 * monthly_average_90d', 'medium', NULL, NULL,
 '{subject_name} had {contacts_30d} conversations in the last 30 days against a usual {monthly_average_90d} a month.',
 'Find out what has changed for them and agree a lighter but regular rhythm of contact.'),
('engagement-drop', 30, 'Engagement dropping', 'G11', 'stakeholder',
 'is_leader and engagement_drop >= 1', 'medium', 'engagement_drop >= 2', 'high',
 '{subject_name} seemed {engagement_latest} in the latest conversation, down from {engagement_60d_ago} two months ago.',
 'Ask them directly what has cooled their interest, and listen for a fear that has not been voiced yet.'),
('declining-invitations', 40, 'Invitations declined', 'G11', 'stakeholder',
 'declines_60d >= 2', 'medium', 'declines_60d >= 4', 'high',
 '{subject_name} declined, delegated or missed {declines_60d} conversations in the last 60 days.',
 'Stop sending group invitations for now; ask their office for fifteen minutes at a time they choose.'),
('score-decline', 50, 'Score falling for three weeks', 'G11', 'stakeholder',
 'score_fell_3_weeks', 'medium', NULL, NULL,
 'The engagement score of {subject_name} has fallen three weeks running, to {score_last_snapshot}.',
 'Look at what changed three weeks ago and plan one conversation that gives them a reason to re-engage.'),
('programme-gap', 60, 'Nothing on the programme', 'G11', 'organisation',
 'initiatives_ahead_42d = 0', 'high', NULL, NULL,
 'No initiative is running or due to start in the next six weeks, so leaders have nothing to stay involved in.',
 'Agree the next initiative with the sponsor and put a date in the leaders'' diaries.'),
('fears-not-asked', 70, 'Fears never asked about', 'G07', 'stakeholder',
 '(is_leader or is_champion) and conversations_180d >= 2 and not touched_g07 and fears_recorded = 0', 'medium',
 NULL, NULL,
 '{subject_name} has had {conversations_180d} conversations in six months and nobody has asked what worries them.',
 'In the next one-to-one, ask plainly what concerns them about the programme and record what they say.'),
('stale-fear', 80, 'Fear left open', 'G07', 'stakeholder',
 'oldest_open_fear_days > 30', 'medium', 'oldest_open_fear_days > 90', 'high',
 'A fear voiced by {subject_name} has been open for {oldest_open_fear_days} days.',
 'Go back to them with what has been done about it, or agree together that it no longer applies.'),
('group-before-individual', 90, 'Group ask before a one-to-one', 'G06', 'stakeholder',
 'is_champion and first_conversation_kind in ("group", "workshop", "presentation")', 'medium', NULL, NULL,
 '{subject_name} first met the programme in a {first_conversation_kind}, before anyone talked with them alone.',
 'Have a one-to-one about their own experience of being coached or mentored before asking anything more.'),
('hr-before-champions', 100, 'HR presented before the champions', 'G08', 'conversation',
 'kind = "presentation" and initiator_tier = "hr" and champion_briefings_60d = 0', 'high', NULL, NULL,
 'HR presented to {top_team_participants} top-team members ({subject_name}) with no champion having briefed any of them in the 60 days before.',
 'Ask one or two briefed champions from line management to put the case to the leadership team themselves ahead of the next presentation.'),
('timing-unsounded', 110, 'Presented without soundings', 'G09', 'conversation',
 'kind = "presentation" and top_team_sounded_30d < 0.5 * top_team_size', 'medium', NULL, NULL,
 'The {subject_name} reached the top team after one-to-ones with only {top_team_sounded_30d} of {top_team_size} members in the month before.',
 'Sound out the rest of the top team one by one before bringing the strategy back.'),
('pilot-without-evidence', 120, 'Pilot ended without evidence', 'G10', 'initiative',
 'kind = "pilot" and ended and days_since_end > 14 and not has_outcome', 'medium', 'days_since_end > 60', 'high',
 'The pilot "{subject_name}" ended {days_since_end} days ago and nobody has recorded what it showed.',
 'Collect the pilot''s results against its success measure and share them with its sponsor.'),
('training-only', 130, 'Training passed off as strategy', 'G12', 'organisation',
 'initiatives_12m >= 1 and training_share_12m >= 0.8', 'medium', NULL, NULL,
 '{training_share_12m} of the last twelve months'' {initiatives_12m} initiatives were training courses.',
 'Add initiatives that change how leaders work day to day, such as peer coaching or action learning sets.'),
('no-business-case', 140, 'No business case for a function', 'G01', 'stakeholder',
 'tier = "top_team" and function is not null and not function_has_priority', 'medium', NULL, NULL,
 'Nothing links coaching to a business priority of {function}, the function {subject_name} leads.',
 'Work out with them how coaching helps one of their function''s priorities and record the link.'),
('narrative-gaps', 150, 'Case not made in their terms', 'G02', 'stakeholder',
 'is_leader and conversations_180d >= 3 and narrative_missing != ""', 'info', NULL, NULL,
 'Conversations with {subject_name} have never touched {narrative_missing}.',
 'Plan the next conversation around what is missing: fit with the culture, lasting benefit, their gain and their cost.'),
('engagement-gap', 160, 'Far from the engagement needed', 'G11', 'stakeholder',
 'is_leader and engagement_gap >= 2', 'medium', NULL, NULL,
 '{subject_name} is {engagement} where the programme needs them to be {desired_engagement}.',
 'Agree with the sponsor who is best placed to move them one step, and what that step looks like.'),
('hr-owns-it', 170, 'HR carrying the actions', 'P00', 'organisation',
 'hr_commitment_share > 0.6', 'medium', NULL, NULL,
 'HR owns {hr_commitments} of the {open_commitments} open commitments; the leaders own the rest.',
 'Hand the next actions to the leaders who should own them and coach them through it.'),
('leader-commitment-overdue', 180, 'Leader''s commitment overdue', 'P00', 'stakeholder',
 'is_leader and max_days_overdue > 14', 'high', NULL, NULL,
 'A commitment owned by {subject_name} is {max_days_overdue} days overdue.',
 'Ask them what is in the way and whether the commitment still stands or should be dropped.');

-- Organisations that exist already get the catalogue too (new ones copy it when they are created).
DO $install$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        INSERT INTO rules (org_id, code, position, name, guideline, subject_kind, condition, severity,
                           escalation_condition, escalation_severity, message_template, next_step, enabled)
        SELECT org, code, position, name, guideline, subject_kind, condition, severity, escalation_condition,
               escalation_severity, message_template, next_step, enabled
          FROM default_rules
        ON CONFLICT (org_id, code) DO NOTHING;
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$install$;
