import { afterEach, describe, expect, it, vi } from "vitest";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { sessionRef } from "~/auth/tokens.server";
import { setConfigForTests } from "~/config.server";
import { listAuditLog, purgeAuditLog, recentFailures, signInChart } from "~/models/audit-log.server";
import { recordAudit, recordDenied } from "~/models/audit.server";
import { adminEndAccess } from "~/models/manage-users.server";
import { revokeOtherSessions, revokeSession } from "~/models/sessions.server";
import { DAY, HOUR } from "~/utils/time";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };
const system = { userId: null, ip: "127.0.0.1", userAgent: "vitest" };

afterEach(() => {
  vi.restoreAllMocks();
  setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url() });
});

describe("the audit log", () => {
  it("pages newest first by keyset without skipping or repeating a row", async () => {
    const sql = db.sql();
    const base = Date.UTC(2026, 0, 1);
    await sql`
      insert into audit_log (action, created_at, ip)
      select 'test.page', to_timestamp(${base / 1000} + (i / 3)), '198.51.100.' || (i % 2)
        from generate_series(1, 125) i`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listAuditLog>> = await listAuditLog(sql, { action: "test.page" }, { cursor, limit: 20 });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toHaveLength(125);
    expect(new Set(seen).size).toBe(125);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
    const filtered = await listAuditLog(sql, { action: "test.", ip: "198.51.100.1" }, { limit: 200 });
    expect(filtered.rows).toHaveLength(63);
    const ranged = await listAuditLog(
      sql,
      { action: "test.page", from: new Date(base + 10_000), to: new Date(base + 20_000) },
      { limit: 200 },
    );
    expect(ranged.rows.length).toBe(30);
  });

  it("filters by actor username, or anonymous", async () => {
    const user = await makeUser(db.sql(), { username: "Filterer" });
    await recordAudit(db.sql(), { action: "test.actor", actorUserId: user.id });
    await recordAudit(db.sql(), { action: "test.actor" });
    expect((await listAuditLog(db.sql(), { action: "test.actor", actor: "filterer" })).rows.map((r) => r.actorUsername)).toEqual([
      "Filterer",
    ]);
    expect((await listAuditLog(db.sql(), { action: "test.actor", actor: "anonymous" })).rows).toHaveLength(1);
  });

  it("counts successful and failed sign-ins per hour for the chart", async () => {
    const now = new Date(Date.UTC(2026, 5, 1, 12));
    await db.sql()`
      insert into audit_log (action, created_at) values
        ('auth.sign-in', ${new Date(now.getTime() - 90 * 60_000)}),
        ('auth.sign-in.failed', ${new Date(now.getTime() - 80 * 60_000)}),
        ('auth.sign-in.failed', ${new Date(now.getTime() - 70 * 60_000)}),
        ('auth.sign-in', ${new Date(now.getTime() - 10 * 60_000)})`;
    const chart = await signInChart(db.sql(), new Date(now.getTime() - 3 * HOUR), now);
    expect(chart.unit).toBe("hour");
    expect(chart.buckets.map((b) => [b.succeeded, b.failed])).toEqual([
      [0, 0],
      [1, 2],
      [1, 0],
    ]);
    expect((await signInChart(db.sql(), new Date(now.getTime() - 7 * DAY), now)).unit).toBe("day");
  });

  it("lists every failure that counts toward an account's lock: sign-ins and the password checks of a signed-in session", async () => {
    const sql = db.sql();
    const name = `locked_${Date.now().toString(36)}`;
    await recordAudit(sql, {
      action: "auth.sign-in.failed",
      actorUserId: null,
      ip: "192.0.2.1",
      userAgent: null,
      targetType: null,
      targetId: null,
      details: { username: name, reason: "wrong password" },
    });
    await recordAudit(sql, {
      action: "auth.check.failed",
      actorUserId: null,
      ip: "192.0.2.2",
      userAgent: null,
      targetType: null,
      targetId: null,
      details: { username: name.toUpperCase(), check: "current-password", reason: "wrong current-password" },
    });
    const failures = await recentFailures(sql, name);
    expect(failures.map((f) => [f.ip, f.reason])).toEqual([
      ["192.0.2.2", "signed in: wrong current-password"],
      ["192.0.2.1", "wrong password"],
    ]);
  });

  it("keeps rows for the retention period only", async () => {
    const now = new Date();
    await db.sql()`insert into audit_log (action, created_at) values ('test.old', ${new Date(now.getTime() - 400 * DAY)}), ('test.recent', ${now})`;
    expect(await purgeAuditLog(db.sql(), 365, now)).toBeGreaterThanOrEqual(1);
    expect(await db.sql()`select 1 from audit_log where action = 'test.old'`).toHaveLength(0);
    expect(await db.sql()`select 1 from audit_log where action = 'test.recent'`).toHaveLength(1);
  });

  it("records denied access at most once per user, path and hour", async () => {
    const user = await makeUser(db.sql());
    const denied = { userId: user.id, path: "/manage/users", status: 403, method: "GET", ip: "203.0.113.7", userAgent: "probe" };
    for (let i = 0; i < 5; i++) await recordDenied(db.sql(), denied);
    await recordDenied(db.sql(), { ...denied, path: "/manage/users/groups" });
    const rows = await db.sql()`select target_id, ip from audit_log where action = 'access.denied' and actor_user_id = ${user.id}`;
    expect(rows.map((r) => r.targetId).sort()).toEqual(["/manage/users", "/manage/users/groups"]);
    expect(rows[0].ip).toBe("203.0.113.7");
  });

  it("also writes each event as a JSON line on stdout when AUDIT_LOG_STDOUT is on", async () => {
    setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), auditStdout: true });
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await recordAudit(db.sql(), { action: "auth.sign-in.failed", ip: "192.0.2.1", details: { reason: "wrong-password" } });
    const line = JSON.parse(log.mock.calls.at(-1)![0] as string);
    expect(line).toMatchObject({ audit: "auth.sign-in.failed", ip: "192.0.2.1", details: { reason: "wrong-password" } });
  });

  it("never breaks the action it describes when its own write fails", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    await db.sql().begin(async (tx) => {
      await recordAudit(tx, { action: "test.bad", actorUserId: "00000000-0000-0000-0000-000000000000" });
      await tx`insert into audit_log (action) values ('test.after-failure')`;
    });
    expect(await db.sql()`select 1 from audit_log where action = 'test.after-failure'`).toHaveLength(1);
    expect(error).toHaveBeenCalled();
  });
});

