-- Trusted-header sign-in (issue #20 part 2, ADR 034): Porch behind an identity-aware proxy (Authelia,
-- authentik, oauth2-proxy, Tailscale) takes the person the proxy names. Accounts made that way are
-- the provider 'proxy''s, keyed by the name the proxy sends; its groups map like LDAP's and OIDC's.
alter table users drop constraint users_provider_check;
alter table users add constraint users_provider_check check (provider in ('credentials', 'ldap', 'oidc', 'proxy'));
alter table group_directory_mappings drop constraint group_directory_mappings_provider_check;
alter table group_directory_mappings add constraint group_directory_mappings_provider_check check (provider in ('ldap', 'oidc', 'proxy'));
alter table group_members drop constraint group_members_source_check;
alter table group_members add constraint group_members_source_check check (source in ('local', 'ldap', 'oidc', 'proxy'));
-- The groups the proxy named when the session's memberships were last synced: another list on a later
-- request syncs again, so a change at the proxy applies on the next request, not the next sign-in.
alter table sessions add column proxy_groups text;
