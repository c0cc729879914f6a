-- Audit of inserts: the fields a row filled, listed by an array expression built once per statement from the
-- table's columns (one NULL test each), never by converting rows to JSON.
CREATE OR REPLACE FUNCTION radar_audit_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    filled text;
BEGIN
    SELECT COALESCE('array_remove(ARRAY['
                    || string_agg(format('CASE WHEN r.%I IS NOT NULL THEN %L END', a.attname, a.attname), ', '
                                  ORDER BY a.attname::text)
                    || ']::text[], NULL)', 'ARRAY[]::text[]')
      INTO filled
      FROM pg_attribute a
     WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attname NOT IN ('org_id', 'created_at', 'updated_at', 'version');
    EXECUTE format(
        'INSERT INTO audit_events (org_id, actor, action, entity, entity_id, changed_fields)
         SELECT r.org_id, radar_current_actor(), ''create'', %L, %s, %s
           FROM new_rows r', TG_ARGV[0], TG_ARGV[1], filled);
    RETURN NULL;
END
$$;
