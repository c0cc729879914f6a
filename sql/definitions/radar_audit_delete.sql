CREATE OR REPLACE FUNCTION radar_audit_delete() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format(
        'INSERT INTO audit_events (org_id, actor, action, entity, entity_id)
         SELECT r.org_id, radar_current_actor(), ''delete'', %L, %s FROM old_rows r',
        TG_ARGV[0], TG_ARGV[1]);
    RETURN NULL;
END
$$;
