// Choosing who sees an item (issue #22): names and group ids as the form and the API give them, checked
// against what the asker may name, and written with the item.
import type { Db, Sql } from "~/db.server";
import type { BoardLevel } from "~/permissions/boards";
import { BOARD_TABLES } from "~/permissions/resource-sql.server";
import { directoryScope, namedAccountsFor, type Asker } from "./resource-rows.server";

/** An audience as asked for: usernames and group ids. */
export interface AudienceInput {
  users: string[];
  groups: string[];
}
/** An audience ready to write: null is everyone who sees the board. */
export type Audience = { userIds: string[]; groupIds: string[] } | null;

/** Names an editor may not use: one message for the field, naming each. */
export class UnknownAudienceError extends Error {
  constructor(
    readonly users: string[],
    readonly groups: string[],
  ) {
    super(
      [
        users.length ? `No active account is called ${users.map((u) => `"${u}"`).join(", ")}` : null,
        groups.length ? `No group you can choose has the id ${groups.join(", ")}` : null,
      ]
        .filter(Boolean)
        .join(". "),
    );
    this.name = "UnknownAudienceError";
  }
}

/**
 * The groups an editor may put in an item's audience, as a SQL set of ids: administrators any; the
 * board's full-level owners those its Access tab offers them (directoryScope); an editor at modify, who
 * may not see the Access tab, only `everyone` and their own groups (attack32: else the choices listed
 * the groups with rows). Groups already on one of the board's items stay choosable, so an editor can
 * write back the list the API gave them.
 */
export function choosableGroups(db: Db, boardId: string, asker: Asker, level: BoardLevel) {
  if (asker.admin) return db`select id from groups`;
  const onItems = db`select group_id from board_item_groups where item_id in (select id from board_items where board_id = ${boardId})`;
  if (level === "full") return db`${directoryScope(db, BOARD_TABLES, boardId, asker).groupIds} union ${onItems}`;
  return db`
    select id from groups where name = 'everyone'
    union select group_id from group_members where user_id = ${asker.userId}::uuid
    union ${onItems}`;
}

/**
 * Resolves each wanted audience (undefined or null: everyone). People are named as when sharing: any
 * active account (administrators: any account); groups as choosableGroups says. Throws
 * UnknownAudienceError listing every name that fails.
 */
export async function resolveAudiences(
  db: Db,
  boardId: string,
  asker: Asker,
  level: BoardLevel,
  wanted: ReadonlyArray<AudienceInput | null | undefined>,
): Promise<Audience[]> {
  const names = [...new Set(wanted.flatMap((w) => w?.users ?? []).map((n) => n.trim()))];
  const groupIds = [...new Set(wanted.flatMap((w) => w?.groups ?? []))];
  const users = names.length
    ? await db<{ name: string; id: string }[]>`
        select n.name, u.id from unnest(${names}::text[]) n(name)
          join users u on u.username_key = porch_name_key(n.name)
         where true ${namedAccountsFor(db, asker)}`
    : [];
  const groups = groupIds.length
    ? await db<{ id: string }[]>`
        select g.id from groups g
         where g.id::text = any(${groupIds}::text[]) and g.id in (${choosableGroups(db, boardId, asker, level)})`
    : [];
  const userOf = new Map(users.map((u) => [u.name, u.id]));
  const knownGroups = new Set(groups.map((g) => g.id));
  const unknownUsers = names.filter((n) => !userOf.has(n));
  const unknownGroups = groupIds.filter((g) => !knownGroups.has(g));
  if (unknownUsers.length || unknownGroups.length) throw new UnknownAudienceError(unknownUsers, unknownGroups);
  return wanted.map((w) =>
    w
      ? {
          userIds: [...new Set(w.users.map((n) => userOf.get(n.trim())!))],
          groupIds: [...new Set(w.groups)],
        }
      : null,
  );
}

/** The audience by username and group name, for the audit log. */
export async function audienceNames(db: Db, audience: Audience) {
  if (!audience) return { visibleTo: "everyone who sees the board" };
  const [row] = await db<{ users: string[]; groups: string[] }[]>`
    select array(select username from users where id = any(${audience.userIds}::uuid[]) order by lower(username)) as users,
           array(select name from groups where id = any(${audience.groupIds}::uuid[]) order by lower(name)) as groups`;
  return { visibleTo: row };
}

/** Writes an item's audience in the caller's transaction (its rows are replaced). */
export async function writeAudience(tx: Sql, itemId: string, audience: Audience): Promise<void> {
  await tx`update board_items set limited = ${audience !== null} where id = ${itemId}`;
  await tx`delete from board_item_users where item_id = ${itemId}`;
  await tx`delete from board_item_groups where item_id = ${itemId}`;
  if (!audience) return;
  if (audience.userIds.length)
    await tx`insert into board_item_users (item_id, user_id) select ${itemId}, unnest(${audience.userIds}::uuid[])`;
  if (audience.groupIds.length)
    await tx`insert into board_item_groups (item_id, group_id) select ${itemId}, unnest(${audience.groupIds}::uuid[])`;
}

/** The groups "Who sees it" offers the asker: those resolveAudiences accepts, `everyone` first. */
export async function audienceGroupChoices(db: Db, boardId: string, asker: Asker, level: BoardLevel) {
  return db<{ id: string; name: string }[]>`
    select g.id, g.name from groups g
     where g.id in (${choosableGroups(db, boardId, asker, level)})
     order by g.name <> 'everyone', g.position, lower(g.name)`;
}
