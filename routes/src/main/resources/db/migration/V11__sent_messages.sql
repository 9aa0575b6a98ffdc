-- A sender's list of its own messages (GET /api/v1/messages), walked oldest first with a cursor.
-- stored_at is the database's time of the transaction that stored the message (the database's clock, one for every
-- hub instance). The list orders by (stored_at, melding_id) and shows only messages stored a few seconds ago or
-- earlier, so a message committed after a reader passed its place cannot be skipped: received_at and the meldingId
-- are taken before the payload is uploaded, which may take minutes, so they are not the order in which messages
-- become visible. Existing messages get the migration's time and keep their meldingId order (time order) among
-- themselves; PostgreSQL stores such a default without rewriting the table.
alter table melding add column stored_at timestamp with time zone default current_timestamp not null;
-- One more index entry per message (intake's only other writes to indexes of melding are its primary key, the
-- klientMeldingId key, svar_pa_melding and expires_at): a walk reads one sender's page without sorting.
create index melding_avsender_ix on melding (avsender, stored_at, melding_id);
