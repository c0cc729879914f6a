/// The statements every outbox shares (`digest_deliveries` for digests, `owner_notices` for owners' notices): a row
/// sent, and a try that failed, which backs off or gives up after the last attempt. Table names are fixed
/// constants of the callers, never input.
enum Outbox {
    /// Marks row $1 sent at $2.
    static func sent(_ table: String) -> String {
        """
        UPDATE \(table) SET status = 'sent', sent_at = $2, last_error = NULL
         WHERE id = $1 AND status = 'pending'
        """
    }

    /// Records error $2 on row $1 and its next try at $3, or gives it up once it has had $4 attempts.
    static func failed(_ table: String) -> String {
        """
        UPDATE \(table)
           SET last_error = $2, next_attempt_at = $3,
               status = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'pending' END
         WHERE id = $1 AND status = 'pending'
        RETURNING status
        """
    }
}
