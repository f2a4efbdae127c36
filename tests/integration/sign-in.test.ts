import { describe, expect, it } from "vitest";
import { GUEST } from "~/auth/actor.server";
import { endSession, startSession } from "~/auth/sign-in.server";
import { createSession, sessionIdOf, validateSessionToken } from "~/auth/session.server";
import { setConfigForTests } from "~/config.server";
import type { PorchContext } from "~/load-context";
import { DAY } from "~/utils/time";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };

function contextWith(token: string | null): PorchContext {
  return { actor: GUEST, client: { ip: "127.0.0.1", userAgent: "vitest" }, origin: "http://porch.test", requestId: "t", sessionToken: token, cspNonce: "", flags: { databaseFailed: false } };
}

describe("starting and ending sessions", () => {
  it("refuses session fixation: a token planted before sign-in is dead after it", async () => {
    const attacker = await makeUser(db.sql());
    const victim = await makeUser(db.sql());
    const planted = await createSession(db.sql(), attacker.id, { remember: false }, policy);
    const cookie = await startSession(contextWith(planted.token) as never, victim.id, { remember: true, provider: "credentials" });
    const fresh = /porch_session=([^;]+)/.exec(cookie)![1];
    expect(fresh).not.toBe(planted.token);
    expect(sessionIdOf(fresh)).not.toBe(planted.session.id);
    expect(await validateSessionToken(db.sql(), planted.token, policy)).toBeNull();
    expect((await validateSessionToken(db.sql(), fresh, policy))?.user.id).toBe(victim.id);
    expect(cookie).toMatch(/; Expires=/);
  });

  it("writes a session cookie without Expires when Remember me is off", async () => {
    const user = await makeUser(db.sql());
    const cookie = await startSession(contextWith(null) as never, user.id, { remember: false, provider: "credentials" });
    expect(cookie).not.toMatch(/Expires=/);
    expect(cookie).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it("refuses to send the session cookie without Secure when BASE_URL is https", async () => {
    const user = await makeUser(db.sql());
    setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), baseUrl: new URL("https://porch.example"), secureCookies: true });
    try {
      const cookie = await startSession(contextWith(null) as never, user.id, { remember: true, provider: "credentials" });
      expect(cookie).toMatch(/; Secure$/);
      expect((await endSession(contextWith(null) as never)).cookie).toMatch(/; Secure$/);
    } finally {
      setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url() });
    }
  });

  it("records sign-in and sign-out in the audit log, never the token", async () => {
    const user = await makeUser(db.sql());
    const cookie = await startSession(contextWith(null) as never, user.id, { remember: false, provider: "credentials" });
    const token = /porch_session=([^;]+)/.exec(cookie)![1];
    const actor = { kind: "user" as const, user: { id: user.id } };
    await endSession({ ...contextWith(token), actor } as never);
    expect(await validateSessionToken(db.sql(), token, policy)).toBeNull();
    const rows = await db.sql()`select action, details::text as details from audit_log where actor_user_id = ${user.id} order by id`;
    expect(rows.map((r) => r.action)).toEqual(["auth.sign-in", "auth.sign-out"]);
    for (const r of rows) expect(r.details).not.toContain(token.split(".")[1]);
  });
});
