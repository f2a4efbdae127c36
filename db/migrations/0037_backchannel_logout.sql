-- OpenID Connect Back-Channel Logout (issue #23 part 2): the provider ends a person's session there and
-- tells Porch, which ends the sessions it started from it.
-- The provider's session id (the id_token's `sid`), kept with each session an OIDC sign-in started, so a
-- logout token naming it ends exactly those.
alter table sessions add column oidc_sid text;
create index sessions_oidc_sid_idx on sessions (oidc_sid) where oidc_sid is not null;
-- A sign-in waiting for its second factor keeps the provider's id_token, so the session it becomes can
-- still be logged out at the provider (RP-initiated) and by it (back-channel).
alter table pending_sign_ins add column id_token text;
-- Logout tokens already acted on (their `jti`), until they are too old to be accepted anyway: a token
-- captured on its way can't be sent again.
create table oidc_logout_tokens (
  jti text primary key,
  expires_at timestamptz not null
);
