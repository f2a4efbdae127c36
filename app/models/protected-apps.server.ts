// Protected apps: the origins (and path prefixes) forward auth guards, with audit rows for each change.
import type { Db, Sql } from "~/db.server";
import type { ProtectedAppInput } from "~/forms/protected-apps";
import { coversSql, governingAppSql, tileOpens } from "~/permissions/protected-apps.server";
import { type AuditActor, recordChange } from "./audit.server";
import { isUniqueViolation, isUuid } from "./manage-users.server";

export interface ProtectedAppRecord {
  id: string;
  origin: string;
  pathPrefix: string;
  createdAt: Date;
  /** App items on boards linking into it: who sees one of them may open the app. */
  linkingItems: number;
}

export class ProtectedAppTakenError extends Error {
  constructor() {
    super("That address and path prefix are protected already");
    this.name = "ProtectedAppTakenError";
  }
}

const SELECT = (db: Db) => db`
  select a.id, a.origin, a.path_prefix as "pathPrefix", a.created_at as "createdAt",
         (select count(*)::int from board_items i where ${tileOpens(db, db`i`, { id: db`a.id`, origin: db`a.origin`, prefix: db`a.path_prefix` })}) as "linkingItems"
    from protected_apps a`;

export async function listProtectedApps(db: Db): Promise<ProtectedAppRecord[]> {
  return db<ProtectedAppRecord[]>`${SELECT(db)} order by a.origin, a.path_prefix`;
}

export async function getProtectedApp(db: Db, id: string): Promise<ProtectedAppRecord | null> {
  if (!isUuid(id)) return null;
  const [row] = await db<ProtectedAppRecord[]>`${SELECT(db)} where a.id = ${id}`;
  return row ?? null;
}

const taken = (error: unknown) => isUniqueViolation(error, "protected_apps_origin_prefix_key");

export async function createProtectedApp(sql: Sql, actor: AuditActor, input: ProtectedAppInput): Promise<string> {
  try {
    return await sql.begin(async (tx) => {
      const [row] = await tx<{ id: string }[]>`
        insert into protected_apps (origin, path_prefix, creator_id) values (${input.origin}, ${input.pathPrefix}, ${actor.userId})
        returning id`;
      await recordChange(tx, actor, "app.protected", { type: "app", id: row.id }, { origin: input.origin, pathPrefix: input.pathPrefix });
      return row.id;
    });
  } catch (error) {
    if (taken(error)) throw new ProtectedAppTakenError();
    throw error;
  }
}

/**
 * Runs `change` (a delete or a new address of app `id`) and then releases the tiles whose link fell
 * under the app and no longer does: they count as placed by nobody, so they open nothing. Otherwise they
 * would open the wider app their link now falls under (attack20: unprotecting /photos handed its tile's
 * viewers the whole host). Someone who may protect apps saves such a tile again to have it open what it
 * falls under now. Returns how many were released.
 */
async function changeReleasingTiles(tx: Db, id: string, change: () => Promise<unknown>): Promise<number> {
  const governing = () => governingAppSql(tx, tx`i.app_origin`, tx`i.app_path`);
  const before = await tx<{ id: string }[]>`
    select i.id from board_items i where i.kind = 'app' and i.placed_by is not null and ${governing()} = ${id}`;
  await change();
  if (before.length === 0) return 0;
  const released = await tx`
    update board_items i set placed_by = null
     where i.id = any(${before.map((r) => r.id)}::uuid[]) and ${governing()} is distinct from ${id}
    returning i.id`;
  return released.length;
}

/** The protected app that covers `app`'s own address besides it (the longest prefix): what its addresses fall under without it. */
export async function coveringApp(db: Db, app: ProtectedAppRecord): Promise<{ origin: string; pathPrefix: string } | null> {
  const [row] = await db<{ origin: string; pathPrefix: string }[]>`
    select p.origin, p.path_prefix as "pathPrefix" from protected_apps p
     where p.origin = ${app.origin} and p.id <> ${app.id} and ${coversSql(db, db`p.path_prefix`, db`${app.pathPrefix}::text`)}
     order by length(p.path_prefix) desc limit 1`;
  return row ?? null;
}

export async function updateProtectedApp(sql: Sql, actor: AuditActor, before: ProtectedAppRecord, next: ProtectedAppInput): Promise<void> {
  try {
    await sql.begin(async (tx) => {
      const tilesReleased = await changeReleasingTiles(
        tx,
        before.id,
        () =>
          tx`update protected_apps set origin = ${next.origin}, path_prefix = ${next.pathPrefix}, updated_at = now() where id = ${before.id}`,
      );
      await recordChange(
        tx,
        actor,
        "app.changed",
        { type: "app", id: before.id },
        { from: { origin: before.origin, pathPrefix: before.pathPrefix }, to: next, ...(tilesReleased ? { tilesReleased } : {}) },
      );
    });
  } catch (error) {
    if (taken(error)) throw new ProtectedAppTakenError();
    throw error;
  }
}

export async function deleteProtectedApp(sql: Sql, actor: AuditActor, app: ProtectedAppRecord): Promise<void> {
  await sql.begin(async (tx) => {
    const tilesReleased = await changeReleasingTiles(tx, app.id, () => tx`delete from protected_apps where id = ${app.id}`);
    await recordChange(
      tx,
      actor,
      "app.unprotected",
      { type: "app", id: app.id },
      { origin: app.origin, pathPrefix: app.pathPrefix, ...(tilesReleased ? { tilesReleased } : {}) },
    );
  });
}
