// Who has rows on a resource (a board, an integration), changing them, and explaining a person's
// access with reasons. Boards and integrations share this; only their tables and rules differ.
import type { Actor } from "~/auth/actor.server";
import type { Db, Sql } from "~/db.server";
import { closePermissions, impliedBy, type PermissionKey } from "~/permissions/definitions";
import { levelOf, type Facts, type Reason, type ResourceRules } from "~/permissions/resource-rules";
import { factColumns, type ResourceTables } from "~/permissions/resource-sql.server";
import { type AuditActor, recordChange } from "./audit.server";
import { UnknownUserError } from "./groups.server";
import { getUserDetail } from "./manage-users.server";
import { refuseManagedResource } from "./managed.server";
import { usernameMatches } from "./users.server";

/** Who is asking on an Access tab: administrators see the whole directory, anyone else only the resource's picture. */
export interface Asker {
  userId: string | null;
  admin: boolean;
}

export function askerOf(actor: Actor): Asker {
  return actor.kind !== "guest" ? { userId: actor.user.id, admin: actor.permissions.has("admin") } : { userId: null, admin: false };
}

/**
 * The one rule for what an asker may learn about people and groups on a resource's Access tab, as
 * two SQL sets of ids. Administrators: everyone. Anyone else: only what the resource already shows
 * them, i.e. groups they belong to (`everyone` included) or that have a row here; and people who are
 * themselves, have a row here, created it, or are in a group with a row here (with an `everyone` row,
 * every user). Nothing else: not who exists, who is an admin, or which groups there are.
 */
/** Which accounts a typed name may find: a deactivated one answers like a name nobody has, except to administrators (attack11–13). */
export const namedAccountsFor = (db: Db, asker: Asker) => (asker.admin ? db`` : db`and status = 'active'`);

export function directoryScope(db: Db, t: ResourceTables, resourceId: string, asker: Asker) {
  if (asker.admin) return { all: true, groupIds: db`select id from groups`, userIds: db`select id from users` };
  const groupRows = db`select group_id from ${db(t.groupRows)} where ${db(t.fk)} = ${resourceId}`;
  return {
    all: false,
    groupIds: db`
      select id from groups where name = 'everyone'
      union select group_id from group_members where user_id = ${asker.userId}::uuid
      union ${groupRows}`,
    userIds: db`
      select ${asker.userId}::uuid
      union select user_id from ${db(t.userRows)} where ${db(t.fk)} = ${resourceId}
      union select creator_id from ${db(t.table)} where id = ${resourceId} and creator_id is not null
      union select user_id from group_members where group_id in (${groupRows})
      union select id from users where exists (
        select 1 from groups g where g.name = 'everyone' and g.id in (${groupRows}))`,
  };
}

export interface Grants {
  /** Named by username only: nothing else about a person reaches the page. */
  users: Array<{ id: string; username: string; level: string }>;
  groups: Array<{ id: string; name: string; level: string }>;
  /** Groups the asker may see without a row yet, for the "add a group" choice. */
  otherGroups: Array<{ id: string; name: string }>;
  /**
   * Usernames to suggest as the asker types (issue #19 item 10): active people without a row, within
   * directoryScope, so the suggestions tell nobody more than the tab already does. At most SUGGESTIONS.
   */
  suggestions: string[];
}

/** Enough for a small team's directory; past it, the asker types the name as before. */
export const SUGGESTIONS = 200;

export async function listGrants(db: Db, t: ResourceTables, resourceId: string, asker: Asker): Promise<Grants> {
  const scope = directoryScope(db, t, resourceId, asker);
  const [users, groups, otherGroups, suggestions] = await Promise.all([
    db<Grants["users"]>`
      select u.id, u.username, p.level
        from ${db(t.userRows)} p join users u on u.id = p.user_id
       where p.${db(t.fk)} = ${resourceId} order by lower(u.username)`,
    db<Grants["groups"]>`
      select g.id, g.name, p.level from ${db(t.groupRows)} p join groups g on g.id = p.group_id
       where p.${db(t.fk)} = ${resourceId} order by g.position, lower(g.name)`,
    db<Grants["otherGroups"]>`
      select g.id, g.name from groups g
       where not exists (select 1 from ${db(t.groupRows)} p where p.${db(t.fk)} = ${resourceId} and p.group_id = g.id)
         and g.id in (${scope.groupIds})
       order by g.position, lower(g.name)`,
    db<{ username: string }[]>`
      select u.username from users u
       where u.status = 'active'
         and u.id in (${scope.userIds})
         and not exists (select 1 from ${db(t.userRows)} p where p.${db(t.fk)} = ${resourceId} and p.user_id = u.id)
       order by lower(u.username) limit ${SUGGESTIONS}`,
  ]);
  return { users, groups, otherGroups, suggestions: suggestions.map((u) => u.username) };
}

