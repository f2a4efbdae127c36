-- LDAP scheduled sync (issue #23 part 2, ADR 041): what each run found and did, for Manage → LDAP. The
-- newest hundred are kept.
create table directory_syncs (
  id bigserial primary key,
  finished_at timestamptz not null default now(),
  -- The administrator who asked for it; null: the schedule.
  started_by uuid references users (id) on delete set null,
  checked integer not null,
  deactivated integer not null,
  -- Set when the safety limit refused to apply it: how many it would have deactivated, and the limit.
  would_deactivate integer,
  max_deactivate integer,
  -- The directory couldn't be read: nothing was changed.
  error text
);
