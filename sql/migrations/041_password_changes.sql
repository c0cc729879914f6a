-- Passwords people choose themselves (issue 18, item 1).
--
-- A password an administrator set (a new account's, or a reset) is only a way in: its holder must replace it
-- before they can do anything else. The login lookup now returns the flag, so its function is dropped here and
-- made again from sql/definitions/radar_login_account.sql with the new column.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

DROP FUNCTION radar_login_account(text);
