-- An idempotency key is marked in the same transaction as the write it guards (issue 18, item 7): once that
-- transaction commits, a failure afterwards (a dropped connection before the answer was stored, say) no longer
-- releases the key, so a retry cannot carry the request out a second time.
ALTER TABLE idempotency_keys ADD COLUMN written_at timestamptz;
