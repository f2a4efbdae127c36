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
