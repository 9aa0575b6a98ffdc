-- Payloads leave the message rows (issue 9): each payload is stored once, in the payload store,
-- and messages refer to it. Small payloads are kept in this table (written in the same
-- transaction as the message); large ones in files of the payload store, named by ref.
create table payload (
    ref        varchar(36) primary key,
    size       bigint      not null,
    sha256     varchar(64),
    data       bytea,
    created_at timestamp with time zone not null
);

insert into payload (ref, size, data, created_at)
    select melding_id, payload_size, payload, received_at from melding where payload_size > 0;
alter table melding add column payload_ref varchar(36);
update melding set payload_ref = melding_id where payload_size > 0;
alter table melding drop column payload;
alter table melding alter column payload_size set data type bigint;
-- set when the retention purge removed the payload and history of a finished message
alter table melding add column purged_at timestamp with time zone;
create index melding_payload_ix on melding (payload_ref);
create index melding_received_ix on melding (received_at);

insert into payload (ref, size, data, created_at)
    select id, octet_length(payload), payload, created_at from distribusjon;
alter table distribusjon add column payload_ref varchar(36);
update distribusjon set payload_ref = id;
alter table distribusjon drop column payload;
create index distribusjon_payload_ix on distribusjon (payload_ref);
