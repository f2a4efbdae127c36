import type { Db, Sql } from "~/db.server";
import { closePermissions, type PermissionKey } from "~/permissions/definitions";
import { effectivePermissionColumns } from "~/permissions/effective-permissions.server";
import { type AuditActor, recordChange } from "./audit.server";
import { createManagedUser, isUuid } from "./manage-users.server";

// Service accounts (issue #23 part 1, ADR 040): accounts for automations. Groups, direct permissions
// and board or integration rows like a person's; no password, no email, never a session (the database
// refuses one, migration 0036). Their API keys are their only credential, and survive whoever made them.

export interface ServiceAccountRow {
  id: string;
  name: string;
  description: string | null;
  status: string;
  managed: boolean;
  createdAt: Date;
  groups: string[];
  activeKeys: number;
  lastKeyUseAt: Date | null;
}

/** Every service account, by name, with its groups and keys at a glance. */
export async function listServiceAccounts(db: Db): Promise<ServiceAccountRow[]> {
  return db<ServiceAccountRow[]>`
    select u.id, u.username as name, u.display_name as description, u.status, u.managed, u.created_at,
           array(select g.name from group_members gm join groups g on g.id = gm.group_id
                  where gm.user_id = u.id and g.name <> 'everyone' order by g.position, lower(g.name)) as groups,
           (select count(*)::int from api_keys k
             where k.user_id = u.id and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())) as active_keys,
           (select max(k.last_used_at) from api_keys k where k.user_id = u.id) as last_key_use_at
      from users u where u.kind = 'service'
     order by lower(u.username)`;
}

/** The service accounts a person's keys may move to: active ones, by name. */
export async function serviceAccountChoices(db: Db): Promise<{ id: string; name: string }[]> {
  return db<{ id: string; name: string }[]>`
    select id, username as name from users where kind = 'service' and status = 'active' order by lower(username)`;
}

/** Creates one with the chosen groups (plus `everyone`), as people are made; UsernameTakenError when the name is anyone's. */
export function createServiceAccount(
  sql: Sql,
  actor: AuditActor,
  input: { name: string; description?: string | null; groupIds: string[] },
): Promise<string> {
  return createManagedUser(sql, actor, { kind: "service", username: input.name, displayName: input.description, groupIds: input.groupIds });
}

export interface KeyMove {
  moved: number;
  to: string;
}

/**
 * Moves a person's working API keys to a service account (an administrator's choice, audited per key):
 * the same id and secret keep working, now with the service account's permissions in place of the
 * person's (a key's own permissions ∩ its owner's, as always). Null when `toId` isn't an active service
 * account. Only the keys named (those the administrator saw listed) move; revoked and expired keys stay
 * with the person, as their history. The secrets don't change: whoever knew one still can use it.
 */
export async function moveApiKeys(
  sql: Sql,
  actor: AuditActor,
  fromUserId: string,
  toId: string,
  /** The keys the administrator saw listed: a key made since stays with its maker. */
  keyIds: string[],
): Promise<KeyMove | null> {
  if (!isUuid(toId)) return null;
  return sql.begin(async (tx) => {
    const [to] = await tx<{ id: string; name: string }[]>`
      select id, username as name from users where id = ${toId} and kind = 'service' and status = 'active' for update`;
    if (!to) return null;
    // The person's row too, as key creation and credential resets lock it: a reset can't interleave.
    await tx`select 1 from users where id = ${fromUserId} for update`;
    const keys = await tx<{ id: string; description: string }[]>`
      update api_keys set user_id = ${to.id}, passkey_id = null
       where user_id = ${fromUserId} and id = any(${keyIds}::text[]) and revoked_at is null and (expires_at is null or expires_at > now())
      returning id, description`;
    for (const key of keys)
      await recordChange(tx, actor, "api-key.moved", { type: "api-key", id: key.id }, { from: fromUserId, to: to.id, toName: to.name });
    return { moved: keys.length, to: to.name };
  });
}

/** A person's working keys, for the warning before they are deactivated or deleted. */
export async function workingKeysOf(db: Db, userId: string): Promise<{ id: string; description: string; lastUsedAt: Date | null }[]> {
  return db<{ id: string; description: string; lastUsedAt: Date | null }[]>`
    select id, description, last_used_at from api_keys
     where user_id = ${userId} and revoked_at is null and (expires_at is null or expires_at > now())
     order by created_at`;
}

/** What an account holds now (direct, through groups and `everyone`, implied ones included): what its new keys may have. */
export async function permissionsHeldBy(db: Db, userId: string): Promise<Set<PermissionKey>> {
  const [row] = await db<{ permissions: string[] }[]>`select ${effectivePermissionColumns(db)} from users u where u.id = ${userId}`;
  return closePermissions(row?.permissions ?? []);
}
