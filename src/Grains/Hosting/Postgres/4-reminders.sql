-- Reminders: one row per grain and reminder name, with the grain's hash so each silo reads its own ring range.
CREATE TABLE reminders
(
    service_id varchar(150) NOT NULL,
    grain_id varchar(1024) NOT NULL,
    reminder_name varchar(150) NOT NULL,
    grain_hash integer NOT NULL,
    start_time timestamptz NOT NULL,
    period bigint NOT NULL,
    version integer NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX reminders_by_hash ON reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadReminderRowsKey', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period",
        version AS "Version"
    FROM reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId;'),

('ReadReminderRowKey', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period",
        version AS "Version"
    FROM reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;'),

-- A ring range that does not wrap (begin < end, as signed integers)...
('ReadRangeRows1Key', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period",
        version AS "Version"
    FROM reminders
    WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;'),

-- ...and one that wraps around.
('ReadRangeRows2Key', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period",
        version AS "Version"
    FROM reminders
    WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);'),

('UpsertReminderRowKey', '
    INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_time, period, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
        SET start_time = EXCLUDED.start_time, period = EXCLUDED.period, version = reminders.version + 1
    RETURNING version AS "Version";'),

('DeleteReminderRowKey', '
    WITH deleted AS (
        DELETE FROM reminders
        WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
            AND version = @Version
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM deleted);'),

('DeleteReminderRowsKey', '
    DELETE FROM reminders WHERE service_id = @ServiceId;');
