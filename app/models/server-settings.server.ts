// Instance-wide choices an administrator makes in Manage → Settings.
import type { Db, Sql } from "~/db.server";
import { readGuestAccess } from "~/permissions/boards.server";
import { type AuditActor, recordChange } from "./audit.server";
import { ManagedByFileError } from "./managed.server";

/** The settings the provisioning file names (ADR 044): read-only in Manage → Settings. */
export const PROVISIONED_SETTINGS_KEY = "provisioned_settings";

export async function provisionedSettings(db: Db): Promise<string[]> {
  const [row] = await db<{ keys: string[] }[]>`
    select coalesce((select array(select jsonb_array_elements_text(value)) from server_settings where key = ${PROVISIONED_SETTINGS_KEY}), '{}') as keys`;
  return row.keys;
}

/** A change to a setting the file manages, by anyone but the file: refused. */
async function refuseManagedSettings(db: Db, actor: AuditActor, changed: string[]): Promise<void> {
  if (actor.provisioning || !changed.length) return;
  const managed = await provisionedSettings(db);
  const hit = changed.find((k) => managed.includes(k));
  if (hit) throw new ManagedByFileError(`The setting ${hit}`);
}

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
    // The file names the board by name: "defaultBoard".
    await refuseManagedSettings(
      tx,
      actor,
      Object.keys(changed).map((k) => (k === "defaultBoardId" ? "defaultBoard" : k)),
    );
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
    await refuseManagedSettings(tx, actor, before !== on ? ["unknownAppsAllowed"] : []);
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
