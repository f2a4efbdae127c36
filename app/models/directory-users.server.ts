import type { DirectoryUser } from "~/auth/ldap/ldap.server";
import { nameAmbiguity } from "~/auth/usernames";
import type { Sql } from "~/db.server";
import { type AuditActor, recordChange } from "./audit.server";
import { addToGroups, usernameMatches } from "./users.server";

export class DirectoryUserRefused extends Error {
  constructor(readonly reason: "username-taken-by-local-account" | "ambiguous-username" | "inactive") {
    super(reason);
    this.name = "DirectoryUserRefused";
  }
}

/**
 * The local account of a directory user: created on first sign-in, its name, email and display name
 * refreshed on later ones, and its directory-given group memberships synced (groups whose name equals a
 * directory group, and `admins` for members of AUTH_LDAP_ADMIN_GROUP). Memberships an admin made stay.
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
    // A name that reads as another (ADR 014) is refused, as in every other place accounts are made.
    const ambiguous = nameAmbiguity(directory.username) !== null;
    if (!userId) {
      if (ambiguous) throw new DirectoryUserRefused("ambiguous-username");
      const [clash] = await tx`select provider from users where ${usernameMatches(tx, directory.username)}`;
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
               username = case when ${ambiguous} or exists (select 1 from users o where ${usernameMatches(tx, directory.username, tx`o.username_key`)} and o.id <> ${userId})
                               then username else ${directory.username} end
         where id = ${userId}`;
    }
    await addToGroups(tx, userId, []);
    if (options.syncGroups === false) return userId;
    const names = directory.groups.map((g) => g.toLowerCase());
    if (options.adminGroup && names.includes(options.adminGroup.toLowerCase())) names.push("admins");
    // Local groups the directory gives: same name, or mapped by an admin.
    const matched = await tx<{ id: string }[]>`
      select id from groups where name <> 'everyone' and (
        lower(name) = any(${names}::text[])
        -- The mappings an admin makes on a group's page apply to LDAP and OIDC groups alike.
        or id in (select group_id from group_directory_mappings where lower(directory_group) = any(${names}::text[])))`;
    const ids = matched.map((g) => g.id);
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
