-- Facts about every active stakeholder, as of radar_as_of(): facts_stakeholder_of for everyone.
CREATE VIEW facts_stakeholder WITH (security_invoker = true) AS
SELECT * FROM facts_stakeholder_of(NULL);

GRANT SELECT ON facts_stakeholder TO radar_app;
