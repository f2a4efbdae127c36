// The board rules of boards.ts, applied in PostgreSQL: one query lists what a person may see, one
// loads the facts a single-board check needs.
import type { Db } from "~/db.server";
import { BOARD_ACCESS, BOARD_LEVELS, boardAccess, globalBoardRank, rankOf, type BoardFacts, type BoardSubject } from "./boards";

const LEVELS = [...BOARD_LEVELS] as string[];

/**
 * `(board_id, rank)` for every board the subject may see, from the same data as `boardAccess`:
 * each path to access is one arm of the union, and a board's rank is the best arm.
 */
function visibleBoards(db: Db, subject: BoardSubject) {
  const userId = subject.userId;
  const global = subject.signedIn ? globalBoardRank(subject.permissions) : 0;
  const publicCounts = subject.signedIn || subject.guestsAllowed;
  return db`
    select board_id, max(rank) as rank from (
      select id as board_id, ${global}::int as rank from boards where ${global}::int > 0
      union all
      select id, ${rankOf(BOARD_ACCESS.creator)}::int from boards where creator_id = ${userId}::uuid
      union all
      select board_id, array_position(${LEVELS}::text[], level) from board_user_permissions where user_id = ${userId}::uuid
      union all
      select bgp.board_id, array_position(${LEVELS}::text[], bgp.level)
        from board_group_permissions bgp join groups g on g.id = bgp.group_id
       where ${userId}::uuid is not null
         and (g.name = 'everyone' or bgp.group_id in (select group_id from group_members where user_id = ${userId}::uuid))
      union all
      select id, ${rankOf(BOARD_ACCESS.public)}::int from boards where is_public and ${publicCounts}::boolean
    ) arms group by board_id`;
}

export interface VisibleBoard {
  id: string;
  name: string;
  title: string;
  isPublic: boolean;
  rank: number;
}

/** One page of the boards the subject may see, by name; `total` counts them all. */
export async function listVisibleBoards(
  db: Db,
  subject: BoardSubject,
  options: { search?: string; limit: number; offset?: number; after?: string },
): Promise<{ boards: VisibleBoard[]; total: number }> {
  const search = options.search?.trim() ?? "";
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db<Array<VisibleBoard & { total: number }>>`
    select b.id, b.name, b.title, b.is_public as "isPublic", v.rank::int as rank, count(*) over ()::int as total
      from (${visibleBoards(db, subject)}) v join boards b on b.id = v.board_id
     where (${search} = '' or b.name ilike ${pattern} or b.title ilike ${pattern})
       and (${options.after ?? null}::text is null or b.name > ${options.after ?? null}::text)
     order by b.name
     limit ${options.limit} offset ${options.offset ?? 0}`;
  const total = rows[0]?.total ?? 0;
  return { boards: rows.map(({ total: _, ...b }) => b), total };
}

export interface BoardRecord extends BoardFacts {
  id: string;
  name: string;
  title: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Boards with the facts about them that matter to `userId` (null: a guest), by name or id,
 * plus the guest-access setting: one round trip.
 */
export async function loadBoardFacts(
  db: Db,
  where: { name: string } | { ids: string[] },
  userId: string | null,
): Promise<{ boards: BoardRecord[]; guestsAllowed: boolean }> {
  const name = "name" in where ? where.name : null;
  const ids = "ids" in where ? where.ids : null;
  const rows = await db<Array<BoardRecord & { guestsAllowed: boolean | null }>>`
    select b.id, b.name, b.title, b.is_public as "isPublic", b.creator_id as "creatorId",
           b.created_at as "createdAt", b.updated_at as "updatedAt",
           (select level from board_user_permissions where board_id = b.id and user_id = ${userId}::uuid) as "userLevel",
           coalesce((
             select json_agg(json_build_object('groupName', g.name, 'level', bgp.level) order by g.position, lower(g.name))
               from board_group_permissions bgp join groups g on g.id = bgp.group_id
              where bgp.board_id = b.id and ${userId}::uuid is not null
                and (g.name = 'everyone' or exists (
                      select 1 from group_members gm where gm.group_id = bgp.group_id and gm.user_id = ${userId}::uuid))
           ), '[]'::json) as "groupLevels",
           (select (value #>> '{}')::boolean from server_settings where key = 'guest_access') as "guestsAllowed"
      from boards b
     where (${name}::text is not null and b.name = ${name}::text) or (b.id = any(${ids ?? []}::uuid[]))`;
  const guestsAllowed = rows[0]?.guestsAllowed ?? (await readGuestAccess(db));
  return { boards: rows.map(({ guestsAllowed: _, ...b }) => b), guestsAllowed };
}

/** "Allow guests to see public boards": on unless an administrator turned it off. */
export async function readGuestAccess(db: Db): Promise<boolean> {
  const [row] = await db<{ on: boolean }[]>`select (value #>> '{}')::boolean as on from server_settings where key = 'guest_access'`;
  return row?.on ?? true;
}

/** Whether the subject may view the board with this id (a missing board: no). */
export async function canViewBoard(db: Db, subject: BoardSubject, boardId: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(boardId)) return false;
  const { boards } = await loadBoardFacts(db, { ids: [boardId] }, subject.userId);
  return Boolean(boards[0] && boardAccess(subject, boards[0]).level);
}
