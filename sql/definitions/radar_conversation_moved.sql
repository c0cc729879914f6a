CREATE OR REPLACE FUNCTION radar_conversation_moved() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE conversation_participants p
       SET occurred_at = NEW.occurred_at
     WHERE p.org_id = NEW.org_id AND p.conversation_id = NEW.id;
    RETURN NULL;
END
$$;
