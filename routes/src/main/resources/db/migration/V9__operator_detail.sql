-- A delivery event's reason is what the sender may read; what only operators may read (the recipient's endpoint,
-- the text of its system's answer) goes in detail (issue 12).
alter table levering_hendelse add column detail varchar(2000);
