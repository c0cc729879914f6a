-- fading-contact fires at half the usual number of contacts, not only under it (issue 16, part 5). Whole counts
-- make the exact half the usual case of a halved rhythm (two in the last 30 days against a usual four), and the
-- leaders planted by `radar generate` with a slowly lengthening rhythm sat exactly there, unflagged, six weeks
-- into their fade. Organisations whose rule still reads as the old default get the new one; a rule an admin
-- changed is left alone.
UPDATE default_rules
   SET condition = 'is_leader and monthly_average_90d >= 2 and contacts_30d <= 0.5 * monthly_average_90d'
 WHERE code = 'fading-contact';

DO $fading$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        UPDATE rules
           SET condition = 'is_leader and monthly_average_90d >= 2 and contacts_30d <= 0.5 * monthly_average_90d'
         WHERE org_id = org AND code = 'fading-contact'
           AND condition = 'is_leader and monthly_average_90d >= 2 and contacts_30d < 0.5 * monthly_average_90d';
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$fading$;
