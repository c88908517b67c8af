-- W2: the transaction of apps.queueing.services.call_next, as pgbench runs it.
-- Variables (pgbench -D): location, service, cfirst (first counter id), ncounters, day (YYYYMMDD), user.
\set c :cfirst + random(0, :ncounters - 1)
BEGIN;
-- the counter's current ticket, locked, finished with a service record
SELECT coalesce((SELECT id FROM queueing_ticket WHERE counter_id = :c AND status IN ('called', 'serving')
    ORDER BY called_at DESC LIMIT 1), 0) AS cur \gset
SELECT id, status, queued_at, called_at, serving_started_at FROM queueing_ticket WHERE id = :cur ORDER BY id LIMIT 1 FOR UPDATE;
INSERT INTO queueing_servicerecord (location_id, service_id, stage, ticket_id, date, waited_seconds, service_seconds, finished_at)
    SELECT location_id, service_id, stage, id, date, greatest(extract(epoch FROM called_at - queued_at)::int, 0),
           greatest(extract(epoch FROM now() - coalesce(serving_started_at, called_at))::int, 0), now()
    FROM queueing_ticket WHERE id = :cur;
UPDATE queueing_ticket SET status = 'done', finished_at = now() WHERE id = :cur;
-- the next ticket in policy order that no other counter holds, claimed with a conditional UPDATE
SELECT servicetype_id FROM locations_counter_services WHERE counter_id = :c;
SELECT coalesce((SELECT id FROM queueing_ticket WHERE location_id = :location AND date = to_date(':day', 'YYYYMMDD')
    AND status = 'waiting' AND stage IN ('document_check') AND (target_counter_id IS NULL OR target_counter_id = :c)
    AND service_id IN (:service) ORDER BY rank, queued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED), 0) AS nxt \gset
UPDATE queueing_ticket SET status = 'called', counter_id = :c, called_at = now(), call_count = call_count + 1,
    served_by_id = :user, target_counter_id = NULL WHERE id = :nxt AND status = 'waiting';
SELECT t.id, t.number, t.queue_code, s.name FROM queueing_ticket t JOIN applications_servicetype s ON s.id = t.service_id
    WHERE t.id = :nxt;
INSERT INTO queueing_callevent (location_id, ticket_id, counter_id, label, counter_number, is_recall, created_at)
    SELECT location_id, id, :c, queue_code || '-' || lpad(number::text, 3, '0'), 1, false, now()
    FROM queueing_ticket WHERE id = :nxt;
END;
