import type { DirectoryProvider } from "~/auth/directory-provider";
import type { Db, Sql } from "~/db.server";
import type { PermissionKey } from "~/permissions/definitions";
import { guardLastAdmin } from "./admins.server";
import { refuseManagedAccount, refuseManagedGroup } from "./managed.server";
import { type AuditActor, recordChange } from "./audit.server";
import { isUniqueViolation, isUuid, sameSet } from "./manage-users.server";
import { usernameMatches } from "./users.server";

export const EVERYONE = "everyone";

export interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  memberCount: number;
  reserved: boolean;
  managed: boolean;
}

export class GroupNameTakenError extends Error {
  constructor() {
    super("A group with that name exists already");
    this.name = "GroupNameTakenError";
  }
}

export class ReservedGroupError extends Error {
  constructor(what: string) {
    super(`The group "everyone" can't ${what}: every signed-in user is in it.`);
    this.name = "ReservedGroupError";
  }
}

/** `everyone` counts every user: membership is implicit for whoever signs in. */
export async function listGroups(db: Db): Promise<GroupRow[]> {
  return db<GroupRow[]>`
    select g.id, g.name, g.description, g.name = 'everyone' as reserved, g.managed,
           case when g.name = 'everyone' then (select count(*)::int from users)
                else (select count(*)::int from group_members gm where gm.group_id = g.id) end as member_count
      from groups g order by g.position, lower(g.name)`;
}

export interface GroupDetail {
  id: string;
  name: string;
  description: string | null;
  reserved: boolean;
  /** Decided by the provisioning file (ADR 044): read-only here. */
  managed: boolean;
  require2fa: boolean;
  /** Members must sign in with a passkey (issue #21): a password and a code aren't enough. */
  requirePasskey: boolean;
  /** Until when members without one may add a first passkey with their password. */
  passkeyGraceUntil: Date | null;
  homeBoardId: string | null;
  directoryGroups: DirectoryMapping[];
  permissions: PermissionKey[];
  members: Array<{ id: string; username: string; displayName: string | null }>;
}

export async function getGroup(db: Db, id: string): Promise<GroupDetail | null> {
  if (!isUuid(id)) return null;
  const [group] = await db<GroupDetail[]>`
    select id, name, description, name = 'everyone' as reserved, managed, require_2fa, require_passkey, passkey_grace_until, home_board_id,
           coalesce((select json_agg(json_build_object('provider', m.provider, 'name', m.directory_group)
                                     order by m.provider, lower(m.directory_group))
                       from group_directory_mappings m where m.group_id = g.id), '[]') as directory_groups,
           array(select permission from group_permissions where group_id = g.id order by permission) as permissions
      from groups g where id = ${id}`;
  if (!group) return null;
  group.members = group.reserved
    ? []
    : await db`
        select u.id, u.username, u.display_name from group_members gm join users u on u.id = gm.user_id
         where gm.group_id = ${id} order by lower(u.username)`;
  return group;
}

const isNameTaken = (error: unknown) => isUniqueViolation(error, "groups_name_key_key");

export async function createGroup(sql: Sql, actor: AuditActor, input: { name: string; description?: string }): Promise<string> {
  try {
    return await sql.begin(async (tx) => {
      const [g] = await tx<{ id: string }[]>`
        insert into groups (name, description, position)
        values (${input.name}, ${input.description ?? null}, (select coalesce(max(position), 0) + 1 from groups))
        returning id`;
      await recordChange(tx, actor, "group.created", { type: "group", id: g.id }, { name: input.name });
      return g.id;
    });
  } catch (error) {
    if (isNameTaken(error)) throw new GroupNameTakenError();
    throw error;
  }
}

async function assertNotReserved(tx: Db, id: string, what: string): Promise<void> {
  const [g] = await tx`select name from groups where id = ${id}`;
  if (g?.name === EVERYONE) throw new ReservedGroupError(what);
}

export async function updateGroup(sql: Sql, actor: AuditActor, id: string, input: { name: string; description: string | null }) {
  try {
    await sql.begin(async (tx) => {
      const [g] = await tx`select name, description from groups where id = ${id} for update`;
      if (!g) return;
      await refuseManagedGroup(tx, actor, id);
      if (g.name === EVERYONE && input.name !== EVERYONE) throw new ReservedGroupError("be renamed");
      await tx`update groups set name = ${input.name}, description = ${input.description}, updated_at = now() where id = ${id}`;
      await recordChange(tx, actor, "group.updated", { type: "group", id }, { before: g, after: input });
    });
  } catch (error) {
    if (isNameTaken(error)) throw new GroupNameTakenError();
    throw error;
  }
}

