// "View as…" (issue #22): a board as one chosen person, a member of one group, or a guest would see
// it, for its full-level owners and administrators. Each answer comes from the same rules as the board
// page (levelOf, seesItem); who may be chosen is the Access tab's rule (directoryScope).
import type { Db } from "~/db.server";
import { itemsSeenAt } from "~/permissions/board-items";
import { BOARD_ACCESS, type BoardLevel } from "~/permissions/boards";
import { closePermissions, type PermissionKey } from "~/permissions/definitions";
import { levelOf } from "~/permissions/resource-rules";
import { BOARD_TABLES } from "~/permissions/resource-sql.server";
import { guestAccessColumn } from "~/permissions/boards.server";
import { loadItems } from "./board-items.server";
import { boardRows } from "./board-rows.server";
import { choosableGroups } from "./item-audience.server";
import { directoryScope, type Asker } from "./resource-rows.server";

export type ViewAs = { user: string } | { group: string } | { guest: true };

export interface ViewedAs {
  /** Who, in words: `alice`, `members of media`, `a guest`. */
  who: string;
  level: BoardLevel | null;
  items: Awaited<ReturnType<typeof loadItems>>;
}

/** A member of the group alone counts its rows as a person's would: no person is this id. */
const MEMBER_OF_GROUP = "00000000-0000-0000-0000-000000000000";

/** What `as` would see of the board, or null when the asker may not choose them (like nobody of that name). */
export async function viewBoardAs(db: Db, boardId: string, as: ViewAs, asker: Asker): Promise<ViewedAs | null> {
  if ("user" in as) {
    // Check a user's answer: the same scope, and for a non-administrator what the board's own rows grant.
    const e = await boardRows.explainAccess(db, boardId, as.user, asker);
    if (!e) return null;
    const level = e.level as BoardLevel | null;
    return { who: e.username, level, items: level ? await itemsOfPerson(db, boardId, e.userId, asker) : [] };
  }
  if ("guest" in as) {
    const [b] = await db<{ isPublic: boolean; guestsAllowed: boolean }[]>`
      select is_public, ${guestAccessColumn(db)} as "guestsAllowed" from boards where id = ${boardId}`;
    const level = b?.isPublic && b.guestsAllowed ? "view" : null;
    return { who: "a guest", level, items: level ? await loadItems(db, boardId, { user: null }) : [] };
  }
  const [row] = await db<
    { name: string; isPublic: boolean; groupLevels: Array<{ groupName: string; level: BoardLevel }>; permissions: string[] }[]
  >`
    select g.name, b.is_public,
           coalesce((select json_agg(json_build_object('groupName', pg.name, 'level', p.level))
                       from ${db(BOARD_TABLES.groupRows)} p join groups pg on pg.id = p.group_id
                      where p.board_id = b.id and (p.group_id = g.id or pg.name = 'everyone')), '[]'::json) as "groupLevels",
           array(select gp.permission from group_permissions gp join groups x on x.id = gp.group_id
                  where gp.group_id = g.id or x.name = 'everyone') as permissions
      from groups g, boards b
     where g.id = ${as.group}::uuid and b.id = ${boardId}
       and g.id in (${choosableGroups(db, boardId, asker, "full")})`;
  if (!row) return null;
  // Global permissions count for administrators only, as in Check a user.
  const permissions = asker.admin ? closePermissions(row.permissions as PermissionKey[]) : new Set<PermissionKey>();
  const subject = { signedIn: true, userId: MEMBER_OF_GROUP, permissions, guestsAllowed: true };
  const { level } = levelOf(BOARD_ACCESS, subject, {
    isPublic: row.isPublic,
    creatorId: null,
    userLevel: null,
    groupLevels: row.groupLevels,
  });
  return { who: `members of ${row.name}`, level, items: level ? await loadItems(db, boardId, { group: as.group }) : [] };
}

/**
 * A person's items as `asker` may know them: a non-administrator learns nothing of who is in groups
 * beyond the Access tab's picture (attack32: an item for a hidden group told its members), so such an
 * item is left out unless the person is named or sees it otherwise; `leftOut` counts them.
 */
export async function itemsOfPerson(db: Db, boardId: string, userId: string, asker: Asker) {
  const knownGroups = asker.admin ? undefined : (directoryScope(db, BOARD_TABLES, boardId, asker).groupIds as unknown as ReturnType<Db>);
  return loadItems(db, boardId, { user: userId, knownGroups });
}

/** The items shown, as the board page's rule shows them at that level, and how many were left out (itemsOfPerson). */
export function shownItems(viewed: { level: BoardLevel | null; items: Awaited<ReturnType<typeof loadItems>> }) {
  const shown = itemsSeenAt(viewed.level, viewed.items).map(({ beyondKnown: _, ...item }) => item);
  const leftOut = viewed.level === "view" ? viewed.items.filter((i) => i.beyondKnown).length : 0;
  return Object.assign(shown, { leftOut });
}
