import type { DirectoryProvider } from "~/auth/directory-provider";
import type { DirectoryUser } from "~/auth/ldap/ldap.server";
import { nameAmbiguity } from "~/auth/usernames";
import type { Db, Sql } from "~/db.server";
import { type AuditActor, recordChange } from "./audit.server";
import { resetCredentials } from "./credentials-reset.server";
import { isUniqueViolation } from "./manage-users.server";
import { addToGroups, usernameMatches } from "./users.server";

/** users_username_length_check: a directory's longer name keeps the account's current one. */
const MAX_USERNAME_LENGTH = 64;

export class DirectoryUserRefused extends Error {
  constructor(readonly reason: "username-taken-by-local-account" | "ambiguous-username" | "unusable-username" | "inactive") {
    super(reason);
    this.name = "DirectoryUserRefused";
  }
}

type ProvisionOptions = {
  adminGroup: string | null;
  client: Omit<AuditActor, "userId">;
  /** Off when groups are managed in Porch only (AUTH_OIDC_GROUPS_LOCAL_MANAGEMENT). */
  syncGroups?: boolean;
  /** An email the provider verified: it may adopt the one local account whose email Porch confirmed (dangerous linking). */
  linkEmail?: string | null;
};

/**
 * The local account of a directory user: created on first sign-in, its name, email and display name
 * refreshed on later ones, and its directory-given group memberships synced (mappedGroupIds).
 * Memberships an admin made stay.
 */
export async function provisionDirectoryUser(
  sql: Sql,
  provider: DirectoryProvider,
  directory: DirectoryUser & { avatarUrl?: string | null },
  options: ProvisionOptions,
): Promise<string> {
  try {
    return await provisionOnce(sql, provider, directory, options);
  } catch (error) {
    // Two first sign-ins at once (two tabs, a proxy's parallel requests): both inserted, and whichever
    // unique index PostgreSQL checked first refused the second. Once more finds the account made.
    if (!isUniqueViolation(error, "users_provider_external_id_key") && !isUniqueViolation(error, "users_username_key_key")) throw error;
    return provisionOnce(sql, provider, directory, options);
  }
}

