-- W1: the booking transaction of apps.appointments.services.book, as pgbench runs it: the INSERT, then the
-- conditional UPDATE that takes a place (the hot row's lock is held from the UPDATE to the COMMIT).
-- Variables (pgbench -D): slot, location, service, day (YYYYMMDD), user.
-- The NIK comes from a sequence so that the one-active-booking-per-NIK index never rejects a row.
BEGIN;
INSERT INTO appointments_booking (code, slot_id, location_id, service_id, date, user_id, nik, full_name, status,
    status_reason, created_at, updated_at)
VALUES (upper(substr(md5(random()::text), 1, 12)), :slot, :location, :service, to_date(':day', 'YYYYMMDD'), :user,
    lpad(nextval('bench_w1_seq')::text, 16, '0'), 'WARGA UJI', 'booked', '', now(), now());
UPDATE appointments_slot SET booked = booked + 1 WHERE id = :slot AND booked < quota;
END;
