import Postgres

/// The default rule catalogue shipped by migrations, copied into an organisation's own editable rules.
public enum DefaultRules {
    enum Query {
        // Restores every default rule (thresholds, texts, enabled) and keeps rules an admin added.
        static let install = """
            INSERT INTO rules (org_id, code, position, name, guideline, subject_kind, condition, severity,
                               escalation_condition, escalation_severity, message_template, next_step, enabled,
                               for_days, suppresses)
            SELECT radar_current_org(), code, position, name, guideline, subject_kind, condition, severity,
                   escalation_condition, escalation_severity, message_template, next_step, enabled, for_days,
                   suppresses
              FROM default_rules
            ON CONFLICT (org_id, code) DO UPDATE
               SET position = EXCLUDED.position, name = EXCLUDED.name, guideline = EXCLUDED.guideline,
                   subject_kind = EXCLUDED.subject_kind, condition = EXCLUDED.condition,
                   severity = EXCLUDED.severity, escalation_condition = EXCLUDED.escalation_condition,
                   escalation_severity = EXCLUDED.escalation_severity, message_template = EXCLUDED.message_template,
                   next_step = EXCLUDED.next_step, enabled = EXCLUDED.enabled, for_days = EXCLUDED.for_days,
                   suppresses = EXCLUDED.suppresses
            """
    }

    /// Copies the default catalogue into the organisation set in the transaction.
    public static func install(on connection: Connection) throws {
        try connection.execute(Query.install)
    }
}
