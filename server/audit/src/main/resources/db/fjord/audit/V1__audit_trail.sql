-- Version 1 of the audit table. Idempotent, as it was created before schemas were versioned: a
-- database of that time is taken over as it is. A change is the next V<n> script.

-- The audit trail: one row per FHIR interaction, token issuance or launch. Rows are only ever inserted
-- (and removed by retention); AuditEvent resources are rendered from them.
CREATE TABLE IF NOT EXISTS fjord_audit_event (
    id                 BIGSERIAL PRIMARY KEY,
    recorded           TIMESTAMP WITH TIME ZONE NOT NULL,
    event_type         VARCHAR(20)   NOT NULL,
    interaction        VARCHAR(100)  NOT NULL,
    action             CHAR(1)       NOT NULL,
    outcome            SMALLINT      NOT NULL,
    outcome_text       VARCHAR(500),
    purpose            VARCHAR(20)   NOT NULL,
    emergency_reason   VARCHAR(1000),
    follow_up          BOOLEAN       NOT NULL,
    agent_issuer       VARCHAR(1000),
    agent_subject      VARCHAR(1000),
    agent_fhir_user    VARCHAR(1000),
    agent_hpr          VARCHAR(50),
    agent_organisation VARCHAR(50),
    client_id          VARCHAR(500),
    resource_ref       VARCHAR(500),
    query              TEXT,
    patients           TEXT[]        NOT NULL,
    withheld_patients  TEXT[]        NOT NULL,
    request_id         VARCHAR(100),
    remote_address     VARCHAR(100)
);
CREATE INDEX IF NOT EXISTS fjord_audit_event_recorded ON fjord_audit_event (recorded);
CREATE INDEX IF NOT EXISTS fjord_audit_event_patients ON fjord_audit_event USING GIN (patients);

-- A system-wide or all-patients export reaches every patient's record: it shows in every access log.
ALTER TABLE fjord_audit_event ADD COLUMN IF NOT EXISTS all_patients BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX IF NOT EXISTS fjord_audit_event_all_patients ON fjord_audit_event (recorded) WHERE all_patients;
