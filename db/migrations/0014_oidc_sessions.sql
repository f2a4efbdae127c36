-- OIDC sign-ins keep the provider's id_token with the session, for RP-initiated logout's id_token_hint.
alter table sessions add column id_token text;