/** Rows of a board or integration the provisioning file keeps are the file's (ADR 044). */
async function refuseManagedRows(tx: Db, actor: AuditActor, t: ResourceTables, id: string): Promise<void> {
  const table = t.fk === "board_id" ? "boards" : t.fk === "integration_id" ? "integrations" : null;
  if (table) await refuseManagedResource(tx, actor, table, id);
}

/** "board" for board_id, "integration" for integration_id: the audit rows' target type. */
const target = (t: ResourceTables, id: string) => ({ type: t.fk.replace(/_id$/, ""), id });

/** Adds or changes a user's row; the audit row says which, and from what. */
export async function grantUser(
  sql: Sql,
  actor: AuditActor,
  t: ResourceTables,
  id: string,
  username: string,
  level: string,
  asker: Asker,
): Promise<void> {
  await sql.begin(async (tx) => {
    await refuseManagedRows(tx, actor, t, id);
    // Sharing needs names, so a name tells whether an active account has it (README).
    const [user] = await tx<{ id: string; username: string }[]>`
      select id, username from users where ${usernameMatches(tx, username)} ${namedAccountsFor(tx, asker)}`;
    if (!user) throw new UnknownUserError(username);
    const [before] = await tx<
      { level: string }[]
    >`select level from ${tx(t.userRows)} where ${tx(t.fk)} = ${id} and user_id = ${user.id} for update`;
    await tx`
      insert into ${tx(t.userRows)} (${tx(t.fk)}, user_id, level) values (${id}, ${user.id}, ${level})
      on conflict (${tx(t.fk)}, user_id) do update set level = excluded.level`;
    if (before?.level === level) return;
    const kind = target(t, id).type;
    await recordChange(tx, actor, before ? `${kind}.access.changed` : `${kind}.access.granted`, target(t, id), {
      user: user.username,
      userId: user.id,
      level,
      ...(before ? { from: before.level } : {}),
    });
  });
}

/** Adds or changes a group's row: only a group the asker may see (any other answers like a missing one). */
export async function grantGroup(
  sql: Sql,
  actor: AuditActor,
  t: ResourceTables,
  id: string,
  groupId: string,
  level: string,
  asker: Asker,
): Promise<void> {
  await sql.begin(async (tx) => {
    await refuseManagedRows(tx, actor, t, id);
    const [group] = await tx<{ name: string }[]>`
      select name from groups where id = ${groupId} and id in (${directoryScope(tx, t, id, asker).groupIds})`;
    if (!group) throw new UnknownGroupError();
    const [before] = await tx<
      { level: string }[]
    >`select level from ${tx(t.groupRows)} where ${tx(t.fk)} = ${id} and group_id = ${groupId} for update`;
    await tx`
      insert into ${tx(t.groupRows)} (${tx(t.fk)}, group_id, level) values (${id}, ${groupId}, ${level})
      on conflict (${tx(t.fk)}, group_id) do update set level = excluded.level`;
    if (before?.level === level) return;
    const kind = target(t, id).type;
    await recordChange(tx, actor, before ? `${kind}.access.changed` : `${kind}.access.granted`, target(t, id), {
      group: group.name,
      groupId,
      level,
      ...(before ? { from: before.level } : {}),
    });
  });
}

export async function revokeUser(sql: Sql, actor: AuditActor, t: ResourceTables, id: string, userId: string): Promise<void> {
  await sql.begin(async (tx) => {
    await refuseManagedRows(tx, actor, t, id);
    const [row] = await tx<{ username: string; level: string }[]>`
      delete from ${tx(t.userRows)} p using users u
       where p.${tx(t.fk)} = ${id} and p.user_id = ${userId} and u.id = p.user_id
      returning u.username, p.level`;
    if (row)
      await recordChange(tx, actor, `${target(t, id).type}.access.revoked`, target(t, id), {
        user: row.username,
        userId,
        level: row.level,
      });
  });
}

export async function revokeGroup(sql: Sql, actor: AuditActor, t: ResourceTables, id: string, groupId: string): Promise<void> {
  await sql.begin(async (tx) => {
    await refuseManagedRows(tx, actor, t, id);
    const [row] = await tx<{ name: string; level: string }[]>`
      delete from ${tx(t.groupRows)} p using groups g
       where p.${tx(t.fk)} = ${id} and p.group_id = ${groupId} and g.id = p.group_id
      returning g.name, p.level`;
    if (row)
      await recordChange(tx, actor, `${target(t, id).type}.access.revoked`, target(t, id), { group: row.name, groupId, level: row.level });
  });
}