export async function setGroupPermissions(sql: Sql, actor: AuditActor, id: string, keys: PermissionKey[]): Promise<void> {
  await sql.begin(async (tx) => {
    const [now] = await tx<{ had: string[] }[]>`select array(select permission from group_permissions where group_id = ${id}) as had`;
    if (sameSet(now.had, keys)) return;
    await refuseManagedGroup(tx, actor, id);
    await guardLastAdmin(tx, async () => {
      await tx`delete from group_permissions where group_id = ${id} and not (permission = any(${keys}::text[]))`;
      await tx`insert into group_permissions (group_id, permission) select ${id}, unnest(${keys}::text[]) on conflict do nothing`;
    });
    await recordChange(tx, actor, "group.permissions-changed", { type: "group", id }, { permissions: keys });
  });
}

export class UnknownUserError extends Error {
  constructor(username: string) {
    super(`No user is called "${username}"`);
    this.name = "UnknownUserError";
  }
}

export async function addMember(sql: Sql, actor: AuditActor, groupId: string, username: string): Promise<void> {
  await sql.begin(async (tx) => {
    await assertNotReserved(tx, groupId, "have its members edited");
    const [user] = await tx`select id from users where ${usernameMatches(tx, username)}`;
    if (!user) throw new UnknownUserError(username);
    // A service account the file manages keeps the groups the file gives it, whichever side is edited (attack45).
    await refuseManagedAccount(tx, actor, user.id);
    await tx`insert into group_members (group_id, user_id) values (${groupId}, ${user.id}) on conflict do nothing`;
    await recordChange(tx, actor, "group.member-added", { type: "group", id: groupId }, { userId: user.id, username });
  });
}

export async function removeMember(sql: Sql, actor: AuditActor, groupId: string, userId: string): Promise<void> {
  await sql.begin(async (tx) => {
    await assertNotReserved(tx, groupId, "have its members edited");
    await refuseManagedAccount(tx, actor, userId);
    await guardLastAdmin(tx, async () => {
      await tx`delete from group_members where group_id = ${groupId} and user_id = ${userId}`;
    });
    await recordChange(tx, actor, "group.member-removed", { type: "group", id: groupId }, { userId });
  });
}

export async function deleteGroup(sql: Sql, actor: AuditActor, id: string): Promise<void> {
  await sql.begin(async (tx) => {
    await assertNotReserved(tx, id, "be deleted");
    await refuseManagedGroup(tx, actor, id);
    const [gone] = await guardLastAdmin(tx, () => tx`delete from groups where id = ${id} returning name`);
    if (!gone) return;
    await recordChange(tx, actor, "group.deleted", { type: "group", id }, { name: gone.name });
  });
}

/** Usernames starting with `prefix`, for the "add member" search. */
export async function searchUsernames(db: Db, prefix: string, limit = 10): Promise<string[]> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db<{ username: string }[]>`
    select username from users where lower(username) like lower(${pattern}) order by lower(username) limit ${limit}`;
  return rows.map((r) => r.username);
}

export async function setGroupRequires2fa(sql: Sql, actor: AuditActor, id: string, required: boolean): Promise<void> {
  await sql.begin(async (tx) => {
    const [before] = await tx<{ required: boolean }[]>`select require_2fa as required from groups where id = ${id} for update`;
    if (!before || before.required === required) return;
    await refuseManagedGroup(tx, actor, id);
    await tx`update groups set require_2fa = ${required}, updated_at = now() where id = ${id}`;
    await recordChange(tx, actor, "group.two-factor-requirement-changed", { type: "group", id }, { required });
  });
}

/**
 * Turns the group's passkey requirement on or off. Refused (with the reason) when turning it on could
 * shut out the administrator doing it: the group is theirs and their account can't have passkeys (from a
 * directory, an identity provider or a proxy) or has none yet. Answers how many active members can't meet it either.
 */
