import type { Db, Sql } from "~/db.server";
import type { PermissionKey } from "~/permissions/definitions";
import { guardLastAdmin } from "./admins.server";
import { refuseManagedAccount } from "./managed.server";
import { type AuditActor, recordChange } from "./audit.server";
import { type CredentialsResetOutcome, resetCredentials } from "./credentials-reset.server";

export const USERS_PAGE_SIZE = 50;

export interface UserListRow {
  id: string;
  username: string;
  displayName: string | null;
  email: string | null;
  provider: string;
  status: string;
  createdAt: Date;
  lastSignInAt: Date | null;
  groups: string[];
}

/** One page of users, filtered and counted in SQL. `q` matches username, display name or email. */
export async function listUsers(db: Db, options: { q?: string; page?: number }): Promise<{ rows: UserListRow[]; total: number }> {
  const page = Math.max(1, options.page ?? 1);
  const pattern = options.q ? `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  // People only: service accounts have their own list (ADR 040).
  const where = pattern
    ? db`where u.kind = 'person' and (u.username ilike ${pattern} or u.display_name ilike ${pattern} or u.email ilike ${pattern})`
    : db`where u.kind = 'person'`;
  const [{ total }] = await db<{ total: number }[]>`select count(*)::int as total from users u ${where}`;
  const rows = await db<UserListRow[]>`
    select u.id, u.username, u.display_name, u.email, u.provider, u.status,
           u.created_at, u.last_sign_in_at,
           array(select g.name from group_members gm join groups g on g.id = gm.group_id
                  where gm.user_id = u.id and g.name <> 'everyone' order by g.position, lower(g.name)) as groups
      from users u ${where}
     order by lower(u.username)
     limit ${USERS_PAGE_SIZE} offset ${(page - 1) * USERS_PAGE_SIZE}`;
  return { rows, total };
}

export interface UserDetail {
  id: string;
  /** A service account the provisioning file decides (ADR 044): read-only here but for its status and keys. */
  managed: boolean;
  username: string;
  displayName: string | null;
  email: string | null;
  avatarUrl: string | null;
  provider: string;
  /** `person`, or `service` for a service account (ADR 040). */
  kind: "person" | "service";
  status: string;
  createdAt: Date;
  lastSignInAt: Date | null;
  hasPassword: boolean;
  groupIds: string[];
  directPermissions: PermissionKey[];
  /** permission → names of the groups (including `everyone`) that grant it */
  groupPermissions: Record<string, string[]>;
}

export async function getUserDetail(db: Db, id: string): Promise<UserDetail | null> {
  if (!isUuid(id)) return null;
  const [user] = await db<UserDetail[]>`
    select u.id, u.username, u.display_name, u.email, u.avatar_url, u.provider, u.kind, u.managed,
           u.status, u.created_at, u.last_sign_in_at,
           u.password_hash is not null as has_password,
           array(select group_id from group_members where user_id = u.id)::text[] as group_ids,
           array(select permission from user_permissions where user_id = u.id order by permission) as direct_permissions
      from users u where u.id = ${id}`;
  if (!user) return null;
  const grants = await db<{ permission: string; name: string }[]>`
    select gp.permission, g.name from group_permissions gp join groups g on g.id = gp.group_id
     where g.name = 'everyone' or g.id in (select group_id from group_members where user_id = ${id})
     order by g.position, lower(g.name)`;
  user.groupPermissions = {};
  for (const { permission, name } of grants) (user.groupPermissions[permission] ??= []).push(name);
  return user;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export class UsernameTakenError extends Error {
  constructor() {
    super("That username is taken");
    this.name = "UsernameTakenError";
  }
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint_name?: string };
  return e?.code === "23505" && e.constraint_name === constraint;
}

/**
 * Creates a credentials user with the chosen groups (plus `everyone`), in one transaction: a person with
 * a password, or a service account (ADR 040: no password, no email). UsernameTakenError when the name is
 * anyone's.
 */
export async function createManagedUser(
  sql: Sql,
  actor: AuditActor,
  input:
    | { kind?: "person"; username: string; email?: string; displayName?: string | null; passwordHash: string; groupIds: string[] }
    | { kind: "service"; username: string; displayName?: string | null; groupIds: string[] },
): Promise<string> {
  const person = input.kind !== "service";
  try {
    return await sql.begin(async (tx) => {
      const [user] = await tx<{ id: string }[]>`
        insert into users (username, email, display_name, password_hash, kind)
        values (${input.username}, ${person ? (input.email ?? null) : null}, ${input.displayName ?? null},
                ${person ? input.passwordHash : null}, ${person ? "person" : "service"})
        returning id`;
      await tx`
        insert into group_members (group_id, user_id)
        select id, ${user.id} from groups
         where name = 'everyone' or id = any(${input.groupIds.filter(isUuid)}::uuid[])
        on conflict do nothing`;
      await recordChange(
        tx,
        actor,
        person ? "user.created" : "service-account.created",
        { type: "user", id: user.id },
        person ? { username: input.username, groupIds: input.groupIds } : { name: input.username, groupIds: input.groupIds },
      );
      return user.id;
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_username_key_key")) throw new UsernameTakenError();
    throw error;
  }
}

export async function updateProfile(
  sql: Sql,
  actor: AuditActor,
  id: string,
  input: { username?: string; displayName: string | null; email: string | null; avatarUrl: string | null },
): Promise<void> {
  try {
    await sql.begin(async (tx) => {
      const [before] = await tx`
        select username, display_name, email, avatar_url, email_verified_at is not null as confirmed from users where id = ${id} for update`;
      if (!before) return;
      await refuseManagedAccount(tx, actor, id);
      await tx`
        update users set username = coalesce(${input.username ?? null}, username), display_name = ${input.displayName},
               email = ${input.email}, avatar_url = ${input.avatarUrl}, updated_at = now()
         where id = ${id}`;
      await recordChange(
        tx,
        actor,
        "user.profile-updated",
        { type: "user", id },
        {
          before: { username: before.username, displayName: before.displayName, email: before.email, avatarUrl: before.avatarUrl },
          previousEmailConfirmed: before.confirmed,
          after: { username: input.username ?? before.username, ...input },
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_username_key_key")) throw new UsernameTakenError();
    if ((error as { constraint_name?: string })?.constraint_name === "users_service_sign_in_check") throw new ServiceAccountEmailError();
    throw error;
  }
}

/** An email address given to a service account (ADR 040): the database refuses it; callers say why. */
export class ServiceAccountEmailError extends Error {
  constructor() {
    super("A service account has no email address: it is never mailed or signed in.");
    this.name = "ServiceAccountEmailError";
  }
}

/**
 * Active/inactive. Deactivating ends every session and API key of the user at once, so that making
 * them active again revives nothing an attacker may have made meanwhile.
 */
export async function setUserStatus(sql: Sql, actor: AuditActor, id: string, status: "active" | "inactive"): Promise<void> {
  // Not the provisioning file's: ending an account's access never waits for a file to change.
  await sql.begin(async (tx) => {
    // A save that changes nothing is no event (attack44: "reactivated" for someone already active).
    const [before] = await tx<{ status: string }[]>`select status from users where id = ${id} for update`;
    if (before?.status === status) return;
    await guardLastAdmin(tx, () => tx`update users set status = ${status}, updated_at = now() where id = ${id}`);
    if (status === "inactive") {
      await resetCredentials(tx, actor, id, { action: "user.status-changed", endApiKeys: true, details: { status } });
    } else {
      await recordChange(tx, actor, "user.status-changed", { type: "user", id }, { status });
    }
  });
}

/** Replaces the user's group memberships (`everyone` always stays). */
export async function setUserGroups(sql: Sql, actor: AuditActor, id: string, groupIds: string[]): Promise<void> {
  const wanted = groupIds.filter(isUuid);
  await sql.begin(async (tx) => {
    const [now] = await tx<{ had: string[]; kept: string[] }[]>`
      select array(select gm.group_id::text from group_members gm join groups g on g.id = gm.group_id
                    where gm.user_id = ${id} and g.name <> 'everyone') as had,
             array(select id::text from groups where id = any(${wanted}::uuid[]) and name <> 'everyone') as kept`;
    if (sameSet(now.had, now.kept)) return;
    await refuseManagedAccount(tx, actor, id);
    await guardLastAdmin(tx, async () => {
      await tx`
        delete from group_members gm using groups g
         where gm.group_id = g.id and gm.user_id = ${id} and g.name <> 'everyone' and not (g.id = any(${wanted}::uuid[]))`;
      await tx`
        insert into group_members (group_id, user_id)
        select g.id, ${id} from groups g where g.id = any(${wanted}::uuid[]) or g.name = 'everyone'
        on conflict do nothing`;
    });
    await recordChange(tx, actor, "user.groups-changed", { type: "user", id }, { groupIds: wanted });
  });
}

export async function setUserPermissions(sql: Sql, actor: AuditActor, id: string, keys: PermissionKey[]): Promise<void> {
  await sql.begin(async (tx) => {
    const [now] = await tx<{ had: string[] }[]>`select array(select permission from user_permissions where user_id = ${id}) as had`;
    if (sameSet(now.had, keys)) return;
    await refuseManagedAccount(tx, actor, id);
    await guardLastAdmin(tx, async () => {
      await tx`delete from user_permissions where user_id = ${id} and not (permission = any(${keys}::text[]))`;
      await tx`
        insert into user_permissions (user_id, permission)
        select ${id}, unnest(${keys}::text[]) on conflict do nothing`;
    });
    await recordChange(tx, actor, "user.permissions-changed", { type: "user", id }, { permissions: keys });
  });
}

/** An admin sets a new password: the account is recovered, so every session and API key of the user ends. */
export async function adminSetPassword(sql: Sql, actor: AuditActor, id: string, passwordHash: string): Promise<CredentialsResetOutcome> {
  return sql.begin(async (tx) => {
    await tx`update users set password_hash = ${passwordHash}, updated_at = now() where id = ${id}`;
    return resetCredentials(tx, actor, id, { action: "user.password-reset-by-admin", endApiKeys: true });
  });
}

/** An admin's "End all sessions, API keys and passkeys": everything that signs the user in ends, their password stays. */
export async function adminEndAccess(sql: Sql, actor: AuditActor, id: string): Promise<CredentialsResetOutcome> {
  return sql.begin((tx) => resetCredentials(tx, actor, id, { action: "session.revoked-all", endApiKeys: true }));
}

export async function deleteUser(sql: Sql, actor: AuditActor, id: string): Promise<void> {
  await sql.begin(async (tx) => {
    await refuseManagedAccount(tx, actor, id);
    const [gone] = await guardLastAdmin(tx, () => tx`delete from users where id = ${id} returning username`);
    if (!gone) return;
    await recordChange(tx, actor, "user.deleted", { type: "user", id }, { username: gone.username });
  });
}

/** Whether two lists hold the same values: a save that changes nothing writes no audit row (attack44). */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}
