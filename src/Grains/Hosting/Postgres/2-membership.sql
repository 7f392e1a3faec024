-- Cluster membership: one version row per deployment (bumped by every change, Orleans' optimistic concurrency) and
-- one row per silo incarnation.
CREATE TABLE membership_version
(
    deployment_id varchar(150) PRIMARY KEY,
    version integer NOT NULL DEFAULT 0,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE membership
(
    deployment_id varchar(150) NOT NULL REFERENCES membership_version (deployment_id),
    address varchar(45) NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    silo_name varchar(150) NOT NULL,
    host_name varchar(150) NOT NULL,
    status integer NOT NULL,
    proxy_port integer NOT NULL,
    suspect_times text NULL,
    start_time timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
    WITH created AS (
        INSERT INTO membership_version (deployment_id) VALUES (@DeploymentId)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM created);'),

-- Locking the version row first makes a concurrent writer that read the same version find it changed and add nothing.
('InsertMembershipKey', '
    WITH expected AS (
        SELECT deployment_id FROM membership_version
        WHERE deployment_id = @DeploymentId AND version = @Version
        FOR UPDATE),
    added AS (
        INSERT INTO membership (deployment_id, address, port, generation, silo_name, host_name, status,
            proxy_port, start_time, i_am_alive_time)
        SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
            @StartTime, @IAmAliveTime
        FROM expected
        ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
        RETURNING deployment_id),
    bumped AS (
        UPDATE membership_version SET version = version + 1, changed_at = now()
        WHERE deployment_id IN (SELECT deployment_id FROM added)
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM bumped);'),

('UpdateMembershipKey', '
    WITH expected AS (
        SELECT deployment_id FROM membership_version
        WHERE deployment_id = @DeploymentId AND version = @Version
        FOR UPDATE),
    changed AS (
        UPDATE membership m
        SET status = @Status, suspect_times = @SuspectTimes::text, i_am_alive_time = @IAmAliveTime
        FROM expected
        WHERE m.deployment_id = expected.deployment_id
            AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
        RETURNING m.deployment_id),
    bumped AS (
        UPDATE membership_version SET version = version + 1, changed_at = now()
        WHERE deployment_id IN (SELECT deployment_id FROM changed)
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM bumped);'),

('UpdateIAmAlivetimeKey', '
    UPDATE membership SET i_am_alive_time = @IAmAliveTime
    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;'),

-- The version row comes back even when no silo matches, so a reader always learns the table version.
('MembershipReadRowKey', '
    SELECT v.deployment_id AS "DeploymentId", m.address AS "Address", m.port AS "Port",
        m.generation AS "Generation", m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
        m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime",
        m.i_am_alive_time AS "IAmAliveTime", v.version AS "Version"
    FROM membership_version v
    LEFT JOIN membership m ON m.deployment_id = v.deployment_id
        AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deployment_id = @DeploymentId;'),

('MembershipReadAllKey', '
    SELECT v.deployment_id AS "DeploymentId", m.address AS "Address", m.port AS "Port",
        m.generation AS "Generation", m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
        m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime",
        m.i_am_alive_time AS "IAmAliveTime", v.version AS "Version"
    FROM membership_version v
    LEFT JOIN membership m ON m.deployment_id = v.deployment_id
    WHERE v.deployment_id = @DeploymentId;'),

('DeleteMembershipTableEntriesKey', '
    DELETE FROM membership WHERE deployment_id = @DeploymentId;
    DELETE FROM membership_version WHERE deployment_id = @DeploymentId;'),

('GatewaysQueryKey', '
    SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
    FROM membership
    WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;'),

-- Status 6 is SiloStatus.Dead, 3 SiloStatus.Active.
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM membership
    WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3;'),

('CleanupDefunctSiloEntryKey', '
    DELETE FROM membership
    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
        AND status = 6;');
