import type { APIRequestContext } from "@playwright/test";
import { createSession } from "~/auth/session.server";
import { createApiKey } from "~/models/api-keys.server";
import { rankOf, type BoardLevel } from "~/permissions/boards";
import { ROUTE_TABLE } from "~/routes.table";
import { DAY } from "~/utils/time";
import { expect, test } from "./fixtures";

// Every board route and API endpoint × every kind of actor: the status the rules promise, and for
// every refused write, proof that nothing changed. A board route missing here fails the test.

type Needs = BoardLevel | "board-create";
interface Call {
  route: string; // route id in ROUTE_TABLE
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: (board: string) => string;
  needs: Needs;
  api?: true;
  ok: number;
  form?: Record<string, string>;
  json?: unknown;
}

const CALLS: Call[] = [
  { route: "routes/boards.$name._index", method: "GET", path: (b) => `/boards/${b}`, needs: "view", ok: 200 },
  { route: "routes/boards.$name._index", method: "POST", path: (b) => `/boards/${b}`, needs: "modify", ok: 302, form: { intent: "add-note", body: "matrix" } },
  { route: "routes/boards.$name.settings._index", method: "GET", path: (b) => `/boards/${b}/settings`, needs: "full", ok: 200 },
  { route: "routes/boards.$name.settings._index", method: "POST", path: (b) => `/boards/${b}/settings`, needs: "full", ok: 302, form: { intent: "general", name: "__same__", title: "Retitled", isPublic: "off" } },
  { route: "routes/boards.$name.settings.access", method: "GET", path: (b) => `/boards/${b}/settings/access`, needs: "full", ok: 200 },
  { route: "routes/boards.$name.settings.access", method: "POST", path: (b) => `/boards/${b}/settings/access`, needs: "full", ok: 302, form: { intent: "grant-user", username: "admin", level: "view" } },
  { route: "routes/api.boards.$name", method: "GET", path: (b) => `/api/boards/${b}`, needs: "view", api: true, ok: 200 },
  { route: "routes/api.boards.$name", method: "PATCH", path: (b) => `/api/boards/${b}`, needs: "modify", api: true, ok: 200, json: { items: [{ kind: "note", body: "via api" }] } },
  { route: "routes/api.boards.$name", method: "PATCH", path: (b) => `/api/boards/${b}`, needs: "full", api: true, ok: 200, json: { title: "Retitled by API" } },
  { route: "routes/boards.new", method: "GET", path: () => "/boards/new", needs: "board-create", ok: 200 },
  { route: "routes/boards.new", method: "POST", path: () => "/boards/new", needs: "board-create", ok: 302, form: { name: "__new__", title: "New" } },
  { route: "routes/api.boards._index", method: "POST", path: () => "/api/boards", needs: "board-create", api: true, ok: 201, json: { name: "__new__", title: "New" } },
  // Last: it removes the board.
  { route: "routes/api.boards.$name", method: "DELETE", path: (b) => `/api/boards/${b}`, needs: "full", api: true, ok: 204 },
  { route: "routes/boards.$name.settings._index", method: "POST", path: (b) => `/boards/${b}/settings`, needs: "full", ok: 302, form: { intent: "delete" } },
];

interface Actor {
  name: string;
  permissions?: string[];
  row?: BoardLevel; // own row
  groupRow?: BoardLevel; // through a group
  creator?: true;
  anonymous?: true;
  /** Calls with an API key (pages ignore keys: there the caller is anonymous). */
  key?: { permissions: string[]; actAsOwner: boolean };
  level: BoardLevel | null; // what the rules give on a private board
  canCreate?: true;
}

const ACTORS: Actor[] = [
  { name: "anonymous", anonymous: true, level: null },
  { name: "plain user", level: null },
  { name: "view row", row: "view", level: "view" },
  { name: "modify via group", groupRow: "modify", level: "modify" },
  { name: "full row", row: "full", level: "full" },
  { name: "creator", creator: true, level: "full" },
  { name: "board-view-all", permissions: ["board-view-all"], level: "view" },
  { name: "board-modify-all", permissions: ["board-modify-all"], level: "modify" },
  { name: "board-full-all", permissions: ["board-full-all"], level: "full" },
  { name: "board-create only", permissions: ["board-create"], level: null },
  { name: "admin", permissions: ["admin"], level: "full" },
  { name: "key acting as an owner with a full row", row: "full", key: { permissions: [], actAsOwner: true }, level: "full" },
  { name: "key not acting as an owner with a full row", row: "full", key: { permissions: [], actAsOwner: false }, level: null },
  { name: "admin's key scoped to board-view-all", permissions: ["admin"], key: { permissions: ["board-view-all"], actAsOwner: false }, level: "view" },
  { name: "admin's key without scopes", permissions: ["admin"], key: { permissions: [], actAsOwner: true }, level: null },
  { name: "key with board-create of an owner without it", key: { permissions: ["board-create"], actAsOwner: true }, level: null },
];

const CREATE_HOLDERS = new Set(["board-full-all", "admin", "board-create only"]);

