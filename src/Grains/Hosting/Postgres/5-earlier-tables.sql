-- Databases that ran Fcan before it had a schema of its own kept grain state and reminders in public.fcan_grain_state
-- and public.fcan_reminders (Fcan's tables, by their names). Their rows are carried over once, so jobs, pools and
-- reminders survive the upgrade; those tables are left as they are. Membership is not carried: silos join afresh.
DO $$
BEGIN
    IF to_regclass('public.fcan_grain_state') IS NOT NULL THEN
        INSERT INTO grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1,
            grain_id_extension, payload, version, modified_at)
        SELECT service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1,
            grain_id_extension, payload, version, modified_at
        FROM public.fcan_grain_state;
    END IF;
    IF to_regclass('public.fcan_reminders') IS NOT NULL THEN
        INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_time, period, version)
        SELECT service_id, grain_id, reminder_name, grain_hash, start_time, period, version
        FROM public.fcan_reminders;
    END IF;
END $$;
