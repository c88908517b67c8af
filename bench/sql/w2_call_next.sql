-- W2: the transaction of apps.queueing.services.call_next, as pgbench runs it.
-- Variables (pgbench -D): location, service, cfirst (first counter id), ncounters, day (YYYYMMDD), user.
\set c :cfirst + random(0, :ncounters - 1)
BEGIN;
-- the counter's current ticket, locked, finished with a service record
SELECT coalesce((SELECT id FROM queueing_ticket WHERE counter_id = :c AND status IN ('called', 'serving')
    ORDER BY called_at DESC LIMIT 1 FOR UPDATE), 0) AS cur \gset
INSERT INTO queueing_servicerecord (location_id, service_id, stage, ticket_id, date, waited_seconds, service_seconds, finished_at)
    SELECT location_id, service_id, stage, id, date, greatest(extract(epoch FROM called_at - queued_at)::int, 0),
           greatest(extract(epoch FROM now() - coalesce(serving_started_at, called_at))::int, 0), now()
    FROM queueing_ticket WHERE id = :cur RETURNING id;
UPDATE queueing_ticket SET status = 'done', finished_at = now() WHERE id = :cur;
-- the next ticket in policy order that no other counter holds (the counter's services as a subquery, as
-- services.call_next writes it), claimed with a conditional UPDATE that returns the called row
SELECT coalesce((SELECT id FROM queueing_ticket WHERE location_id = :location AND date = to_date(':day', 'YYYYMMDD')
    AND status = 'waiting' AND stage IN ('document_check') AND (target_counter_id IS NULL OR target_counter_id = :c)
    AND (service_id IN (SELECT servicetype_id FROM locations_counter_services WHERE counter_id = :c)
         OR NOT EXISTS (SELECT 1 FROM locations_counter_services WHERE counter_id = :c))
    ORDER BY rank, queued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED), 0) AS nxt \gset
UPDATE queueing_ticket SET status = 'called', counter_id = :c, called_at = now(), call_count = call_count + 1,
    served_by_id = :user, target_counter_id = NULL WHERE id = :nxt AND status = 'waiting' RETURNING *;
INSERT INTO queueing_callevent (location_id, ticket_id, counter_id, label, counter_number, is_recall, created_at)
    SELECT location_id, id, :c, queue_code || '-' || lpad(number::text, 3, '0'), 1, false, now()
    FROM queueing_ticket WHERE id = :nxt RETURNING id;
END;