export async function setGroupRequiresPasskey(
  sql: Sql,
  actor: AuditActor,
  id: string,
  required: boolean,
  /** How long members without a passkey may still add a first one with their password (0: not at all; "keep": as it is). */
  windowMs: number | "keep" = 0,
): Promise<{ ok: true; shutOut: number } | { ok: false; error: string }> {
  return sql.begin(async (tx) => {
    await refuseManagedGroup(tx, actor, id);
    const members = tx`
      select u.id, u.provider from users u
       where u.status = 'active'
         and (exists (select 1 from groups g where g.id = ${id} and g.name = 'everyone')
              or exists (select 1 from group_members gm where gm.group_id = ${id} and gm.user_id = u.id))`;
    const [counted] = await tx<{ shutOut: number; self: string | null; selfHasPasskey: boolean }[]>`
      with m as (${members})
      select count(*) filter (where m.provider <> 'credentials')::int as shut_out,
             (select provider from m where m.id = ${actor.userId}::uuid) as self,
             exists (select 1 from webauthn_credentials c where c.user_id = ${actor.userId}::uuid) as self_has_passkey
        from m`;
    if (required && counted.self && counted.self !== "credentials")
      return { ok: false as const, error: "You'd be shut out: your own account signs in through a source that can't have passkeys here." };
    if (required && counted.self && !counted.selfHasPasskey)
      return {
        ok: false as const,
        error: "You are in this group: add a passkey to your own account first (My account → Security), so you can't be shut out.",
      };
    const until = !required || windowMs === "keep" || windowMs <= 0 ? null : new Date(Date.now() + windowMs);
    // Never the last administrator who can sign in shut out (attack45: the provisioning file had no one to ask).
    await guardLastAdmin(tx, async () => {
      if (windowMs === "keep" && required) await tx`update groups set require_passkey = true, updated_at = now() where id = ${id}`;
      else await tx`update groups set require_passkey = ${required}, passkey_grace_until = ${until}, updated_at = now() where id = ${id}`;
    });
    await recordChange(
      tx,
      actor,
      "group.passkey-requirement-changed",
      { type: "group", id },
      { required, firstPasskeyUntil: windowMs === "keep" && required ? "unchanged" : (until?.toISOString() ?? null) },
    );
    return { ok: true as const, shutOut: required ? counted.shutOut : 0 };
  });
}

/** "Members of this provider's group join this local group": the only way a directory gives membership. */
export interface DirectoryMapping {
  provider: DirectoryProvider;
  name: string;
}

export async function addDirectoryMapping(sql: Sql, actor: AuditActor, id: string, mapping: DirectoryMapping): Promise<void> {
  await sql.begin(async (tx) => {
    await assertNotReserved(tx, id, "be mapped to directory groups");
    await refuseManagedGroup(tx, actor, id);
    await tx`
      insert into group_directory_mappings (group_id, provider, directory_group) values (${id}, ${mapping.provider}, ${mapping.name})
      on conflict do nothing`;
    await recordChange(
      tx,
      actor,
      "group.directory-mapping-added",
      { type: "group", id },
      { provider: mapping.provider, directoryGroup: mapping.name },
    );
  });
}

export async function removeDirectoryMapping(sql: Sql, actor: AuditActor, id: string, mapping: DirectoryMapping): Promise<void> {
  await sql.begin(async (tx) => {
    await refuseManagedGroup(tx, actor, id);
    await tx`
      delete from group_directory_mappings
       where group_id = ${id} and provider = ${mapping.provider}
         and porch_directory_group_matches(${mapping.provider}, ${mapping.name}, directory_group)`;
    await recordChange(
      tx,
      actor,
      "group.directory-mapping-removed",
      { type: "group", id },
      { provider: mapping.provider, directoryGroup: mapping.name },
    );
  });
}

/**
 * Moves a group up (-1) or down (+1) in the order that picks a member's home board (first group
 * wins); `everyone` stays outside the order. Positions are renumbered 1..n under a lock.
 */
export async function moveGroup(sql: Sql, actor: AuditActor, id: string, direction: -1 | 1): Promise<void> {
  if (!isUuid(id)) return;
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('porch.group-order'))`;
    const groups = await tx<{ id: string }[]>`select id from groups where name <> 'everyone' order by position, lower(name)`;
    const from = groups.findIndex((g) => g.id === id);
    const to = from + direction;
    if (from < 0 || to < 0 || to >= groups.length) return;
    [groups[from], groups[to]] = [groups[to], groups[from]];
    const ids = groups.map((g) => g.id);
    await tx`
      update groups set position = v.position::int
        from (select unnest(${ids}::uuid[]) as id, generate_subscripts(${ids}::uuid[], 1) as position) v
       where groups.id = v.id`;
    await recordChange(tx, actor, "group.moved", { type: "group", id }, { position: to + 1 });
  });
}
