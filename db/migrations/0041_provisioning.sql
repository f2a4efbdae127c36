-- Configuration as code (issue #23 part 4, ADR 044): what PORCH_PROVISION_FILE manages is marked, so
-- Manage shows it read-only and the models refuse to change it by any other way.
alter table groups add column managed boolean not null default false;
alter table users add column managed boolean not null default false;
