-- Version 1 of the consent tables. Idempotent, as these tables were created before schemas were
-- versioned: a database of that time is taken over as it is. A change is the next V<n> script.

-- Emergency access (akuttilgang): who overrode which patient's blockings, why, and until when.
CREATE TABLE IF NOT EXISTS fjord_emergency_access (
    id         BIGSERIAL PRIMARY KEY,
    caller     VARCHAR(1000) NOT NULL,
    patient_id VARCHAR(100)  NOT NULL,
    reason     VARCHAR(1000) NOT NULL,
    started    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS fjord_emergency_access_caller ON fjord_emergency_access (caller, expires);

-- Who started a Bulk Data export, as blockings know them, so the export job (which runs without the
-- caller) leaves out what they may not see.
CREATE TABLE IF NOT EXISTS fjord_export_caller (
    owner       VARCHAR(1000) PRIMARY KEY,
    caller_keys TEXT NOT NULL,
    recorded    TIMESTAMP WITH TIME ZONE NOT NULL
);
