// The SQL of who holds what: read with every request's actor (session or API key), in one round trip.
import type { Db } from "~/db.server";
import { impliedBy, type PermissionKey } from "./definitions";

/**
 * Columns every actor lookup (session or API key) reads about user `u`: their permissions, direct and
 * through groups (`everyone` included), whether a group makes them set up two-factor sign-in first, and
 * whether one requires a passkey sign-in (app/auth/passkeys/requirement.ts).
 */
export function effectivePermissionColumns(db: Db) {
  return db`
    array(
      select up.permission from user_permissions up where up.user_id = u.id
      union
      select gp.permission from group_permissions gp
       where gp.group_id in (
               select gm.group_id from group_members gm where gm.user_id = u.id
               union all
               -- name_key finds it by index (no scan of every group); name keeps the exact match.
               select g.id from groups g where g.name_key = 'everyone' and g.name = 'everyone')
    ) as permissions,
    -- A service account never signs in (ADR 040): sign-in requirements don't apply to it.
    (u.kind = 'person' and not exists (select 1 from user_totp t where t.user_id = u.id and t.enabled_at is not null)
     and exists (select 1 from groups g left join group_members gm on gm.group_id = g.id and gm.user_id = u.id
                  where g.require_2fa and (gm.user_id is not null or g.name = 'everyone'))) as must_set_up_2fa,
    -- Null unless a group of theirs requires a passkey sign-in; then requirement.ts's PasskeyStanding.
    (select case when exists (select 1 from webauthn_credentials c where c.user_id = u.id) then 'has'
                 when bool_and(coalesce(g.passkey_grace_until > now(), false)) then 'window' else 'none' end
       from groups g left join group_members gm on gm.group_id = g.id and gm.user_id = u.id
      where g.require_passkey and (gm.user_id is not null or g.name = 'everyone') and u.kind = 'person'
     having count(*) > 0) as passkey_standing`;
}

/**
 * Whether the user `userId` (a SQL expression) holds `key` now, directly, through a group or `everyone`,
 * or through a key that implies it, and is active: the SQL twin of the actor's closed permissions.
 */
export function holdsPermissionSql(db: Db, userId: ReturnType<Db>, key: PermissionKey) {
  const keys = [key, ...impliedBy(key)];
  return db`(exists (select 1 from users hu where hu.id = ${userId} and hu.status = 'active') and exists (
      select 1 from user_permissions up where up.user_id = ${userId} and up.permission = any(${keys}::text[])
      union all
      select 1 from group_permissions gp
       where gp.permission = any(${keys}::text[])
         and (gp.group_id in (select gm.group_id from group_members gm where gm.user_id = ${userId})
              or gp.group_id in (select g.id from groups g where g.name_key = 'everyone' and g.name = 'everyone'))))`;
}
