import type { APIRequestContext, PlaywrightWorkerArgs } from "@playwright/test";
import type postgres from "postgres";
import { createSession } from "~/auth/session.server";
import { createApiKey } from "~/models/api-keys.server";
import { DAY } from "~/utils/time";

// Route × actor matrices (boards, integrations): each actor gets a fresh resource of its own, makes
// every call, and gets the status the rules promise; a refused write must change nothing.

export interface MatrixCall {
  route: string; // route id in ROUTE_TABLE
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: (ref: string) => string;
  /** A level on the resource, or "create" (the resource kind's create permission). */
  needs: string;
  api?: true;
  ok: number;
  form?: Record<string, string>;
  json?: unknown;
}

export interface MatrixActor {
  name: string;
  permissions?: string[];
  row?: string; // own row
  groupRow?: string; // through a group
  creator?: true;
  anonymous?: true;
  /** Calls with an API key (pages ignore keys: there the caller is anonymous). */
  key?: { permissions: string[]; actAsOwner: boolean };
  level: string | null; // what the rules give on the (private) resource
  canCreate?: true;
}

export interface MatrixResource {
  levels: readonly string[];
  /** Makes the actor's resource; `ref` goes into paths; `__same__` in forms becomes `name`. */
  create: (sql: postgres.Sql, label: string, creatorId: string) => Promise<{ id: string; ref: string; name: string }>;
  userRows: string;
  groupRows: string;
  fk: string;
  /** Everything a write could change, as comparable text; `createdLike` counts resources made by "create" calls. */
  snapshot: (sql: postgres.Sql, id: string, createdLike: string) => Promise<unknown>;
}

function expectedStatus(levels: readonly string[], call: MatrixCall, actor: MatrixActor): number {
  const anonymous = actor.anonymous || (actor.key && !call.api);
  if (anonymous) return call.api ? 401 : 302;
  if (call.needs === "create") return actor.canCreate ? call.ok : 403;
  if (!actor.level) return 404;
  return levels.indexOf(actor.level) >= levels.indexOf(call.needs) ? call.ok : 403;
}

export async function runMatrix(
  { sql, playwright, baseURL }: { sql: postgres.Sql; playwright: PlaywrightWorkerArgs["playwright"]; baseURL: string },
  resource: MatrixResource,
  calls: MatrixCall[],
  actors: MatrixActor[],
): Promise<string[]> {
  const origin = new URL(baseURL).origin;
  const stamp = Date.now().toString(36);
  const [owner] = await sql`insert into users (username) values (${`owner_${stamp}_${resource.fk}`}) returning id`;
  const failures: string[] = [];
  for (const [i, actor] of actors.entries()) {
    let context: APIRequestContext;
    let userId: string | null = null;
    if (actor.anonymous) {
      context = await playwright.request.newContext({ baseURL, maxRedirects: 0, extraHTTPHeaders: { Origin: origin } });
    } else {
      const [u] = await sql`insert into users (username) values (${`m_${stamp}_${resource.fk}_${i}`}) returning id`;
      userId = u.id;
      for (const p of actor.permissions ?? []) await sql`insert into user_permissions (user_id, permission) values (${u.id}, ${p})`;
      const credential: Record<string, string> = actor.key
        ? {
            Authorization: `Bearer ${(await createApiKey(sql, { userId: null, ip: null, userAgent: null }, { userId: u.id, description: "matrix", permissions: actor.key.permissions as never, actAsOwner: actor.key.actAsOwner, expiresAt: null })).token}`,
          }
        : { Cookie: `porch_session=${(await createSession(sql, u.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY })).token}` };
      context = await playwright.request.newContext({ baseURL, maxRedirects: 0, extraHTTPHeaders: { Origin: origin, ...credential } });
    }
    const target = await resource.create(sql, `matrix-${stamp}-${i}`, actor.creator ? userId! : owner.id);
    if (actor.row)
      await sql`insert into ${sql(resource.userRows)} (${sql(resource.fk)}, user_id, level) values (${target.id}, ${userId}, ${actor.row})`;
    if (actor.groupRow) {
      const [g] = await sql`insert into groups (name, position) values (${`mg-${stamp}-${resource.fk}-${i}`}, 90) returning id`;
      await sql`insert into group_members (group_id, user_id) values (${g.id}, ${userId})`;
      await sql`insert into ${sql(resource.groupRows)} (${sql(resource.fk)}, group_id, level) values (${target.id}, ${g.id}, ${actor.groupRow})`;
    }
    const createdLike = `new-${stamp}-${i}-%`;
    let created = 0;
    for (const call of calls) {
      const before = await resource.snapshot(sql, target.id, createdLike);
      const path = call.path(target.ref);
      const newName = `new-${stamp}-${i}-${created}`;
      const fill = (v: string) => (v === "__same__" ? target.name : v === "__new__" ? newName : v);
      const form = call.form && Object.fromEntries(Object.entries(call.form).map(([k, v]) => [k, fill(v)]));
      const data = call.json && JSON.parse(JSON.stringify(call.json).replaceAll("__new__", newName).replaceAll("__same__", target.name));
      const res = await context.fetch(path, {
        method: call.method,
        form,
        data,
        headers: data ? { "Content-Type": "application/json" } : {},
      });
      const want = expectedStatus(resource.levels, call, actor);
      const where = `${actor.name}: ${call.method} ${path} (${call.needs})`;
      if (res.status() !== want) failures.push(`${where} → ${res.status()}, expected ${want}`);
      const anonymousHere = actor.anonymous || (actor.key && !call.api);
      if (want === 302 && anonymousHere && !/^\/auth\/login/.test(res.headers().location ?? ""))
        failures.push(`${where}: not sent to login`);
      if (call.api && want >= 400 && typeof (await res.json().catch(() => ({}))).error !== "string")
        failures.push(`${where}: no JSON error`);
      const after = await resource.snapshot(sql, target.id, createdLike);
      if (want >= 300 && !(want === 302 && !anonymousHere) && JSON.stringify(after) !== JSON.stringify(before)) {
        failures.push(`${where}: refused, but changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      }
      if (want === call.ok && call.needs === "create") created++;
      if (want === call.ok && call.method === "DELETE") break; // gone; the form delete is covered by the next actor
    }
    await context.dispose();
  }
  return failures;
}
