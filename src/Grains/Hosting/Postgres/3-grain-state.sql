-- Grain state: one row per grain and state type, versioned for Orleans' ETags. The hashes make lookups cheap; the
-- full identity (type string, numeric keys, string key) makes them exact.
CREATE TABLE grain_state
(
    service_id varchar(150) NOT NULL,
    grain_type_hash integer NOT NULL,
    grain_type varchar(512) NOT NULL,
    grain_id_hash integer NOT NULL,
    grain_id_n0 bigint NOT NULL,
    grain_id_n1 bigint NOT NULL,
    grain_id_extension text NULL,
    payload bytea NULL,
    version integer NOT NULL,
    modified_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT grain_state_identity UNIQUE NULLS NOT DISTINCT
        (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_type, grain_id_extension)
);

-- A write either updates the row at the version the grain holds, or creates it for a grain with no version yet (or
-- whose row DeleteStorageKey removed). A failed write or clear returns the version the grain held (or nothing), which
-- Orleans reports as a version conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
    SELECT payload AS "PayloadBinary", version AS "Version"
    FROM grain_state
    WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
        AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
        AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text;'),

('WriteToStorageKey', '
    WITH updated AS (
        UPDATE grain_state
        SET payload = @PayloadBinary, version = version + 1, modified_at = now()
        WHERE @GrainStateVersion::integer IS NOT NULL
            AND service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
            AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
            AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text
            AND version = @GrainStateVersion::integer
        RETURNING version),
    inserted AS (
        INSERT INTO grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0,
            grain_id_n1, grain_id_extension, payload, version)
        SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
            @GrainIdExtensionString::text, @PayloadBinary, COALESCE(@GrainStateVersion::integer + 1, 1)
        WHERE @GrainStateVersion::integer IS NULL OR NOT EXISTS (
            SELECT 1 FROM grain_state
            WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
                AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
                AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text)
        ON CONFLICT ON CONSTRAINT grain_state_identity DO NOTHING
        RETURNING version)
    SELECT COALESCE((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion::integer)
        AS "NewGrainStateVersion";'),

('ClearStorageKey', '
    WITH cleared AS (
        UPDATE grain_state
        SET payload = NULL, version = version + 1, modified_at = now()
        WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
            AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
            AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text
            AND version = @GrainStateVersion::integer
        RETURNING version)
    SELECT COALESCE((SELECT version FROM cleared), @GrainStateVersion::integer) AS "Version";'),

-- Only a storage with DeleteStateOnClear runs this (Fcan's clears keep the row, so versions never restart); the
-- provider reads it all the same. The version after the delete goes on counting, as a clear's would.
('DeleteStorageKey', '
    WITH deleted AS (
        DELETE FROM grain_state
        WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
            AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
            AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text
            AND version = @GrainStateVersion::integer
        RETURNING version + 1 AS version)
    SELECT COALESCE((SELECT version FROM deleted), @GrainStateVersion::integer) AS "Version";');
