-- Failed-attempt counters for accounts and client IPs, shared by every instance.
create table auth_throttle (
  key text primary key,
  failures integer not null,
  window_start timestamptz not null,
  locked_until timestamptz
);
create index auth_throttle_window_idx on auth_throttle (window_start);

-- A user's page lists their latest failed sign-ins.
create index audit_log_failed_username_idx on audit_log (lower(details ->> 'username'), created_at desc)
  where action = 'auth.sign-in.failed';
