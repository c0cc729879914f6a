-- Slack and Microsoft Teams as delivery channels (issue 19, part 4): their incoming webhooks receive a short
-- message (headline, the three changes that matter most, a link) through the same outbox as every channel.
ALTER TABLE delivery_channels DROP CONSTRAINT delivery_channels_kind_check;
ALTER TABLE delivery_channels ADD CONSTRAINT delivery_channels_kind_check
    CHECK (kind IN ('email', 'webhook', 'directory', 'slack', 'teams'));
