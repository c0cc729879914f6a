-- The last step of erasing a stakeholder, run by the application role after it has cleared the person's free
-- text in the tenant tables. It scrubs the append-only trails the application may not update (details of events
-- about the person's row, their e-mail as actor, mentions of their name or e-mail, reasons on flags about them,
-- the facts kept on flag events, silences' reasons),
-- anonymises the stakeholder row and appends one 'erase' event with no personal data. The name and e-mail are
-- read from the row itself and the row is always anonymised, so the function cannot be used to rewrite the trail
-- without erasing someone, and every use leaves an 'erase' event. It also forgets the stored answers to API
-- requests that mention the person (kept for idempotent retries, they replay what was recorded about them) and,
-- when the person can sign in to this organisation, ends their web sessions and revokes their API tokens. Returns
-- the number of trail rows scrubbed plus the answers, sessions and tokens dealt with.
CREATE OR REPLACE FUNCTION radar_erase_stakeholder(person uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    org CONSTANT uuid := radar_current_org();
    needles text[];
    mail text;
    pseudonym CONSTANT text := radar_erased_email(person);
    actor text := radar_current_actor();
    audit_rows integer;
    flag_rows integer;
    answer_rows integer;
    session_rows integer;
    token_rows integer;
BEGIN
    IF org IS NULL THEN
        RAISE EXCEPTION 'no organisation is set' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Their other addresses (deleted below) are searched for as well.
    SELECT ARRAY[s.name, s.email] || ARRAY(SELECT a.email FROM stakeholder_aliases a
                                            WHERE a.org_id = org AND a.stakeholder_id = person),
           s.email
      INTO needles, mail
      FROM stakeholders s WHERE s.org_id = org AND s.id = person;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'stakeholder % does not exist in this organisation', person USING ERRCODE = 'no_data_found';
    END IF;

    -- Stored answers are sealed with the caller's own key, so nobody here can tell which mention the person: every
    -- answer given to a member of this organisation loses its body (another tenant's are none of its business).
    -- The keys stay, so a retry of one of those requests is told it was carried out instead of writing again.
    UPDATE idempotency_keys k
       SET body = NULL, headers = NULL
      FROM memberships m
     WHERE m.org_id = org AND m.user_id = k.user_id AND k.body IS NOT NULL;
    GET DIAGNOSTICS answer_rows = ROW_COUNT;
    DELETE FROM web_sessions w
     USING users u, memberships m
     WHERE w.user_id = u.id AND u.email = mail AND m.user_id = u.id AND m.org_id = org;
    GET DIAGNOSTICS session_rows = ROW_COUNT;
    UPDATE api_tokens t
       SET revoked_at = now()
      FROM users u, memberships m
     WHERE t.user_id = u.id AND u.email = mail AND m.user_id = u.id AND m.org_id = org AND t.revoked_at IS NULL;
    GET DIAGNOSTICS token_rows = ROW_COUNT;

    -- The row first, so that the audit event its trigger writes is scrubbed below like every other one.
    -- Calendar drafts naming them go whole: a meeting's people and title are what the calendar said, not a record.
    DELETE FROM calendar_drafts d
     WHERE d.org_id = org AND (radar_mentions(d.people, needles) OR radar_mentions(d.summary, needles));
    UPDATE stakeholders s
       SET name = 'Erased person', email = pseudonym, title = NULL, function = NULL, influence = NULL,
           interest = NULL, engagement = NULL, desired_engagement = NULL, hr_owner_user_id = NULL, active = false,
           left_on = NULL
     WHERE s.org_id = org AND s.id = person;
    -- Their other addresses go; the audit events of the deletion are scrubbed below with the rest.
    DELETE FROM stakeholder_aliases a WHERE a.org_id = org AND a.stakeholder_id = person;
    -- Their dated history goes too: an erased person has no past the facts could read.
    DELETE FROM stakeholder_history h WHERE h.org_id = org AND h.stakeholder_id = person;
    -- A silence about them keeps its dates (the flags' history points at it) but not why; others lose mentions.
    UPDATE silences x
       SET reason = CASE WHEN x.stakeholder_id = person THEN 'erased' ELSE radar_redact(x.reason, needles) END
     WHERE x.org_id = org AND ((x.stakeholder_id = person AND x.reason <> 'erased') OR radar_mentions(x.reason, needles));

    UPDATE audit_events a
       SET details = CASE WHEN a.entity = 'stakeholder' AND a.entity_id = person::text THEN '{}'
                          ELSE radar_redact(a.details, needles) END,
           actor = CASE WHEN lower(a.actor) = mail THEN pseudonym ELSE radar_redact(a.actor, needles) END
     WHERE a.org_id = org
       AND ((a.entity = 'stakeholder' AND a.entity_id = person::text AND a.details <> '{}')
            OR lower(a.actor) = mail OR radar_mentions(a.actor, needles) OR radar_mentions(a.details, needles));
    GET DIAGNOSTICS audit_rows = ROW_COUNT;

    UPDATE flag_events e
       SET reason = CASE WHEN f.subject_kind = 'stakeholder' AND f.subject_id = person THEN NULL
                         ELSE radar_redact(e.reason, needles) END,
           actor = CASE WHEN lower(e.actor) = mail THEN pseudonym ELSE radar_redact(e.actor, needles) END,
           evidence = radar_redact(e.evidence, needles)
      FROM flags f
     WHERE e.org_id = org AND f.org_id = org AND f.id = e.flag_id
       AND ((f.subject_kind = 'stakeholder' AND f.subject_id = person AND e.reason IS NOT NULL)
            OR lower(e.actor) = mail OR radar_mentions(e.actor, needles) OR radar_mentions(e.reason, needles)
            OR radar_mentions(e.evidence, needles));
    GET DIAGNOSTICS flag_rows = ROW_COUNT;

    IF lower(actor) = mail THEN
        actor := pseudonym;
    END IF;
    INSERT INTO audit_events (org_id, actor, action, entity, entity_id)
    VALUES (org, actor, 'erase', 'stakeholder', person::text);
    RETURN audit_rows + flag_rows + answer_rows + session_rows + token_rows;
END
$$;

REVOKE ALL ON FUNCTION radar_erase_stakeholder(uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION radar_erase_stakeholder(uuid) TO radar_app;
