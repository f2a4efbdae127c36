// Instance-wide choices an administrator makes in Manage → Settings.
import type { Db, Sql } from "~/db.server";
import { readGuestAccess } from "~/permissions/boards.server";
import { type AuditActor, recordChange } from "./audit.server";

export interface BoardSettings {
  /** "Allow guests to see public boards" (default on). */
  guestAccess: boolean;
  /** The board everyone lands on when nothing closer applies. */
  defaultBoardId: string | null;
}

export async function getBoardSettings(db: Db): Promise<BoardSettings> {
  const [row] = await db<{ defaultBoardId: string | null }[]>`
    select (select b.id from server_settings s join boards b on b.id::text = s.value #>> '{}' where s.key = 'default_board_id')
      as default_board_id`;
  return { guestAccess: await readGuestAccess(db), defaultBoardId: row?.defaultBoardId ?? null };
}

export async function saveBoardSettings(sql: Sql, actor: AuditActor, next: BoardSettings): Promise<void> {
  await sql.begin(async (tx) => {
    const before = await getBoardSettings(tx);
    // JSON text, not tx.json(): tx.json(null) is SQL NULL, which the column refuses ("None" chosen).
    const put = (key: string, value: unknown) => tx`
      insert into server_settings (key, value) values (${key}, ${JSON.stringify(value)}::text::jsonb)
      on conflict (key) do update set value = excluded.value, updated_at = now()`;
    await put("guest_access", next.guestAccess);
    await put("default_board_id", next.defaultBoardId);
    const changed: Record<string, unknown> = {};
    if (before.guestAccess !== next.guestAccess) changed.guestAccess = { from: before.guestAccess, to: next.guestAccess };
    if (before.defaultBoardId !== next.defaultBoardId) changed.defaultBoardId = { from: before.defaultBoardId, to: next.defaultBoardId };
    if (Object.keys(changed).length) await recordChange(tx, actor, "settings.changed", { type: "server", id: "boards" }, changed);
  });
}

/** "Let signed-in people through to addresses nobody protected" (forward auth; default off: fail closed). */
export async function getUnknownAppsAllowed(db: Db): Promise<boolean> {
  const [row] = await db<{ on: boolean }[]>`
    select coalesce((select (value #>> '{}')::boolean from server_settings where key = 'forward_auth_unknown_origins'), false) as on`;
  return row.on;
}

export async function saveUnknownAppsAllowed(sql: Sql, actor: AuditActor, on: boolean): Promise<void> {
  await sql.begin(async (tx) => {
    const before = await getUnknownAppsAllowed(tx);
    await tx`
      insert into server_settings (key, value) values ('forward_auth_unknown_origins', ${JSON.stringify(on)}::text::jsonb)
      on conflict (key) do update set value = excluded.value, updated_at = now()`;
    if (before !== on)
      await recordChange(
        tx,
        actor,
        "settings.changed",
        { type: "server", id: "forward-auth" },
        { unknownAppsAllowed: { from: before, to: on } },
      );
  });
}
