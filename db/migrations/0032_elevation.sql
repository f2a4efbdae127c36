-- Re-authentication before sensitive actions (issue #21, ADR 037): when the session's person last
-- proved who they are (signing in, or confirming on a sensitive action's prompt). A sensitive action
-- needs it within AUTH_ELEVATION_TTL; it belongs to this session alone and ends with it.
alter table sessions add column elevated_at timestamptz;

-- A sensitive action refused for want of a recent proof: what the confirmation page shows and sends
-- back (the refused form's fields, never a password or a code), for this session only, for 10 minutes.
-- The page is /auth/confirm?request=<id>; the id is random and read only with the session it was made for.
create table elevation_requests (
  id text primary key,
  session_id text not null references sessions (id) on delete cascade,
  what text not null,
  action text not null,
  page text not null,
  fields jsonb not null,
  error text,
  expires_at timestamptz not null
);
create index elevation_requests_expiry on elevation_requests (expires_at);
