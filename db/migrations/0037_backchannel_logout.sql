-- OpenID Connect Back-Channel Logout (issue #23 part 2): the provider ends a person's session there and
-- tells Porch, which ends the sessions it started from it.
-- The provider's session id (the id_token's `sid`), kept with each session an OIDC sign-in started, so a
-- logout token naming it ends exactly those.
alter table sessions add column oidc_sid text;
create index sessions_oidc_sid_idx on sessions (oidc_sid) where oidc_sid is not null;
-- Sessions signed in before this migration carry their id_token: their sid is read from it, so they are
-- logged out like the others (attack40). A token that doesn't decode leaves it null.
create function porch_sid_of(token text) returns text language plpgsql immutable as $$
declare
  part text := translate(split_part(token, '.', 2), '-_', '+/');
begin
  return convert_from(decode(part || repeat('=', (4 - length(part) % 4) % 4), 'base64'), 'UTF8')::jsonb ->> 'sid';
exception when others then
  return null;
end $$;
update sessions set oidc_sid = porch_sid_of(id_token) where id_token is not null;
drop function porch_sid_of(text);
-- A sign-in waiting for its second factor keeps the provider's id_token, so the session it becomes can
-- still be logged out at the provider (RP-initiated) and by it (back-channel).
alter table pending_sign_ins add column id_token text;
-- Logout tokens already acted on (their `jti`), until they are too old to be accepted anyway: a token
-- captured on its way can't be sent again.
create table oidc_logout_tokens (
  jti text primary key,
  expires_at timestamptz not null
);
-- Provider sessions logged out, for a day: a sign-in from one still under way (at its two-factor step, or
-- a callback arriving late) gets no session afterwards.
create table oidc_ended_sessions (
  sid text primary key,
  expires_at timestamptz not null
);
