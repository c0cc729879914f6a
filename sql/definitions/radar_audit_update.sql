CREATE OR REPLACE FUNCTION radar_audit_update() RETURNS trigger
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
