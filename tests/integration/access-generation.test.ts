import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { getConfig, setConfigForTests } from "~/config.server";
import { countStatements, statementCount } from "~/db.server";
import { createApiKey } from "~/models/api-keys.server";
import { createPipeline, type Pipeline } from "~/server/pipeline.server";
import { forgetAskers } from "~/server/steps/known-askers.server";
import { DAY } from "~/utils/time";
import { appBuild } from "../fixtures/app-build";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// Forward auth reuses what it read while the access generation (migration 0028) is unchanged (ADR 035).
// What an attacker wants from that: an answer that outlives the right behind it. Every change below is
// written straight to the database, as another instance would, and the very next check must see it.

countStatements();
const db = useTestDatabase();
let pipeline: Pipeline;
const FORWARDED = { "x-forwarded-proto": "https", "x-forwarded-host": "sonarr.gen.example", "x-forwarded-uri": "/" };
let person: { id: string; cookie: string; key: string; keyId: string };
let ids: { board: string; group: string; app: string };

/** Tables that decide nothing forward auth or the actor's statement reads: no bump needed. */
const DECIDE_NOTHING = [
  "access_generation",
  "audit_log",
  "auth_throttle",
  "email_verifications",
  "elevation_requests", // a refused form's fields, shown back to its own session
  "device_sign_ins", // a TV's request for a session: read by /auth/device and /activate, never by the actor statement
  "display_links", // read by /display/:token only, never by the actor statement or forward auth
  "group_directory_mappings", // read by directory sign-in, which writes group_members (which bumps)
  "integration_group_permissions",
  "integration_secrets",
  "integration_user_permissions",
  "integrations",
  "invite_groups",
  "invites",
  "job_runs",
  "known_devices", // the devices each person signed in with: read when a sign-in is audited (security mails)
  "notification_outbox", // security mails waiting to be sent
  "webhooks", // admin webhooks: read by their sender and Manage → Webhooks, never by the actor statement
  "webhook_deliveries", // webhook messages waiting or sent
  "webhook_known_admins", // who was an administrator when last looked (the admin.granted event)
  "directory_syncs", // what each LDAP sync did, for Manage → LDAP
  "oidc_ended_sessions", // provider sessions logged out: read when a sign-in starts a session, never by the actor statement
  "oidc_logout_tokens", // logout tokens already acted on: read only by the back-channel logout endpoint
  "password_resets",
  "pending_sign_ins",
  "webauthn_challenges",
  "recovery_codes",
  "schema_migrations",
];

beforeAll(async () => {
  const sql = db.sql();
  await sql`insert into server_settings (key, value) values ('onboarded_at', '"test"')`;
  const placer = await makeUser(sql, { permissions: ["app-protect"] });
  const user = await makeUser(sql, { username: "gen-person" });
  const [group] = await sql`insert into groups (name, position) values ('media', 10) returning id`;
  await sql`insert into group_members (group_id, user_id) values (${group.id}, ${user.id})`;
  const [board] = await sql`insert into boards (name, title, is_public) values ('media', 'Media', false) returning id`;
  await sql`insert into board_group_permissions (board_id, group_id, level) values (${board.id}, ${group.id}, 'view')`;
  const [app] = await sql`insert into protected_apps (origin) values ('https://sonarr.gen.example') returning id`;
  await sql`insert into board_items (board_id, position, kind, title, url, app_origin, app_path, placed_by)
            values (${board.id}, 1, 'app', 'Sonarr', 'https://sonarr.gen.example/', 'https://sonarr.gen.example', '/', ${placer.id})`;
  const session = await createSession(sql, user.id, { remember: true }, { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY });
  const nobody = { userId: null, ip: null, userAgent: null };
  const key = await createApiKey(sql, nobody, { userId: user.id, description: "gen", permissions: [], actAsOwner: true, expiresAt: null });
  person = {
    id: user.id,
    cookie: `porch_session=${session.token}`,
    key: `Bearer ${key.token}`,
    keyId: key.token.split("_")[1],
  };
  ids = { board: board.id, group: group.id, app: app.id };
  pipeline = createPipeline(appBuild());
  setConfigForTests({ ...getConfig(), baseUrl: new URL("http://localhost") });
});

beforeEach(() => forgetAskers());

async function check(credentials: Record<string, string> = { cookie: person.cookie }) {
  const before = statementCount();
  const response = await pipeline(
    new Request("http://localhost/api/auth/forward-auth", { headers: { ...FORWARDED, ...credentials } }),
    "127.0.0.1",
  );
  await response.arrayBuffer();
  return { status: response.status, statements: statementCount() - before };
}

/** Runs `change` and puts it back, checking the answer in between (and that it came back). */
async function refusedAfter(
  change: () => Promise<unknown>,
  undo: () => Promise<unknown>,
  refused: number,
  credentials?: Record<string, string>,
) {
  expect((await check(credentials)).status).toBe(200);
  expect(await check(credentials)).toEqual({ status: 200, statements: 1 });
  await change();
  expect((await check(credentials)).status).toBe(refused);
  await undo();
  expect((await check(credentials)).status).toBe(200);
}

