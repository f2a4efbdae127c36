import { describe, expect, it } from "vitest";
import {
  createSession,
  deleteExpiredSessions,
  invalidateSession,
  REFRESH_THROTTLE_MS,
  SHORT_SESSION_MS,
  validateSessionToken,
} from "~/auth/session.server";
import { countStatements, statementCount } from "~/db.server";
import { DAY, HOUR, MINUTE } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

countStatements();
const db = useTestDatabase();
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

describe("session tokens", () => {
  it("are <id>.<secret> with 160 random bits each, and only the secret's SHA-256 is stored", async () => {
    const user = await makeUser(db.sql());
    const { token, session } = await createSession(db.sql(), user.id, { remember: true }, policy);
    expect(token).toMatch(/^[a-z2-7]{32}\.[a-z2-7]{32}$/);
    const [id, secret] = token.split(".");
    expect(session.id).toBe(id);
    const [row] = await db.sql()`select * from sessions where id = ${id}`;
    expect(row.secretHash).toHaveLength(32);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(secret);
  });

  it("validate to the user and effective permissions in one SQL round trip", async () => {
    const user = await makeUser(db.sql(), { permissions: ["board-full-all"] });
    const { token } = await createSession(db.sql(), user.id, { remember: true }, policy);
    const before = statementCount();
    const result = await validateSessionToken(db.sql(), token, policy);
    expect(statementCount() - before).toBe(1);
    expect(result?.user.username).toBe(user.username);
    expect([...result!.permissions].sort()).toEqual(["board-create", "board-full-all", "board-modify-all", "board-view-all"]);
  });

  it("include permissions from the user's groups and from everyone", async () => {
    const sql = db.sql();
    const [group] = await sql`insert into groups (name) values ('media') returning id`;
    await sql`insert into group_permissions (group_id, permission) values (${group.id}, 'integration-use-all')`;
    await sql`insert into group_permissions (group_id, permission)
              select id, 'board-view-all' from groups where name = 'everyone'`;
    const user = await makeUser(sql, { groups: ["media"] });
    const { token } = await createSession(sql, user.id, { remember: false }, policy);
    const result = await validateSessionToken(sql, token, policy);
    expect([...result!.permissions].sort()).toEqual(["board-view-all", "integration-use-all"]);
    await sql`delete from group_permissions where permission = 'board-view-all'`;
  });

  it("refuses a tampered token: right id, wrong secret", async () => {
    const user = await makeUser(db.sql());
    const { token } = await createSession(db.sql(), user.id, { remember: true }, policy);
    const [id, secret] = token.split(".");
    const flipped = secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a");
    expect(await validateSessionToken(db.sql(), `${id}.${flipped}`, policy)).toBeNull();
    expect(await validateSessionToken(db.sql(), `${id}.${"a".repeat(32)}`, policy)).toBeNull();
    // The real owner's session is untouched by the attempt.
    expect(await validateSessionToken(db.sql(), token, policy)).not.toBeNull();
  });

  it("refuses malformed tokens without querying", async () => {
    const before = statementCount();
    for (const bad of ["", "abc", "a.b", `${"a".repeat(32)}`, `${"A".repeat(32)}.${"a".repeat(32)}`, "' or 1=1 --.x"]) {
      expect(await validateSessionToken(db.sql(), bad, policy)).toBeNull();
    }
    expect(statementCount()).toBe(before);
  });

  it("refuses an expired token and deletes its row", async () => {
    const user = await makeUser(db.sql());
    const now = new Date();
    const { token, session } = await createSession(db.sql(), user.id, { remember: true }, policy, now);
    expect(await validateSessionToken(db.sql(), token, policy, at(now, 7 * DAY + 1))).toBeNull();
    const rows = await db.sql()`select 1 from sessions where id = ${session.id}`;
    expect(rows).toHaveLength(0);
  });

  it("refuses a revoked token", async () => {
    const user = await makeUser(db.sql());
    const { token, session } = await createSession(db.sql(), user.id, { remember: true }, policy);
    await invalidateSession(db.sql(), session.id);
    expect(await validateSessionToken(db.sql(), token, policy)).toBeNull();
  });

  it("refuses the session of a user made inactive", async () => {
    const user = await makeUser(db.sql());
    const { token } = await createSession(db.sql(), user.id, { remember: true }, policy);
    await db.sql()`update users set status = 'inactive' where id = ${user.id}`;
    expect(await validateSessionToken(db.sql(), token, policy)).toBeNull();
  });

  it("slide the expiry forward, writing at most once an hour", async () => {
    const user = await makeUser(db.sql());
    const now = new Date();
    const { token, session } = await createSession(db.sql(), user.id, { remember: true }, policy, now);
    const soon = await validateSessionToken(db.sql(), token, policy, at(now, 30 * MINUTE));
    expect(soon?.refreshed).toBe(false);
    expect(soon?.session.expiresAt.getTime()).toBe(session.expiresAt.getTime());
    const later = at(now, REFRESH_THROTTLE_MS + MINUTE);
    const slid = await validateSessionToken(db.sql(), token, policy, later);
    expect(slid?.refreshed).toBe(true);
    expect(slid?.session.expiresAt.getTime()).toBe(later.getTime() + 7 * DAY);
    expect(REFRESH_THROTTLE_MS).toBe(HOUR);
  });

  it("never outlive the absolute maximum lifetime, however active", async () => {
    const user = await makeUser(db.sql());
    const now = new Date();
    const { token } = await createSession(db.sql(), user.id, { remember: true }, policy, now);
    let t = now;
    for (let day = 1; day <= 29; day += 3) {
      t = at(now, day * DAY);
      expect(await validateSessionToken(db.sql(), token, policy, t)).not.toBeNull();
    }
    const last = await validateSessionToken(db.sql(), token, policy, at(now, 29 * DAY + 2 * HOUR));
    expect(last?.session.expiresAt.getTime()).toBe(now.getTime() + 30 * DAY);
    expect(await validateSessionToken(db.sql(), token, policy, at(now, 30 * DAY + 1))).toBeNull();
  });

  it("last one day on the server without Remember me", async () => {
    const user = await makeUser(db.sql());
    const now = new Date();
    const { session } = await createSession(db.sql(), user.id, { remember: false }, policy, now);
    expect(SHORT_SESSION_MS).toBe(DAY);
    expect(session.expiresAt.getTime()).toBe(now.getTime() + DAY);
  });

  it("are swept when expired", async () => {
    const user = await makeUser(db.sql());
    const now = new Date();
    const old = await createSession(db.sql(), user.id, { remember: false }, policy, at(now, -2 * DAY));
    const fresh = await createSession(db.sql(), user.id, { remember: false }, policy, now);
    expect(await deleteExpiredSessions(db.sql(), now)).toBeGreaterThanOrEqual(1);
    const ids = (await db.sql()`select id from sessions where user_id = ${user.id}`).map((r) => r.id);
    expect(ids).toEqual([fresh.session.id]);
    expect(ids).not.toContain(old.session.id);
  });
});
