// Who has rows on a board, changing them, and explaining a person's access with reasons.
import type { Db, Sql } from "~/db.server";
import { boardAccess, type BoardLevel, type BoardReason } from "~/permissions/boards";
import { loadBoardFacts } from "~/permissions/boards.server";
import { closePermissions, impliedBy, type PermissionKey } from "~/permissions/definitions";
import { type AuditActor, recordChange } from "./audit.server";
import { UnknownUserError } from "./groups.server";
import { getUserDetail } from "./manage-users.server";

export interface BoardGrants {
  users: Array<{ id: string; username: string; displayName: string | null; level: BoardLevel }>;
  groups: Array<{ id: string; name: string; level: BoardLevel }>;
  /** Groups without a row yet, for the "add a group" choice. */
  otherGroups: Array<{ id: string; name: string }>;
}

export async function listGrants(db: Db, boardId: string): Promise<BoardGrants> {
  const [users, groups, otherGroups] = await Promise.all([
    db<BoardGrants["users"]>`
      select u.id, u.username, u.display_name as "displayName", p.level
        from board_user_permissions p join users u on u.id = p.user_id
       where p.board_id = ${boardId} order by lower(u.username)`,
    db<BoardGrants["groups"]>`
      select g.id, g.name, p.level from board_group_permissions p join groups g on g.id = p.group_id
       where p.board_id = ${boardId} order by g.position, lower(g.name)`,
    db<BoardGrants["otherGroups"]>`
      select g.id, g.name from groups g
       where not exists (select 1 from board_group_permissions p where p.board_id = ${boardId} and p.group_id = g.id)
       order by g.position, lower(g.name)`,
  ]);
  return { users, groups, otherGroups };
}

const target = (boardId: string) => ({ type: "board", id: boardId });

/** Adds or changes a user's row; the audit row says which, and from what. */
export async function grantUser(sql: Sql, actor: AuditActor, boardId: string, username: string, level: BoardLevel): Promise<void> {
  await sql.begin(async (tx) => {
    const [user] = await tx<{ id: string; username: string }[]>`select id, username from users where lower(username) = lower(${username})`;
    if (!user) throw new UnknownUserError(username);
    const [before] = await tx<{ level: string }[]>`select level from board_user_permissions where board_id = ${boardId} and user_id = ${user.id} for update`;
    await tx`
      insert into board_user_permissions (board_id, user_id, level) values (${boardId}, ${user.id}, ${level})
      on conflict (board_id, user_id) do update set level = excluded.level`;
    if (before?.level === level) return;
    await recordChange(tx, actor, before ? "board.access.changed" : "board.access.granted", target(boardId), {
      user: user.username, userId: user.id, level, ...(before ? { from: before.level } : {}),
    });
  });
}

export async function grantGroup(sql: Sql, actor: AuditActor, boardId: string, groupId: string, level: BoardLevel): Promise<void> {
  await sql.begin(async (tx) => {
    const [group] = await tx<{ name: string }[]>`select name from groups where id = ${groupId}`;
    if (!group) throw new UnknownGroupError();
    const [before] = await tx<{ level: string }[]>`select level from board_group_permissions where board_id = ${boardId} and group_id = ${groupId} for update`;
    await tx`
      insert into board_group_permissions (board_id, group_id, level) values (${boardId}, ${groupId}, ${level})
      on conflict (board_id, group_id) do update set level = excluded.level`;
    if (before?.level === level) return;
    await recordChange(tx, actor, before ? "board.access.changed" : "board.access.granted", target(boardId), {
      group: group.name, groupId, level, ...(before ? { from: before.level } : {}),
    });
  });
}

export async function revokeUser(sql: Sql, actor: AuditActor, boardId: string, userId: string): Promise<void> {
  await sql.begin(async (tx) => {
    const [row] = await tx<{ username: string; level: string }[]>`
      delete from board_user_permissions p using users u
       where p.board_id = ${boardId} and p.user_id = ${userId} and u.id = p.user_id
      returning u.username, p.level`;
    if (row) await recordChange(tx, actor, "board.access.revoked", target(boardId), { user: row.username, userId, level: row.level });
  });
}

export async function revokeGroup(sql: Sql, actor: AuditActor, boardId: string, groupId: string): Promise<void> {
  await sql.begin(async (tx) => {
    const [row] = await tx<{ name: string; level: string }[]>`
      delete from board_group_permissions p using groups g
       where p.board_id = ${boardId} and p.group_id = ${groupId} and g.id = p.group_id
      returning g.name, p.level`;
    if (row) await recordChange(tx, actor, "board.access.revoked", target(boardId), { group: row.name, groupId, level: row.level });
  });
}

export class UnknownGroupError extends Error {
  constructor() {
    super("That group no longer exists.");
    this.name = "UnknownGroupError";
  }
}

export interface Explanation {
  username: string;
  active: boolean;
  level: BoardLevel | null;
  reasons: Array<BoardReason & { text: string }>;
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

/** "Check a user": what `username` may do on the board, and every reason why. */
export async function explainAccess(db: Db, boardId: string, username: string): Promise<Explanation | null> {
  const [found] = await db<{ id: string }[]>`select id from users where lower(username) = lower(${username.trim()})`;
  const user = found ? await getUserDetail(db, found.id) : null;
  if (!user) return null;
  const { boards } = await loadBoardFacts(db, { ids: [boardId] }, user.id);
  if (!boards[0]) return null;
  const permissions = closePermissions([...user.directPermissions, ...Object.keys(user.groupPermissions)]);
  const { level, reasons } = boardAccess({ signedIn: true, userId: user.id, permissions, guestsAllowed: true }, boards[0]);
  return {
    username: user.username,
    active: user.status === "active",
    level,
    reasons: reasons.map((r) => ({
      ...r,
      text: describe(r) + (r.source === "global" ? `: ${sourcesOf(r.permission, user.directPermissions, user.groupPermissions)}` : ""),
    })),
  };
}

function describe(reason: BoardReason): string {
  switch (reason.source) {
    case "creator":
      return "Created this board";
    case "user":
      return `Has their own "${reason.level}" row on this board`;
    case "group":
      return `Is in group "${reason.group}", which has "${reason.level}" on this board`;
    case "global":
      return `Holds ${reason.permission}`;
    case "public":
      return "The board is public";
  }
}
