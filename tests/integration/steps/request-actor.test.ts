import { describe, expect, it } from "vitest";
import { GUEST } from "~/auth/actor.server";
import { apiKeyIpKey } from "~/auth/api-key.server";
import { createSession } from "~/auth/session.server";
import { createApiKey } from "~/models/api-keys.server";
import { actingUserId, resolveRequestActor } from "~/server/steps/request-actor.server";
import { DAY, HOUR, MINUTE } from "~/utils/time";
import { useTestDatabase } from "../../fixtures/database";
import { makeUser } from "../../fixtures/users";

const db = useTestDatabase();
const config = {
  lockout: { accountAttempts: 5, ipAttempts: 3, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  sessionExpiryMs: 7 * DAY,
  sessionMaxLifetimeMs: 30 * DAY,
};
const client = (ip = "198.51.100.20") => ({ ip, userAgent: "curl/8" });

async function keyOf(ownerPermissions = ["admin"]) {
  const owner = await makeUser(db.sql(), { permissions: ownerPermissions });
  const { token } = await createApiKey(
    db.sql(),
    { userId: null, ip: null, userAgent: null },
    { userId: owner.id, description: "script", permissions: ["board-create"] as never, actAsOwner: false, expiresAt: null },
  );
  return { owner, token };
}

describe("resolving the request's actor", () => {
  it("resolves a good API key to its owner, with the key's permissions ∩ theirs and no session", async () => {
    const { owner, token } = await keyOf();
    const resolved = await resolveRequestActor(db.sql(), { kind: "api-key", key: token }, client(), config);
    if (resolved instanceof Response) throw new Error(`refused: ${resolved.status}`);
    expect(resolved.session).toBeNull();
    expect(resolved.actor).toMatchObject({ kind: "api-key", user: { id: owner.id }, apiKey: { actAsOwner: false } });
    expect(actingUserId(resolved.actor)).toBe(owner.id);
  });

  it("refuses a bad API key with 401, WWW-Authenticate and why (to the holder of the secret only)", async () => {
    const { token } = await keyOf();
    const malformed = (await resolveRequestActor(db.sql(), { kind: "api-key", key: "porch_nope" }, client(), config)) as Response;
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(malformed.headers.get("cache-control")).toBe("no-store");
    expect(await malformed.json()).toEqual({ error: "Malformed API key: expected porch_<id>_<secret>." });
    const wrong = (await resolveRequestActor(
      db.sql(),
      { kind: "api-key", key: `${token.slice(0, -4)}aaaa` },
      client(),
      config,
    )) as Response;
    expect(await wrong.json()).toEqual({ error: "Invalid API key." });
  });

  it("answers 429 with Retry-After once an address has failed too often", async () => {
    const ip = "198.51.100.21";
    for (let i = 0; i < config.lockout.ipAttempts; i++)
      await resolveRequestActor(db.sql(), { kind: "api-key", key: "porch_x" }, client(ip), config);
    const { token } = await keyOf();
    const throttled = (await resolveRequestActor(db.sql(), { kind: "api-key", key: token }, client(ip), config)) as Response;
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect(await throttled.json()).toEqual({ error: "Too many failed API key attempts from this address. Try again later." });
    const [row] = await db.sql()`select key from auth_throttle where key = ${apiKeyIpKey(ip)}`;
    expect(row).toBeDefined();
  });

  it("resolves a session cookie to its user and the session it validated (slid forward after an hour)", async () => {
    const user = await makeUser(db.sql());
    const policy = { expiryMs: config.sessionExpiryMs, maxLifetimeMs: config.sessionMaxLifetimeMs };
    const { token } = await createSession(db.sql(), user.id, { remember: true }, policy, new Date(Date.now() - 2 * HOUR));
    const resolved = await resolveRequestActor(db.sql(), { kind: "cookie", token }, client(), config);
    if (resolved instanceof Response) throw new Error(`refused: ${resolved.status}`);
    expect(resolved.actor).toMatchObject({ kind: "session", user: { id: user.id } });
    expect(resolved.session).toMatchObject({ refreshed: true, session: { remember: true } });
    expect(actingUserId(resolved.actor)).toBe(user.id);
  });

  it("makes a guest of a request without a cookie, or with one naming no session", async () => {
    for (const token of [undefined, "forged.cookie"]) {
      expect(await resolveRequestActor(db.sql(), { kind: "cookie", token }, client(), config)).toEqual({ actor: GUEST, session: null });
    }
    expect(actingUserId(GUEST)).toBeNull();
  });
});
