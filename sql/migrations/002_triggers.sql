-- Bookkeeping the database does itself, so it holds for every writer (radar, psql, a BI tool's import).

-- Every update bumps the row's version (optimistic concurrency) and its updated_at.
CREATE FUNCTION radar_touch_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

DO $touch$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['organisations', 'stakeholders', 'users', 'conversations', 'fears', 'commitments',
                             'initiatives', 'business_priorities', 'rules', 'flags']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION radar_touch_row()',
                       t || '_touch', t);
    END LOOP;
END
$touch$;

-- A participation carries its conversation's time, so "latest contact per stakeholder" reads one index.
CREATE FUNCTION radar_participant_time() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    SELECT c.occurred_at INTO NEW.occurred_at
      FROM conversations c
     WHERE c.org_id = NEW.org_id AND c.id = NEW.conversation_id;
    RETURN NEW;
END
$$;

CREATE TRIGGER conversation_participants_time
    BEFORE INSERT OR UPDATE OF conversation_id ON conversation_participants
    FOR EACH ROW EXECUTE FUNCTION radar_participant_time();

CREATE FUNCTION radar_conversation_moved() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE conversation_participants p
       SET occurred_at = NEW.occurred_at
     WHERE p.org_id = NEW.org_id AND p.conversation_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER conversations_moved
    AFTER UPDATE OF occurred_at ON conversations
    FOR EACH ROW WHEN (OLD.occurred_at IS DISTINCT FROM NEW.occurred_at)
    EXECUTE FUNCTION radar_conversation_moved();

-- Audit: one event per written row, set-based per statement (bulk loads stay fast). Only the names of the
-- fields written are kept, never their values, so notes and fears never reach the audit trail.
-- TG_ARGV[0] is the entity name, TG_ARGV[1] the row's key expression over the alias r.
CREATE FUNCTION radar_audit_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format(
        'INSERT INTO audit_events (org_id, actor, action, entity, entity_id, changed_fields)
         SELECT r.org_id, radar_current_actor(), ''create'', %L, %s,
                ARRAY(SELECT f.key FROM jsonb_each(to_jsonb(r)) f
                       WHERE f.value <> ''null''::jsonb AND f.key NOT IN (''org_id'', ''created_at'', ''updated_at'', ''version'')
                       ORDER BY f.key)
           FROM new_rows r', TG_ARGV[0], TG_ARGV[1]);
    RETURN NULL;
END
$$;

CREATE FUNCTION radar_audit_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    -- Rows are paired by their position in the statement's old and new transition tables via the key.
    EXECUTE format(
        'INSERT INTO audit_events (org_id, actor, action, entity, entity_id, changed_fields)
         SELECT r.org_id, radar_current_actor(), ''update'', %L, %s,
                ARRAY(SELECT n.key FROM jsonb_each(to_jsonb(r)) n
                       WHERE n.value IS DISTINCT FROM (to_jsonb(o) -> n.key)
                         AND n.key NOT IN (''updated_at'', ''version'')
                       ORDER BY n.key)
           FROM new_rows r JOIN old_rows o ON (%s) = (%s)',
        TG_ARGV[0], TG_ARGV[1], TG_ARGV[1], replace(TG_ARGV[1], 'r.', 'o.'));
    RETURN NULL;
END
$$;

CREATE FUNCTION radar_audit_delete() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format(
        'INSERT INTO audit_events (org_id, actor, action, entity, entity_id)
         SELECT r.org_id, radar_current_actor(), ''delete'', %L, %s FROM old_rows r',
        TG_ARGV[0], TG_ARGV[1]);
    RETURN NULL;
END
$$;

DO $audit$
DECLARE
    audited CONSTANT text[][] := ARRAY[
        ['stakeholders', 'stakeholder', 'r.id::text'],
        ['conversations', 'conversation', 'r.id::text'],
        ['conversation_participants', 'participant', 'r.conversation_id::text || '':'' || r.stakeholder_id::text'],
        ['conversation_guidelines', 'conversation_guideline', 'r.conversation_id::text || '':'' || r.guideline'],
        ['fears', 'fear', 'r.id::text'],
        ['commitments', 'commitment', 'r.id::text'],
        ['initiatives', 'initiative', 'r.id::text'],
        ['business_priorities', 'business_priority', 'r.id::text'],
        ['rules', 'rule', 'r.code'],
        ['memberships', 'membership', 'r.user_id::text'],
        ['delivery_channels', 'delivery_channel', 'r.id::text']
    ];
    i integer;
BEGIN
    FOR i IN 1 .. array_length(audited, 1) LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_insert(%L, %L)',
                       audited[i][1] || '_audit_insert', audited[i][1], audited[i][2], audited[i][3]);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_update(%L, %L)',
                       audited[i][1] || '_audit_update', audited[i][1], audited[i][2], audited[i][3]);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION radar_audit_delete(%L, %L)',
                       audited[i][1] || '_audit_delete', audited[i][1], audited[i][2], audited[i][3]);
    END LOOP;
END
$audit$;
