// The board rules of boards.ts, applied in PostgreSQL: one query loads the facts a single-board check
// needs (the list is board-list.server.ts).
import type { Db } from "~/db.server";
import { itemsColumn, type LoadedItem } from "~/models/board-items.server";
import { isUuid } from "~/models/manage-users.server";
import { boardLevelOf, type BoardFacts, type BoardSubject } from "./boards";
import { BOARD_TABLES, factColumns } from "./resource-sql.server";

export interface BoardRecord extends BoardFacts {
  id: string;
  name: string;
  title: string;
  createdAt: Date;
  updatedAt: Date;
  /** Kept by the provisioning file (ADR 044): its settings, items and rows change only there. */
  managed: boolean;
}

/**
 * Boards with the facts about them that matter to `userId` (null: a guest), by name or id, in one
 * round trip; with `items`, each board's items come in the same statement (the board page's data), with
 * their audience seen by `userId` (itemsSeenAt decides what is shown).
 * The guest-access setting is read along only when the caller doesn't know it yet (`guestsAllowed`):
 * null when no board matched, since then there is nothing it could decide.
 */
export async function loadBoardFacts(
  db: Db,
  where: { name: string } | { ids: string[] },
  userId: string | null,
  options: { items?: boolean; unopenedApps?: boolean; guestsAllowed?: boolean } = {},
): Promise<{ boards: Array<BoardRecord & { items?: LoadedItem[] }>; guestsAllowed: boolean | null }> {
  const name = "name" in where ? where.name : null;
  const ids = "ids" in where ? where.ids : null;
  const known = options.guestsAllowed ?? null;
  // Two statements, not one with `name = $1 or id = any($2)`: for that one PostgreSQL kept planning
  // again on every request (its generic plan looked costly), which took 3× as long as running it.
  const rows = await db<Array<BoardRecord & { items?: LoadedItem[]; guestsAllowed: boolean }>>`
    select r.id, r.name, r.title, r.created_at as "createdAt", r.updated_at as "updatedAt", r.managed,
           ${factColumns(db, BOARD_TABLES, userId)},
           ${options.items ? db`${itemsColumn(db, { user: userId }, { unopenedApps: options.unopenedApps })} as items,` : db``}
           ${known === null ? guestAccessColumn(db) : db`${known}::boolean`} as "guestsAllowed"
      from boards r
     where ${name !== null ? db`r.name = ${name}::text` : db`r.id = any(${ids ?? []}::uuid[])`}`;
  return { boards: rows.map(({ guestsAllowed: _, ...b }) => b), guestsAllowed: rows[0]?.guestsAllowed ?? known };
}

/** The setting as a column: on unless an administrator turned it off. */
export function guestAccessColumn(db: Db) {
  return db`coalesce((select (value #>> '{}')::boolean from server_settings where key = 'guest_access'), true)`;
}

/** "Allow guests to see public boards": on unless an administrator turned it off. */
export async function readGuestAccess(db: Db): Promise<boolean> {
  const [row] = await db<{ on: boolean }[]>`select ${guestAccessColumn(db)} as on`;
  return row.on;
}

/** Whether the subject may view the board with this id (a missing board: no). */
export async function canViewBoard(db: Db, subject: BoardSubject, boardId: string): Promise<boolean> {
  if (!isUuid(boardId)) return false;
  const { boards } = await loadBoardFacts(db, { ids: [boardId] }, subject.userId);
  return Boolean(boards[0] && boardLevelOf(subject, boards[0]).level);
}
