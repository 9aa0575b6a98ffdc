-- The shared projects: an owner municipality (prosjekteigar), participants, mandate, budget, status.
create table prosjekt (
    id           varchar(36)   primary key,
    noekkel      varchar(200)  not null,
    namn         varchar(500)  not null,
    prosjekteigar varchar(9)   not null,
    mandat       varchar(4000) not null,
    budsjett_nok bigint        not null,
    status       varchar(20)   not null,
    created_by   varchar(100)  not null,
    created_at   timestamp with time zone not null,
    constraint prosjekt_noekkel_uk unique (noekkel)
);

create table prosjekt_deltakar (
    prosjekt_id varchar(36) not null references prosjekt (id),
    orgnr       varchar(9)  not null,
    primary key (prosjekt_id, orgnr)
);

-- Each document added to a project, archived at every participant through a distribution.
create table prosjekt_dokument (
    prosjekt_id     varchar(36)  not null references prosjekt (id),
    noekkel         varchar(200) not null,
    nummer          integer      not null,
    tittel          varchar(500) not null,
    filnavn         varchar(255) not null,
    distribusjon_id varchar(36)  not null,
    innhold         bytea        not null,
    created_at      timestamp with time zone not null,
    primary key (prosjekt_id, noekkel)
);
