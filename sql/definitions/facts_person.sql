-- Every fact a rule about a stakeholder may read, for every active stakeholder: facts_person_of for everyone.
CREATE VIEW facts_person WITH (security_invoker = true) AS
SELECT * FROM facts_person_of(NULL);

GRANT SELECT ON facts_person TO radar_app;
