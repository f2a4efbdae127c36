// Which board `/` shows: the person's choice, else their first group's, else everyone's, else the
// server's default — the first of those they may actually view.
import type { Db, Sql } from "~/db.server";
import { boardLevelOf, type BoardSubject } from "~/permissions/boards";
import { loadBoardFacts, type BoardRecord } from "~/permissions/boards.server";
import { type AuditActor, recordChange } from "./audit.server";

/** The candidates in order of preference (ids may repeat or be gone; the caller checks access). */
async function candidates(db: Db, userId: string | null): Promise<string[]> {
  const rows = await db<{ id: string }[]>`
    select id from (
      select home_board_id as id, 0 as rank, 0 as pos, '' as name from users where id = ${userId}::uuid
      union all
      select g.home_board_id, case when g.name = 'everyone' then 2 else 1 end, g.position, lower(g.name)
        from groups g
       where g.home_board_id is not null and ${userId}::uuid is not null
         and (g.name = 'everyone' or g.id in (select group_id from group_members where user_id = ${userId}::uuid))
      union all
      select (value #>> '{}')::uuid, 3, 0, '' from server_settings
       where key = 'default_board_id' and jsonb_typeof(value) = 'string'
    ) c where id is not null order by rank, pos, name`;
  return rows.map((r) => r.id);
}

export async function resolveHomeBoard(db: Db, subject: BoardSubject): Promise<BoardRecord | null> {
  const ids = await candidates(db, subject.userId);
  if (!ids.length) return null;
  const { boards } = await loadBoardFacts(db, { ids }, subject.userId);
  for (const id of ids) {
    const board = boards.find((b) => b.id === id);
    if (board && boardLevelOf(subject, board).level) return board;
  }
  return null;
}

export async function setUserHomeBoard(sql: Sql, actor: AuditActor, userId: string, boardId: string | null): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`update users set home_board_id = ${boardId} where id = ${userId}`;
    await recordChange(tx, actor, "user.home_board", { type: "user", id: userId }, { boardId });
  });
}

export async function setGroupHomeBoard(sql: Sql, actor: AuditActor, groupId: string, boardId: string | null): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`update groups set home_board_id = ${boardId} where id = ${groupId}`;
    await recordChange(tx, actor, "group.home_board", { type: "group", id: groupId }, { boardId });
  });
}
