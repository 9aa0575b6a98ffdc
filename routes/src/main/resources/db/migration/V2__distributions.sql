-- A distribution: one document from the secretariat to many members, one message per recipient.
create table distribusjon (
    id           varchar(36)  primary key,
    noekkel      varchar(200) not null,
    melding_type varchar(200) not null,
    filnavn      varchar(255) not null,
    payload      bytea        not null,
    maal         varchar(400) not null,
    ttl_ms       bigint       not null,
    state        varchar(16)  not null,
    created_by   varchar(100) not null,
    created_at   timestamp with time zone not null,
    constraint distribusjon_noekkel_uk unique (noekkel)
);

-- Its recipients; melding_id is set once the recipient's message exists.
create table distribusjon_mottaker (
    distribusjon_id varchar(36) not null references distribusjon (id),
    mottaker        varchar(9)  not null,
    melding_id      varchar(36),
    primary key (distribusjon_id, mottaker)
);
create index distribusjon_mottaker_pending_ix on distribusjon_mottaker (melding_id);
