-- LDAP (and later OIDC) users are matched by their directory identity, not by name or email.
alter table users add column external_id text;
create unique index users_provider_external_id_key on users (provider, external_id) where external_id is not null;

-- Memberships the directory gave: synced on every sign-in; the ones an admin made stay untouched.
alter table group_members add column source text not null default 'local';
alter table group_members add constraint group_members_source_check check (source in ('local', 'ldap', 'oidc'));
