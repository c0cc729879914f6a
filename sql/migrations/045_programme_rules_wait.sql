-- The programme rules added beside the flag's life (032-035) fire on something missing (no pair, no reading, no
-- agreed outcome, no word of gain or cost), so, like every such rule in 026, they wait three days before a flag
-- opens: one item recorded late does not open a flag overnight. Organisations get the same unless an
-- administrator already chose another wait.
UPDATE default_rules SET for_days = 3
 WHERE code IN ('peer-coaching-unpaired', 'peer-group-stalled', 'leader-gain-unrecorded', 'leader-cost-undiscussed',
                'tension-not-discussed', 'benefit-not-remeasured', 'pilot-without-success-measure',
                'expectation-unagreed', 'strategy-too-thin');

DO $catalogue$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organisations LOOP
        PERFORM set_config('radar.org_id', org::text, true);
        UPDATE rules r SET for_days = d.for_days
          FROM default_rules d
         WHERE r.org_id = org AND d.code = r.code AND r.for_days = 0 AND d.for_days > 0
           AND r.code IN ('peer-coaching-unpaired', 'peer-group-stalled', 'leader-gain-unrecorded',
                          'leader-cost-undiscussed', 'tension-not-discussed', 'benefit-not-remeasured',
                          'pilot-without-success-measure', 'expectation-unagreed', 'strategy-too-thin');
    END LOOP;
    PERFORM set_config('radar.org_id', '', true);
END
$catalogue$;
