// The board list: one page of the boards a subject may see, by name, found without reading every board.
// Each path to access (BOARD_ACCESS) is one arm that walks an index in name order from the cursor and
// stops after a page; a board's level is its best arm. Keyset, never OFFSET: page 200 costs what page 1 does.
import type { Db } from "~/db.server";
import { BOARD_ACCESS, BOARD_LEVELS, globalBoardRank, rankOf, type BoardSubject } from "./boards";

export interface VisibleBoard {
  id: string;
  name: string;
  title: string;
  isPublic: boolean;
  rank: number;
}

export interface BoardPageOptions {
  /** Part of the name or title (case-insensitive). */
  search?: string;
  limit: number;
  /** Boards named after this one (the next page)… */
  after?: string;
  /** …or before it (the previous page). At most one of the two. */
  before?: string;
}

/**
 * One page of the boards the subject may see, in name order, and whether more lie beyond it (in the
 * direction asked: after the page for `after` or no cursor, before it for `before`).
 *
 * Why the arms may each stop after `limit + 1` rows: a board among the first n of the union by name is
 * among the first n of every arm holding it, so its best level is in what the arms return. The group
 * arm keeps one row per board (DISTINCT ON) so that this holds there too.
 */
export async function listVisibleBoards(
  db: Db,
  subject: BoardSubject,
  options: BoardPageOptions,
): Promise<{ boards: VisibleBoard[]; more: boolean }> {
  const n = options.limit + 1;
  const backwards = options.before !== undefined;
  const cursor = options.before ?? options.after ?? null;
  const order = backwards ? db`desc` : db`asc`;
  const search = options.search?.trim() ?? "";
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // Applied inside every arm, so each stops at a page of boards that truly qualify.
  const where = db`
    ${cursor === null ? db`` : backwards ? db`and b.name < ${cursor}::text` : db`and b.name > ${cursor}::text`}
    ${search ? db`and (b.name ilike ${pattern} or b.title ilike ${pattern})` : db``}`;

  const groupRange = cursor === null ? db`` : backwards ? db`and p.board_name < ${cursor}::text` : db`and p.board_name > ${cursor}::text`;
  const cols = db`b.id, b.name, b.title, b.is_public`;
  const global = subject.signedIn ? globalBoardRank(subject.permissions) : 0;
  const userId = subject.userId;
  const arms = [];
  if (global > 0)
    arms.push(db`select ${cols}, ${global}::int as rank from boards b where true ${where} order by b.name ${order} limit ${n}`);
  // Every other path gives less than the global level grants to all boards: nothing to add.
  if (global < BOARD_LEVELS.length) {
    if (subject.signedIn && userId !== null) {
      const levels = [...BOARD_LEVELS] as string[];
      arms.push(
        db`select ${cols}, ${rankOf(BOARD_ACCESS.creator)}::int as rank from boards b
            where b.creator_id = ${userId}::uuid ${where} order by b.name ${order} limit ${n}`,
        db`select ${cols}, array_position(${levels}::text[], p.level) as rank
             from board_user_permissions p join boards b on b.id = p.board_id
            where p.user_id = ${userId}::uuid ${where} order by b.name ${order} limit ${n}`,
        // Each of the person's groups (`everyone` counts for every signed-in user, member or not) gives at
        // most a page from its (group_id, board_name) index range; the best of those, one row per board,
        // then fetch their boards by key. A search must see titles, so it reads boards inside the range.
        db`select ${cols}, q.rank from (
             select distinct on (p.board_name) p.board_id, p.board_name, array_position(${levels}::text[], p.level) as rank
               from (select group_id from group_members where user_id = ${userId}::uuid
                     union all select id from groups where name = 'everyone') g
               cross join lateral (
                 select p.board_id, p.board_name, p.level from board_group_permissions p
                  ${search ? db`join boards b on b.id = p.board_id` : db``}
                  where p.group_id = g.group_id ${groupRange} ${search ? db`and (b.name ilike ${pattern} or b.title ilike ${pattern})` : db``}
                  order by p.board_name ${order} limit ${n}) p
              order by p.board_name ${order}, rank desc limit ${n}
           ) q join boards b on b.id = q.board_id`,
      );
    }
    if (BOARD_ACCESS.public && (subject.signedIn || subject.guestsAllowed)) {
      arms.push(
        db`select ${cols}, ${rankOf(BOARD_ACCESS.public)}::int as rank from boards b where b.is_public ${where} order by b.name ${order} limit ${n}`,
      );
    }
  }
  if (arms.length === 0) return { boards: [], more: false };
  const union = arms.map((arm) => db`(${arm})`).reduce((all, arm) => db`${all} union all ${arm}`);
  // The arms carry the columns shown, so the page needs no second visit to boards.
  const rows = await db<VisibleBoard[]>`
    select id, name, title, is_public as "isPublic", max(rank)::int as rank
      from (${union}) a
     group by id, name, title, is_public
     order by name ${order}
     limit ${n}`;
  const page = rows.slice(0, options.limit);
  return { boards: backwards ? page.reverse() : page, more: rows.length > options.limit };
}
