// The board rules of boards.ts, applied in PostgreSQL: one query loads the facts a single-board check
// needs (the list is board-list.server.ts).
import type { Db } from "~/db.server";
import { isUuid } from "~/models/manage-users.server";
import { boardLevelOf, type BoardFacts, type BoardSubject } from "./boards";
import { BOARD_TABLES, factColumns } from "./resource-sql.server";

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
    select r.id, r.name, r.title, r.created_at as "createdAt", r.updated_at as "updatedAt",
           ${factColumns(db, BOARD_TABLES, userId)},
           (select (value #>> '{}')::boolean from server_settings where key = 'guest_access') as "guestsAllowed"
      from boards r
     where (${name}::text is not null and r.name = ${name}::text) or (r.id = any(${ids ?? []}::uuid[]))`;
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
  if (!isUuid(boardId)) return false;
  const { boards } = await loadBoardFacts(db, { ids: [boardId] }, subject.userId);
  return Boolean(boards[0] && boardLevelOf(subject, boards[0]).level);
}
