-- Position of an engagement level on the five-step scale: unaware = 1 … leading = 5.
CREATE OR REPLACE FUNCTION engagement_rank(level text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_position(ARRAY['unaware', 'resistant', 'neutral', 'supportive', 'leading'], level) $$;
