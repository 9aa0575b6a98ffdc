-- Fewer index writes per message (issue 9): every index of melding, levering and levering_hendelse is written at
-- each message's commit.
-- The retention purge walks messages in meldingId order, which is time order (UUIDv7), so received_at needs no index.
drop index melding_received_ix;
-- A delivery's first step (QUEUED for its connector, or DELIVERED to the hub itself) is read from the delivery and
-- message rows instead of being stored as an event.
delete from levering_hendelse
where reason = 'received by the hub' or reason like 'queued for delivery by %';
