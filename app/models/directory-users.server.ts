import type { DirectoryUser } from "~/auth/ldap/ldap.server";
import type { Db, Sql } from "~/db.server";
import { type AuditActor, recordChange } from "./audit.server";
import { addToGroups } from "./users.server";

export class DirectoryUserRefused extends Error {
  constructor(readonly reason: "username-taken-by-local-account" | "inactive") {
    super(reason);
    this.name = "DirectoryUserRefused";
  }
}

/**
 * The local account of a directory user: created on first sign-in, its name, email and display name
 * refreshed on later ones, and its directory-given group memberships synced (mappedGroupIds).
 * Memberships an admin made stay.
 */
export async function provisionDirectoryUser(
  sql: Sql,
  provider: "ldap" | "oidc",
  directory: DirectoryUser & { avatarUrl?: string | null },
  options: {
    adminGroup: string | null;
    client: Omit<AuditActor, "userId">;
    /** Off when groups are managed in Porch only (AUTH_OIDC_GROUPS_LOCAL_MANAGEMENT). */
    syncGroups?: boolean;
    /** A verified email that may adopt an existing local account with that email (dangerous linking). */
    linkEmail?: string | null;
  },
): Promise<string> {
  return sql.begin(async (tx) => {
    const [existing] = await tx<{ id: string; status: string }[]>`
      select id, status from users where provider = ${provider} and external_id = ${directory.externalId} for update`;
    let userId = existing?.id;
    if (!userId && options.linkEmail) {
      const [local] = await tx<{ id: string; status: string }[]>`
        select id, status from users where lower(email) = lower(${options.linkEmail}) and external_id is null for update`;
      if (local) {
        if (local.status !== "active") throw new DirectoryUserRefused("inactive");
        await tx`update users set provider = ${provider}, external_id = ${directory.externalId}, updated_at = now() where id = ${local.id}`;
        await recordChange(tx, { userId: local.id, ...options.client }, "user.linked", { type: "user", id: local.id }, { provider, by: "verified email" });
        userId = local.id;
      }
    }
    if (!userId) {
      const [clash] = await tx`select provider from users where lower(username) = lower(${directory.username})`;
      if (clash) throw new DirectoryUserRefused("username-taken-by-local-account");
      [{ id: userId }] = await tx<{ id: string }[]>`
        insert into users (username, email, display_name, avatar_url, provider, external_id)
        values (${directory.username}, ${directory.email}, ${directory.displayName}, ${directory.avatarUrl ?? null}, ${provider}, ${directory.externalId})
        returning id`;
      await recordChange(tx, { userId, ...options.client }, "user.created", { type: "user", id: userId }, { provider, dn: directory.dn });
    } else if (existing) {
      if (existing.status !== "active") throw new DirectoryUserRefused("inactive");
      await tx`
        update users set email = ${directory.email}, display_name = ${directory.displayName}, updated_at = now(),
               avatar_url = case when ${directory.avatarUrl === undefined} then avatar_url else ${directory.avatarUrl ?? null} end,
               username = case when exists (select 1 from users o where lower(o.username) = lower(${directory.username}) and o.id <> ${userId})
                               then username else ${directory.username} end
         where id = ${userId}`;
    }
    await addToGroups(tx, userId, []);
    if (options.syncGroups === false) return userId;
    const ids = await mappedGroupIds(tx, provider, directory.groups, options.adminGroup);
    const added = await tx`
      insert into group_members (group_id, user_id, source)
      select unnest(${ids}::uuid[]), ${userId}, ${provider}
      on conflict do nothing returning group_id`;
    const removed = await tx`
      delete from group_members gm using groups g
       where gm.group_id = g.id and gm.user_id = ${userId} and gm.source = ${provider}
         and not (g.id = any(${ids}::uuid[]))
      returning g.name`;
    if (added.length || removed.length) {
      await recordChange(tx, { userId, ...options.client }, "user.groups-synced", { type: "user", id: userId }, {
        provider,
        added: added.length,
        removed: removed.map((r) => r.name),
      });
    }
    return userId;
  });
}

/**
 * The local groups a directory or provider user belongs to: those an admin mapped to one of their
 * groups for this provider, and `admins` when the configured admin group (AUTH_LDAP_ADMIN_GROUP,
 * AUTH_OIDC_ADMIN_GROUP) is among them. Never a group because its name matches: anyone who can make
 * groups at the provider would call one "admins". Names compare as porch_directory_group_matches says
 * (LDAP whatever the case, OIDC exactly), in SQL only.
 */
export async function mappedGroupIds(db: Db, provider: "ldap" | "oidc", groups: string[], adminGroup: string | null): Promise<string[]> {
  const rows = await db<{ id: string }[]>`
    select m.group_id as id
      from group_directory_mappings m join groups g on g.id = m.group_id
     where m.provider = ${provider} and g.name <> 'everyone'
       and exists (select 1 from unnest(${groups}::text[]) n where porch_directory_group_matches(${provider}, n, m.directory_group))
    union
    select id from groups
     where lower(name) = 'admins'
       and exists (select 1 from unnest(${groups}::text[]) n where porch_directory_group_matches(${provider}, n, ${adminGroup}::text))`;
  return rows.map((r) => r.id);
}