describe("forward auth's reused answers never outlive the right behind them", () => {
  it("a check already answered costs one tiny statement; a change anywhere costs a fresh read", async () => {
    expect(await check()).toEqual({ status: 200, statements: 1 });
    expect(await check()).toEqual({ status: 200, statements: 1 });
    await db.sql()`update groups set position = position where id = ${ids.group}`;
    expect(await check()).toEqual({ status: 200, statements: 2 });
  });

  it("a removed group membership, board row, tile or protection; an unprotected address", async () => {
    const sql = db.sql();
    await refusedAfter(
      () => sql`delete from group_members where user_id = ${person.id}`,
      () => sql`insert into group_members (group_id, user_id) values (${ids.group}, ${person.id})`,
      403,
    );
    await refusedAfter(
      () => sql`delete from board_group_permissions where board_id = ${ids.board}`,
      () => sql`insert into board_group_permissions (board_id, group_id, level) values (${ids.board}, ${ids.group}, 'view')`,
      403,
    );
    await refusedAfter(
      () => sql`update board_items set app_origin = 'https://other.gen.example' where board_id = ${ids.board}`,
      () => sql`update board_items set app_origin = 'https://sonarr.gen.example' where board_id = ${ids.board}`,
      403,
    );
    // Protected no more: an address nobody protected is refused (fail closed).
    await refusedAfter(
      () => sql`update protected_apps set origin = 'https://elsewhere.gen.example' where id = ${ids.app}`,
      () => sql`update protected_apps set origin = 'https://sonarr.gen.example' where id = ${ids.app}`,
      403,
    );
    // The tile's placer losing app-protect makes the tile grant nothing.
    await refusedAfter(
      () => sql`update user_permissions set permission = 'board-create' where permission = 'app-protect'`,
      () => sql`update user_permissions set permission = 'app-protect' where permission = 'board-create'`,
      403,
    );
  });

  it("an ended session, a deactivated person, a revoked key, a group that now requires two-factor", async () => {
    const sql = db.sql();
    // A deactivated owner's key stops (a session would be ended by it: see below).
    await refusedAfter(
      () => sql`update users set status = 'inactive' where id = ${person.id}`,
      () => sql`update users set status = 'active' where id = ${person.id}`,
      401,
      { authorization: person.key },
    );
    await refusedAfter(
      () => sql`update api_keys set revoked_at = now() where id = ${person.keyId}`,
      () => sql`update api_keys set revoked_at = null where id = ${person.keyId}`,
      401,
      { authorization: person.key },
    );
    await refusedAfter(
      () => sql`update groups set require_2fa = true where id = ${ids.group}`,
      () => sql`update groups set require_2fa = false where id = ${ids.group}`,
      403,
    );
    // Signing out on another instance: a session of its own, since ending one is for good.
    const other = await createSession(sql, person.id, { remember: true }, { expiryMs: DAY, maxLifetimeMs: DAY });
    const cookie = { cookie: `porch_session=${other.token}` };
    expect((await check(cookie)).status).toBe(200);
    expect(await check(cookie)).toEqual({ status: 200, statements: 1 });
    await sql`delete from sessions where id = ${other.token.split(".")[0]}`;
    expect((await check(cookie)).status).toBe(302);
  });
});

describe("the access generation", () => {
  it("moves once per transaction that changes what decides access, and not for the bookkeeping of use", async () => {
    const sql = db.sql();
    const generation = async () => Number((await sql`select n from access_generation`)[0].n);
    const start = await generation();
    await sql.begin(async (tx) => {
      await tx`insert into groups (name, position) select 'bulk-' || i, 100 + i from generate_series(1, 50) i`;
      await tx`delete from groups where name like 'bulk-%'`;
    });
    expect(await generation()).toBe(start + 1);
    const [key] = await sql`select id from api_keys limit 1`;
    await sql`update api_keys set last_used_at = now(), last_used_ip = '192.0.2.1', last_audited_at = now() where id = ${key.id}`;
    await sql`update sessions set last_used_at = now(), expires_at = expires_at + interval '1 hour'`;
    await sql`insert into audit_log (action, actor_type) values ('test.noise', 'system')`;
    expect(await generation()).toBe(start + 1);
    await sql`update api_keys set description = 'renamed' where id = ${key.id}`;
    expect(await generation()).toBe(start + 2);
  });

  it("read while a change is still uncommitted: the answer read then is dropped once it commits", async () => {
    const sql = db.sql();
    const reserved = await sql.reserve();
    try {
      await reserved`begin`;
      await reserved`delete from group_members where user_id = ${person.id}`;
      // Not committed: the membership still counts, and this answer is kept at the old generation.
      expect((await check()).status).toBe(200);
      await reserved`commit`;
      expect((await check()).status).toBe(403);
    } finally {
      await reserved`rollback`; // a failed expectation above would otherwise leave the lock held
      reserved.release();
      await sql`insert into group_members (group_id, user_id) values (${ids.group}, ${person.id}) on conflict do nothing`;
    }
  });

  it("every table is either bumped on change or on the list of those that decide nothing", async () => {
    const sql = db.sql();
    const tables = (
      await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = current_schema() order by 1`
    ).map((t) => t.name);
    const bumped = (
      await sql<{ name: string }[]>`
        select distinct c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
         where t.tgname = 'access_changed' and t.tgdeferrable and t.tginitdeferred`
    ).map((t) => t.name);
    const undecided = tables.filter((t) => !bumped.includes(t) && !DECIDE_NOTHING.includes(t));
    expect(undecided, "a new table: does it decide who is asking or what they may open? (ADR 035)").toEqual([]);
    expect(bumped.filter((t) => DECIDE_NOTHING.includes(t))).toEqual([]);
  });
});
