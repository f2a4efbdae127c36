// Protected apps: the origins (and path prefixes) forward auth guards, with audit rows for each change.
import type { Db, Sql } from "~/db.server";
import type { ProtectedAppInput } from "~/forms/protected-apps";
import { tileOpens } from "~/permissions/protected-apps.server";
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

export async function updateProtectedApp(sql: Sql, actor: AuditActor, before: ProtectedAppRecord, next: ProtectedAppInput): Promise<void> {
  try {
    await sql.begin(async (tx) => {
      await tx`update protected_apps set origin = ${next.origin}, path_prefix = ${next.pathPrefix}, updated_at = now() where id = ${before.id}`;
      await recordChange(
        tx,
        actor,
        "app.changed",
        { type: "app", id: before.id },
        { from: { origin: before.origin, pathPrefix: before.pathPrefix }, to: next },
      );
    });
  } catch (error) {
    if (taken(error)) throw new ProtectedAppTakenError();
    throw error;
  }
}

export async function deleteProtectedApp(sql: Sql, actor: AuditActor, app: ProtectedAppRecord): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from protected_apps where id = ${app.id}`;
    await recordChange(tx, actor, "app.unprotected", { type: "app", id: app.id }, { origin: app.origin, pathPrefix: app.pathPrefix });
  });
}