describe("session events", () => {
  it("are audited: revoked one, revoked others, revoked all, expired", async () => {
    const sql = db.sql();
    const user = await makeUser(sql);
    const a = await createSession(sql, user.id, { remember: true }, policy);
    const b = await createSession(sql, user.id, { remember: true }, policy);
    const c = await createSession(sql, user.id, { remember: true }, policy);
    expect(await revokeSession(sql, { ...system, userId: user.id }, user.id, sessionRef(a.session.id))).toBe(true);
    expect(await validateSessionToken(sql, a.token, policy)).toBeNull();
    await revokeOtherSessions(sql, { ...system, userId: user.id }, user.id, b.session.id);
    expect(await validateSessionToken(sql, c.token, policy)).toBeNull();
    expect(await validateSessionToken(sql, b.token, policy)).not.toBeNull();
    await adminEndAccess(sql, system, user.id);
    const d = await createSession(sql, user.id, { remember: false }, policy, new Date(Date.now() - 2 * DAY));
    await validateSessionToken(sql, d.token, policy);
    // Sessions are named by their reference in the log (never by their id).
    const actions =
      await sql`select action from audit_log where target_id in (${sessionRef(a.session.id)}, ${user.id}, ${sessionRef(d.session.id)}) order by id`;
    expect(actions.map((r) => r.action)).toEqual(["session.revoked", "session.revoked-others", "session.revoked-all", "session.expired"]);
  });

  it("refuse revoking someone else's session by its id, and change nothing", async () => {
    const sql = db.sql();
    const owner = await makeUser(sql);
    const attacker = await makeUser(sql);
    const victim = await createSession(sql, owner.id, { remember: true }, policy);
    // Neither by the reference pages and logs show, nor by the id itself.
    expect(await revokeSession(sql, { ...system, userId: attacker.id }, attacker.id, sessionRef(victim.session.id))).toBe(false);
    expect(await revokeSession(sql, { ...system, userId: attacker.id }, attacker.id, victim.session.id)).toBe(false);
    expect(await validateSessionToken(sql, victim.token, policy)).not.toBeNull();
  });
});