function expectedStatus(call: Call, actor: Actor): number {
  const anonymous = actor.anonymous || (actor.key && !call.api);
  if (call.needs === "board-create") {
    if (anonymous) return call.api ? 401 : 302;
    return CREATE_HOLDERS.has(actor.name) ? call.ok : 403;
  }
  if (anonymous) return call.api ? 401 : 302;
  if (!actor.level) return 404;
  return rankOf(actor.level) >= rankOf(call.needs) ? call.ok : 403;
}

test("board routes × actors: statuses as the rules say, refused writes change nothing", async ({ sql, playwright, baseURL }) => {
  test.setTimeout(120_000);
  const covered = new Set(CALLS.map((c) => c.route));
  const boardRoutes = Object.entries(ROUTE_TABLE)
    .filter(([id, e]) => id !== "routes/boards._index" && (id.includes("boards") || (typeof e.access === "object" && "board" in e.access)))
    .map(([id]) => id);
  expect(boardRoutes.filter((id) => !covered.has(id)), "board routes missing from the matrix").toEqual([]);

  const origin = new URL(baseURL!).origin;
  const stamp = Date.now().toString(36);
  const [owner] = await sql`insert into users (username) values (${`owner_${stamp}`}) returning id`;
  const failures: string[] = [];
  for (const [i, actor] of ACTORS.entries()) {
    const board = `matrix-${stamp}-${i}`;
    let context: APIRequestContext;
    let userId: string | null = null;
    if (actor.anonymous) {
      context = await playwright.request.newContext({ baseURL, maxRedirects: 0, extraHTTPHeaders: { Origin: origin } });
    } else {
      const [u] = await sql`insert into users (username) values (${`m_${stamp}_${i}`}) returning id`;
      userId = u.id;
      for (const p of actor.permissions ?? []) await sql`insert into user_permissions (user_id, permission) values (${u.id}, ${p})`;
      const credential: Record<string, string> = actor.key
        ? { Authorization: `Bearer ${(await createApiKey(sql, { userId: null, ip: null, userAgent: null }, { userId: u.id, description: "matrix", permissions: actor.key.permissions as never, actAsOwner: actor.key.actAsOwner, expiresAt: null })).token}` }
        : { Cookie: `porch_session=${(await createSession(sql, u.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY })).token}` };
      context = await playwright.request.newContext({ baseURL, maxRedirects: 0, extraHTTPHeaders: { Origin: origin, ...credential } });
    }
    const [b] = await sql`insert into boards (name, title, creator_id) values (${board}, 'Matrix', ${actor.creator ? userId : owner.id}) returning id`;
    if (actor.row) await sql`insert into board_user_permissions (board_id, user_id, level) values (${b.id}, ${userId}, ${actor.row})`;
    if (actor.groupRow) {
      const [g] = await sql`insert into groups (name, position) values (${`mg-${stamp}-${i}`}, 90) returning id`;
      await sql`insert into group_members (group_id, user_id) values (${g.id}, ${userId})`;
      await sql`insert into board_group_permissions (board_id, group_id, level) values (${b.id}, ${g.id}, ${actor.groupRow})`;
    }
    let created = 0;
    for (const call of CALLS) {
      const snapshot = () => sql`
        select (select row_to_json(x)::text from (select name, title, is_public from boards where id = ${b.id}) x) as board,
               (select count(*) from board_items where board_id = ${b.id})::int as items,
               (select count(*) from board_user_permissions where board_id = ${b.id})::int as rows,
               (select count(*) from boards where name like ${`new-${stamp}-${i}%`})::int as created`;
      const before = (await snapshot())[0];
      const path = call.path(board);
      const newName = `new-${stamp}-${i}-${created}`;
      const fill = (v: string) => (v === "__same__" ? board : v === "__new__" ? newName : v);
      const form = call.form && Object.fromEntries(Object.entries(call.form).map(([k, v]) => [k, fill(v)]));
      const data = call.json && JSON.parse(JSON.stringify(call.json).replace("__new__", newName));
      const res = await context.fetch(path, { method: call.method, form, data, headers: data ? { "Content-Type": "application/json" } : {} });
      const want = expectedStatus(call, actor);
      if (res.status() !== want) failures.push(`${actor.name}: ${call.method} ${path} (${call.needs}) → ${res.status()}, expected ${want}`);
      const anonymousHere = actor.anonymous || (actor.key && !call.api);
      if (want === 302 && anonymousHere) expect(res.headers().location, `${actor.name} ${call.method} ${path}`).toMatch(/^\/auth\/login/);
      if (call.api && want >= 400) expect((await res.json()).error, `${call.method} ${path} JSON error`).toEqual(expect.any(String));
      const after = (await snapshot())[0];
      if (want >= 300 && !(want === 302 && !anonymousHere)) {
        if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${actor.name}: refused ${call.method} ${path} changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      }
      if (want === call.ok && call.needs === "board-create") created++;
      if (want === call.ok && call.method === "DELETE") break; // the board is gone; the form delete is covered by the next actor
    }
    await context.dispose();
  }
  expect(failures).toEqual([]);
});