function provisionOnce(
  sql: Sql,
  provider: DirectoryProvider,
  directory: DirectoryUser & { avatarUrl?: string | null },
  options: ProvisionOptions,
): Promise<string> {
  return sql.begin(async (tx) => {
    const [found] = await tx<{ id: string; status: string }[]>`
      select id, status from users where provider = ${provider} and external_id = ${directory.externalId} for update`;
    let existing = found ?? (provider === "ldap" ? await rekeyDnAccount(tx, directory, options.client) : undefined);
    let userId: string | undefined = existing?.id;
    if (!userId && options.linkEmail)
      userId = await adoptLocalAccount(tx, provider, directory.externalId, options.linkEmail, options.client);
    // A name that reads as another (ADR 014) is refused, as in every other place accounts are made.
    const ambiguous = nameAmbiguity(directory.username) !== null;
    // Longer than a username may be (a directory's mail or userPrincipalName as the name): never written (attack41).
    const unusable = directory.username.length > MAX_USERNAME_LENGTH;
    if (!userId) {
      if (ambiguous) throw new DirectoryUserRefused("ambiguous-username");
      if (unusable) throw new DirectoryUserRefused("unusable-username");
      const [clash] = await tx<{ id: string; provider: string; externalId: string | null }[]>`
        select id, provider, external_id as "externalId" from users where ${usernameMatches(tx, directory.username)}`;
      if (clash && (clash.provider !== provider || clash.externalId !== directory.externalId))
        throw new DirectoryUserRefused("username-taken-by-local-account");
      if (clash) {
        // Another first sign-in made this very account since the lookup above (two at once): it is this one.
        [existing] = await tx<{ id: string; status: string }[]>`select id, status from users where id = ${clash.id} for update`;
        userId = existing.id;
      } else {
        [{ id: userId }] = await tx<{ id: string }[]>`
          insert into users (username, email, display_name, avatar_url, provider, external_id)
          values (${directory.username}, ${directory.email}, ${directory.displayName}, ${directory.avatarUrl ?? null}, ${provider}, ${directory.externalId})
          returning id`;
        await recordChange(tx, { userId, ...options.client }, "user.created", { type: "user", id: userId }, { provider, dn: directory.dn });
      }
    }
    if (existing) {
      if (existing.status !== "active") throw new DirectoryUserRefused("inactive");
      await tx`
        update users set email = ${directory.email}, display_name = ${directory.displayName}, updated_at = now(),
               avatar_url = case when ${directory.avatarUrl === undefined} then avatar_url else ${directory.avatarUrl ?? null} end,
               username = case when ${ambiguous || unusable} or exists (select 1 from users o where ${usernameMatches(tx, directory.username, tx`o.username_key`)} and o.id <> ${userId})
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
      await recordChange(
        tx,
        { userId, ...options.client },
        "user.groups-synced",
        { type: "user", id: userId },
        {
          provider,
          added: added.length,
          removed: removed.map((r) => r.name),
        },
      );
    }
    return userId;
  });
}

/**
 * Before this version an entry without a visible entryUUID/objectGUID was keyed by its DN. Such an
 * account moves to the entry's stable id at its next sign-in: the last time a DN is believed, once.
 */
async function rekeyDnAccount(
  tx: Db,
  directory: DirectoryUser,
  client: Omit<AuditActor, "userId">,
): Promise<{ id: string; status: string } | undefined> {
  if (directory.externalId === directory.dn) return undefined;
  const [legacy] = await tx<{ id: string; status: string }[]>`
    update users set external_id = ${directory.externalId}, updated_at = now()
     where provider = 'ldap' and external_id = ${directory.dn}
    returning id, status`;
  if (legacy) {
    await recordChange(
      tx,
      { userId: legacy.id, ...client },
      "user.directory-id-upgraded",
      { type: "user", id: legacy.id },
      {
        from: "dn",
        attribute: directory.externalIdAttribute ?? null,
      },
    );
  }
  return legacy;
}

/**
 * Dangerous linking: the one active local account whose email Porch itself confirmed by mail becomes
 * this provider identity's. Whatever its earlier holder could use dies with the adoption: the password
 * (the provider proves who signs in from now on), sessions, pending sign-ins, reset links and API keys.
 * None, or several accounts with that address: no link.
 */
async function adoptLocalAccount(
  tx: Db,
  provider: DirectoryProvider,
  externalId: string,
  email: string,
  client: Omit<AuditActor, "userId">,
): Promise<string | undefined> {
  const locals = await tx<{ id: string; status: string }[]>`
    select id, status from users
     where lower(email) = lower(${email}) and email_verified_at is not null and external_id is null
     for update`;
  if (locals.length !== 1) return undefined;
  const [local] = locals;
  if (local.status !== "active") throw new DirectoryUserRefused("inactive");
  const [{ hadPassword }] = await tx<{ hadPassword: boolean }[]>`
    update users u set provider = ${provider}, external_id = ${externalId}, password_hash = null, updated_at = now()
      from (select password_hash is not null as had_password from users where id = ${local.id}) before
     where u.id = ${local.id}
    returning before.had_password`;
  await resetCredentials(tx, { userId: local.id, ...client }, local.id, {
    action: "user.linked",
    endApiKeys: true,
    details: { provider, by: "confirmed email", passwordRemoved: hadPassword },
  });
  return local.id;
}

/**
 * The local groups a directory or provider user belongs to: those an admin mapped to one of their
 * groups for this provider, and `admins` when the configured admin group (AUTH_LDAP_ADMIN_GROUP,
 * AUTH_OIDC_ADMIN_GROUP) is among them. Never a group because its name matches: anyone who can make
 * groups at the provider would call one "admins". Names compare as porch_directory_group_matches says
 * (LDAP whatever the case, OIDC exactly), in SQL only.
 */
export async function mappedGroupIds(db: Db, provider: DirectoryProvider, groups: string[], adminGroup: string | null): Promise<string[]> {
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
