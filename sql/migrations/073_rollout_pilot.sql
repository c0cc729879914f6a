-- A roll-out may name the pilot it spreads (issue 17, G10): it is then ahead of the evidence while that pilot has
-- no outcome recorded, whatever other pilots showed. Unlinked roll-outs keep the organisation-wide reading (begun
-- once the first pilot had begun, while no pilot had an outcome). The link is in the dated history too, so a
-- re-check of a past week reads the link as it stood then.
ALTER TABLE initiatives ADD COLUMN pilot_id uuid;
ALTER TABLE initiatives ADD CONSTRAINT initiatives_pilot_fkey FOREIGN KEY (org_id, pilot_id)
    REFERENCES initiatives (org_id, id);
ALTER TABLE initiatives ADD CONSTRAINT initiatives_pilot_not_itself CHECK (pilot_id IS DISTINCT FROM id);
CREATE INDEX initiatives_pilot_idx ON initiatives (org_id, pilot_id) WHERE pilot_id IS NOT NULL;
ALTER TABLE initiative_history ADD COLUMN pilot_id uuid;

-- The message no longer says that no pilot at all has an outcome: a linked roll-out waits for its own pilot. An
-- organisation that reworded the message keeps its words.
UPDATE default_rules
   SET message_template = 'Going wider before its pilot has a recorded outcome: {rollouts_before_evidence_names}.'
 WHERE code = 'rollout-before-evidence';

DO $reword$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        UPDATE rules
           SET message_template = 'Going wider before its pilot has a recorded outcome: {rollouts_before_evidence_names}.'
         WHERE code = 'rollout-before-evidence'
           AND message_template = '{rollouts_before_evidence_names} went wider while no pilot has a recorded outcome yet.';
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$reword$;
