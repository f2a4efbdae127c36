-- Boards and integrations in the provisioning file (issue #23 part 4, ADR 044): marked like groups and
-- service accounts, read-only outside the file.
alter table boards add column managed boolean not null default false;
alter table integrations add column managed boolean not null default false;
