-- One canonical form of a name people type and compare, usernames and group names (ADR 014): NFKC,
-- lower case, final sigma as σ, NFKC again. Computed here and only here, so storage, lookups, lockout
-- keys and uniqueness can never disagree (they did: the lockout key used JavaScript's toLowerCase, the
-- lookup PostgreSQL's lower()).
create function porch_name_key(name text) returns text
  language sql immutable strict parallel safe
  as $$ select normalize(translate(lower(normalize(name, NFKC)), 'ς', 'σ'), NFKC) $$;

-- Names that only now mean the same (`alice` and `ａlice`): the oldest account keeps its name, each
-- later one gets "-" and the first 8 characters of its id appended, and the audit log says so.
-- Nobody is merged or deleted; an admin can rename them afterwards.
with ranked as (
  select id, username,
         row_number() over (partition by porch_name_key(username) order by created_at, id) as n
    from users
), renamed as (
  update users u set username = left(r.username, 55) || '-' || left(u.id::text, 8), updated_at = now()
    from ranked r
   where r.id = u.id and r.n > 1
  returning u.id, r.username as before, u.username as after
)
insert into audit_log (actor_type, action, target_type, target_id, details)
select 'system', 'user.renamed', 'user', id::text,
       jsonb_build_object('before', before, 'after', after, 'reason', 'another account''s name means the same (migration 0017)')
  from renamed;

alter table users add column username_key text not null generated always as (porch_name_key(username)) stored;
create unique index users_username_key_key on users (username_key);
drop index users_username_lower_key;

-- Group names likewise: no second group may read as `everyone`, `admins` or any other.
with ranked as (
  select id, name, row_number() over (partition by porch_name_key(name) order by created_at, id) as n from groups
), renamed as (
  update groups g set name = left(r.name, 55) || '-' || left(g.id::text, 8), updated_at = now()
    from ranked r
   where r.id = g.id and r.n > 1
  returning g.id, r.name as before, g.name as after
)
insert into audit_log (actor_type, action, target_type, target_id, details)
select 'system', 'group.renamed', 'group', id::text,
       jsonb_build_object('before', before, 'after', after, 'reason', 'another group''s name means the same (migration 0017)')
  from renamed;

alter table groups add column name_key text not null generated always as (porch_name_key(name)) stored;
create unique index groups_name_key_key on groups (name_key);
drop index groups_name_lower_key;

-- A user's page lists failed sign-ins under any form of their name.
drop index if exists audit_log_failed_username_idx;
create index audit_log_failed_username_key_idx on audit_log (porch_name_key(details ->> 'username'), created_at desc)
  where action = 'auth.sign-in.failed';

-- While hashes imported from Homarr (bcrypt) remain, every password check pays for one bcrypt at their
-- cost, so an imported account can't be told from an unknown one by timing; this finds that cost.
create index users_bcrypt_cost_idx on users ((substring(password_hash from 5 for 2))) where password_hash like '$2%';
