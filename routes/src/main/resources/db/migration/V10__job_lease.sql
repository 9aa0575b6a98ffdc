-- Work that must happen once however many hub instances run (issue 13): the timers' jobs (distribution batches,
-- outbox sweep, expiry, retention). The instance that holds a job's lease runs it and renews the lease at each
-- tick; another instance takes the job over once the lease has run out (its holder stopped or died).
create table job_lease (
    job        varchar(100) primary key,
    holder     varchar(200) not null,
    held_until timestamp with time zone not null,
    taken_at   timestamp with time zone not null
);