export class UnknownGroupError extends Error {
  constructor() {
    super("That group no longer exists.");
    this.name = "UnknownGroupError";
  }
}

export interface Explanation {
  /** For the server's own use (what the board's items show them); never sent to the page. */
  userId: string;
  username: string;
  /** Account status: administrators only (null for anyone else). */
  active: boolean | null;
  /** "all": every reason, global permissions included (administrators); "resource": what the resource's own rows grant. */
  scope: "all" | "resource";
  level: string | null;
  reasons: Array<(Reason<string> | { source: "board"; board?: string; level: string }) & { text: string }>;
}

/** Where a global permission comes from: granted directly or through which groups, and through which key. */
function sourcesOf(key: PermissionKey, direct: string[], byGroup: Record<string, string[]>): string {
  const granting = [key, ...impliedBy(key)];
  const parts: string[] = [];
  for (const g of granting) {
    const via = g === key ? "" : ` (through ${g})`;
    if (direct.includes(g)) parts.push(`granted to them directly${via}`);
    for (const group of byGroup[g] ?? []) parts.push(`from group "${group}"${via}`);
  }
  return parts.join("; ");
}

/**
 * "Check a user": what `username` may do with the resource, and every reason the asker may know. Someone
 * outside the asker's scope answers null, exactly like nobody; for a non-administrator the answer is what
 * the resource's own rows, creator and public flag grant (global permissions and status stay hidden).
 */
export async function explainAccess<L extends string>(
  db: Db,
  rules: ResourceRules<L>,
  t: ResourceTables,
  id: string,
  username: string,
  asker: Asker,
): Promise<Explanation | null> {
  const scope = directoryScope(db, t, id, asker);
  const [found] = await db<{ id: string }[]>`
    select id from users where ${usernameMatches(db, username.trim())} and id in (${scope.userIds}) ${namedAccountsFor(db, asker)}`;
  const user = found ? await getUserDetail(db, found.id) : null;
  if (!user) return null;
  const [facts] = await db<Array<Facts<L>>>`select ${factColumns(db, t, user.id)} from ${db(t.table)} r where r.id = ${id}`;
  if (!facts) return null;
  const permissions = scope.all
    ? closePermissions([...user.directPermissions, ...Object.keys(user.groupPermissions)])
    : new Set<PermissionKey>();
  const { level, reasons } = levelOf(rules, { signedIn: true, userId: user.id, permissions, guestsAllowed: true }, facts);
  return {
    userId: user.id,
    username: user.username,
    active: scope.all ? user.status === "active" : null,
    scope: scope.all ? "all" : "resource",
    level,
    reasons: reasons.map((r) => ({
      ...r,
      text:
        describe(r, target(t, id).type) +
        (r.source === "global" ? `: ${sourcesOf(r.permission, user.directPermissions, user.groupPermissions)}` : ""),
    })),
  };
}

function describe(reason: Reason<string>, what: string): string {
  switch (reason.source) {
    case "creator":
      return `Created this ${what}`;
    case "user":
      return `Has their own "${reason.level}" row on this ${what}`;
    case "group":
      return `Is in group "${reason.group}", which has "${reason.level}" on this ${what}`;
    case "global":
      return `Holds ${reason.permission}`;
    case "public":
      return "The board is public";
  }
}

/** The functions above bound to one kind of resource: what the board and integration pages use. */
export function bindResourceRows<L extends string>(rules: ResourceRules<L>, t: ResourceTables) {
  return {
    listGrants: (db: Db, id: string, asker: Asker) => listGrants(db, t, id, asker),
    grantUser: (sql: Sql, actor: AuditActor, id: string, username: string, level: L, asker: Asker) =>
      grantUser(sql, actor, t, id, username, level, asker),
    grantGroup: (sql: Sql, actor: AuditActor, id: string, groupId: string, level: L, asker: Asker) =>
      grantGroup(sql, actor, t, id, groupId, level, asker),
    revokeUser: (sql: Sql, actor: AuditActor, id: string, userId: string) => revokeUser(sql, actor, t, id, userId),
    revokeGroup: (sql: Sql, actor: AuditActor, id: string, groupId: string) => revokeGroup(sql, actor, t, id, groupId),
    explainAccess: (db: Db, id: string, username: string, asker: Asker) => explainAccess(db, rules, t, id, username, asker),
  };
}

export type ResourceRows<L extends string> = ReturnType<typeof bindResourceRows<L>>;
