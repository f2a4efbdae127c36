-- Issue 16, items 16–17: trust a directory or an identity provider only where an admin said so.

-- 1. Group sync follows explicit mappings only, each made for one provider. A group's name never
--    matches by itself: people can make their own groups at some providers (GitLab, Gitea).

-- How a group name from the directory or provider compares with a mapped one: LDAP as the directory
-- does (cn is case-insensitive), OIDC exactly (a provider's group names are opaque: "OPS" is not "ops").
create function porch_directory_group_matches(provider text, given text, mapped text) returns boolean
  language sql immutable strict
  as $$ select case when provider = 'ldap' then lower(given) = lower(mapped) else given = mapped end $$;

-- Every mapping says which provider it is for. The page never set it, so existing mappings are LDAP's
-- (the only provider the page named); an OIDC install maps its groups again (README, ADR 016).
alter table group_directory_mappings alter column provider drop default;

-- Memberships the directory or provider gave that no mapping for that provider explains came from a
-- same-name match (or AUTH_*_ADMIN_GROUP, which the next sign-in gives back): they end now rather than
-- at each person's next sign-in. Each person's audit trail says so.
with ended as (
  delete from group_members gm
   where gm.source in ('ldap', 'oidc')
     and not exists (select 1 from group_directory_mappings m where m.group_id = gm.group_id and m.provider = gm.source)
  returning gm.user_id, gm.group_id, gm.source
)
insert into audit_log (actor_type, action, target_type, target_id, details)
select 'system', 'user.groups-synced', 'user', e.user_id::text,
       jsonb_build_object('provider', e.source, 'removed', jsonb_agg(g.name order by g.name),
                          'reason', 'upgrade: groups are no longer joined by a matching name (migration 0019)')
  from ended e join groups g on g.id = e.group_id
 group by e.user_id, e.source;

-- 2. Emails Porch has confirmed by mail: only those may adopt a local account at an OIDC sign-in
--    (AUTH_OIDC_ENABLE_DANGEROUS_ACCOUNT_LINKING). Nothing set before this migration counts as confirmed.
alter table users add column email_verified_at timestamptz;

-- A changed email is unconfirmed, whoever changes it (the person, an admin, the API, a directory sync),
-- unless the same statement confirms it on purpose.
create function porch_email_change_unverifies() returns trigger language plpgsql as $$
begin
  if new.email is distinct from old.email and new.email_verified_at is not distinct from old.email_verified_at then
    new.email_verified_at := null;
  end if;
  return new;
end $$;
create trigger users_email_change_unverifies before update of email on users
  for each row execute function porch_email_change_unverifies();

-- Confirmation links: only the SHA-256 of the token is kept; each is for one address and works once.
create table email_verifications (
  token_hash bytea primary key,
  user_id uuid not null references users (id) on delete cascade,
  email text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  constraint email_verifications_token_hash_length_check check (octet_length(token_hash) = 32)
);
create index email_verifications_user_id_idx on email_verifications (user_id);
