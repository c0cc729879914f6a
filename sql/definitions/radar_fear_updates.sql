-- Keeps fear_updates for every writer: a new fear is updated on the day it was raised; a change of its status,
-- severity, category or mitigation on the writer's `changed_on`, else its resolution day when it closes, else the
-- organisation's today.
CREATE OR REPLACE FUNCTION radar_fear_updates() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    day date;
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.status, NEW.severity, NEW.category, NEW.mitigation)
           IS NOT DISTINCT FROM (OLD.status, OLD.severity, OLD.category, OLD.mitigation)
    THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- A fear recorded already closed was open from the day it was raised until its resolution day.
        IF NEW.resolved_on IS NOT NULL THEN
            INSERT INTO fear_updates (org_id, fear_id, changed_on, status)
            VALUES (NEW.org_id, NEW.id, NEW.raised_on, 'open'), (NEW.org_id, NEW.id, NEW.resolved_on, NEW.status);
            RETURN NULL;
        END IF;
        day := NEW.raised_on;
    ELSE
        day := COALESCE(NEW.changed_on, CASE WHEN NEW.resolved_on IS DISTINCT FROM OLD.resolved_on THEN NEW.resolved_on END,
                        (now() AT TIME ZONE (SELECT o.time_zone FROM organisations o WHERE o.id = NEW.org_id))::date);
    END IF;
    INSERT INTO fear_updates (org_id, fear_id, changed_on, status) VALUES (NEW.org_id, NEW.id, day, NEW.status);
    RETURN NULL;
END
$$;
