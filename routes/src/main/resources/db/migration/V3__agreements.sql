-- The cooperation agreement, version by version; each version needs every party's signature.
create table avtale (
    id              varchar(36)  not null,
    versjon         integer      not null,
    noekkel         varchar(200) not null,
    tittel          varchar(500) not null,
    gyldig_til      date         not null,
    evalueringsdato date,
    filnavn         varchar(255) not null,
    mime_type       varchar(100) not null,
    sha256          varchar(64)  not null,
    dokument        bytea        not null,
    distribusjon_id varchar(36)  not null,
    gyldig_fra      timestamp with time zone,
    created_by      varchar(100) not null,
    created_at      timestamp with time zone not null,
    primary key (id, versjon),
    constraint avtale_noekkel_uk unique (noekkel)
);

-- A party to one version: NOT_SIGNED, SIGNED (with the verified signature) or REFUSED.
create table avtale_part (
    avtale_id  varchar(36)  not null,
    versjon    integer      not null,
    orgnr      varchar(9)   not null,
    state      varchar(16)  not null,
    at         timestamp with time zone,
    melding_id varchar(36),
    signatur   bytea,
    grunn      varchar(2000),
    primary key (avtale_id, versjon, orgnr),
    foreign key (avtale_id, versjon) references avtale (id, versjon)
);
