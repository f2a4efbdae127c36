import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { getConfig, setConfigForTests } from "~/config.server";
import { countStatements, statementCount } from "~/db.server";
import { createApiKey } from "~/models/api-keys.server";
import { createPipeline, type Pipeline } from "~/server/pipeline.server";
import { DAY } from "~/utils/time";
import { appBuild } from "../fixtures/app-build";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// SQL round trips per route, through the real pipeline and the app's own loaders (issue #18): one for
// who is asking (with the server settings), one for what the page shows. A count past its budget fails
// here; widget fetches and the at-most-hourly writes (session refresh, a key's last use) are not counted.

countStatements();
const db = useTestDatabase();
let pipeline: Pipeline;
const as = { viewer: "", admin: "", key: "", restrictedKey: "" };

beforeAll(async () => {
  const sql = db.sql();
  await sql`insert into server_settings (key, value) values ('onboarded_at', '"test"')`;
  const viewer = await makeUser(sql);
  const admin = await makeUser(sql, { permissions: ["admin"] });
  const [board] = await sql`insert into boards (name, title, is_public) values ('budget-board', 'Budget', true) returning id`;
  await sql`
    insert into board_items (board_id, position, kind, title, url, body)
    select ${board.id}, i, case when i % 2 = 0 then 'app' else 'note' end, 'Item ' || i,
           case when i % 2 = 0 then 'https://app' || i || '.example' end, case when i % 2 = 1 then 'Note ' || i end
      from generate_series(1, 12) i`;
  const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };
  as.viewer = `porch_session=${(await createSession(sql, viewer.id, { remember: true }, policy)).token}`;
  as.admin = `porch_session=${(await createSession(sql, admin.id, { remember: true }, policy)).token}`;
  const nobody = { userId: null, ip: null, userAgent: null };
  const key = (actAsOwner: boolean) =>
    createApiKey(sql, nobody, { userId: viewer.id, description: "budget", permissions: [], actAsOwner, expiresAt: null });
  as.key = `Bearer ${(await key(true)).token}`;
  as.restrictedKey = `Bearer ${(await key(false)).token}`;
  // Forward auth (issue #20): a protected app with a tile on the public board.
  await sql`insert into protected_apps (origin) values ('https://sonarr.budget.example')`;
  await sql`insert into board_items (board_id, position, kind, title, url, app_origin, app_path, placed_by)
            values (${board.id}, 13, 'app', 'Sonarr', 'https://sonarr.budget.example/', 'https://sonarr.budget.example', '/', ${admin.id})`;
  pipeline = createPipeline(appBuild());
});

const FORWARDED = { "x-forwarded-proto": "https", "x-forwarded-host": "sonarr.budget.example", "x-forwarded-uri": "/calendar" };

/** Statements one request sends, asked twice: the first may write a key's last use (once a minute). */
async function roundTrips(path: string, headers: Record<string, string> = {}): Promise<{ status: number; statements: number }> {
  const ask = async () => {
    const response = await pipeline(new Request(`http://localhost${path}`, { headers }), "127.0.0.1");
    await response.arrayBuffer();
    return response.status;
  };
  await ask();
  const before = statementCount();
  const status = await ask();
  return { status, statements: statementCount() - before };
}

describe("SQL round trips per request", () => {
  it("a board page signed in: 2 (who is asking with the settings; the board, its items and the viewer's level)", async () => {
    expect(await roundTrips("/boards/budget-board", { cookie: as.viewer })).toEqual({ status: 200, statements: 2 });
  });

  it("a board page for its administrator: 2 as a dashboard, 3 in edit mode (its forms list the integrations they may place)", async () => {
    expect(await roundTrips("/boards/budget-board", { cookie: as.admin })).toEqual({ status: 200, statements: 2 });
    expect(await roundTrips("/boards/budget-board?mode=edit", { cookie: as.admin })).toEqual({ status: 200, statements: 3 });
  });

  it("a public board page for a guest: 1 (the guest setting comes with the board)", async () => {
    expect(await roundTrips("/boards/budget-board")).toEqual({ status: 200, statements: 1 });
  });

  it("a board that isn't there, signed in: 2, and a guest: 1", async () => {
    expect(await roundTrips("/boards/no-such-board", { cookie: as.viewer })).toEqual({ status: 404, statements: 2 + 1 }); // + the denial's audit row
    expect(await roundTrips("/boards/no-such-board")).toMatchObject({ statements: 1 });
  });

  it("the board list signed in: 2", async () => {
    expect(await roundTrips("/boards", { cookie: as.viewer })).toEqual({ status: 200, statements: 2 });
  });

  it("GET /api/boards with an API key: 2", async () => {
    expect(await roundTrips("/api/boards", { authorization: as.key })).toEqual({ status: 200, statements: 2 });
    expect(await roundTrips("/api/boards", { authorization: as.restrictedKey })).toEqual({ status: 200, statements: 2 });
  });

  it("GET /api/me: 1, with a key or a session", async () => {
    expect(await roundTrips("/api/me", { authorization: as.key })).toEqual({ status: 200, statements: 1 });
    expect(await roundTrips("/api/me", { cookie: as.viewer })).toEqual({ status: 200, statements: 1 });
  });

  it("a forward-auth check: 1, with a session or a key, let through or refused (the facts ride in the actor's statement; asked again, only the access generation: ADR 035)", async () => {
    const config = getConfig();
    setConfigForTests({ ...config, baseUrl: new URL("http://localhost") });
    try {
      expect(await roundTrips("/api/auth/forward-auth", { cookie: as.viewer, ...FORWARDED })).toEqual({ status: 200, statements: 1 });
      expect(await roundTrips("/api/auth/forward-auth", { authorization: as.key, ...FORWARDED })).toEqual({ status: 200, statements: 1 });
      const other = { ...FORWARDED, "x-forwarded-host": "radarr.budget.example" };
      // A refusal adds its audit row (written once an hour; the statement runs each time).
      expect(await roundTrips("/api/auth/forward-auth", { cookie: as.viewer, ...other })).toEqual({ status: 403, statements: 2 });
      expect(await roundTrips("/api/auth/forward-auth", FORWARDED)).toEqual({ status: 302, statements: 0 });
    } finally {
      setConfigForTests(config);
    }
  });

  it("a key's first use in a while adds its last-use write and audit row, and no more", async () => {
    const sql = db.sql();
    await sql`update api_keys set last_used_at = null, last_audited_at = null`;
    const before = statementCount();
    const response = await pipeline(new Request("http://localhost/api/me", { headers: { authorization: as.key } }), "127.0.0.1");
    expect(response.status).toBe(200);
    expect(statementCount() - before).toBe(3);
  });
});
