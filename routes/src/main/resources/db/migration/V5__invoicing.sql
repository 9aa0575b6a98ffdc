-- Hours a member took from the shared competence centre ("uttak av ressursar frå felles kompetansemiljø"),
-- registered by the secretariat and invoiced with that year's base funding.
create table ressursbruk (
    id           varchar(36)   primary key,
    noekkel      varchar(200)  not null,
    aar          integer       not null,
    orgnr        varchar(9)    not null,
    skildring    varchar(500)  not null,
    timar        numeric(12, 2) not null,
    timesats_ore bigint        not null,
    created_by   varchar(100)  not null,
    created_at   timestamp with time zone not null,
    constraint ressursbruk_noekkel_uk unique (noekkel)
);
create index ressursbruk_aar_ix on ressursbruk (aar);

-- An invoicing run: the year's invoices (korreksjon_nr 0), or a correction of them (1, 2, ...). The unique
-- key lets one run at a time be made for a year.
create table fakturering (
    id            varchar(36)  primary key,
    aar           integer      not null,
    korreksjon_nr integer      not null,
    created_by    varchar(100) not null,
    created_at    timestamp with time zone not null,
    constraint fakturering_aar_uk unique (aar, korreksjon_nr)
);

-- Each invoice or credit note a run issued: the EHF document exactly as issued, and the message that carries it
-- to the payer's access point. krediterer names the invoice a credit note credits.
create table faktura (
    nummer         varchar(40)  primary key,
    fakturering_id varchar(36)  not null references fakturering (id),
    aar            integer      not null,
    loepenr        integer      not null,
    type           varchar(16)  not null,
    betalar        varchar(9)   not null,
    betalar_namn   varchar(200) not null,
    sum_ore        bigint       not null,
    krediterer     varchar(40)  references faktura (nummer),
    utferda        date         not null,
    forfall        date,
    ubl            bytea        not null,
    melding_id     varchar(36)  not null references melding (melding_id),
    constraint faktura_loepenr_uk unique (aar, loepenr)
);
create index faktura_run_ix on faktura (fakturering_id, loepenr);
create index faktura_krediterer_ix on faktura (krediterer);

-- The lines of an invoice, as the funding model gave them: the member each is for, its text and amount.
create table faktura_linje (
    nummer      varchar(40)   not null references faktura (nummer),
    linje       integer       not null,
    medlem      varchar(9)    not null,
    medlem_namn varchar(200)  not null,
    tekst       varchar(1000) not null,
    sum_ore     bigint        not null,
    primary key (nummer, linje)
);
