-- Who owns a commitment or an initiative, for P00: the leadership, HR, or someone else.
CREATE OR REPLACE FUNCTION radar_owner_side(tier text, role text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE WHEN tier = 'top_team' OR role = 'sponsor' THEN 'leader'
                    WHEN tier = 'hr' THEN 'hr'
                    ELSE 'other' END
    $$;
