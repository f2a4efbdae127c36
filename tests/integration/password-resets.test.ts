import { describe, expect, it } from "vitest";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { randomToken } from "~/auth/tokens.server";
import { verifyCredentials } from "~/auth/credentials.server";
import { hashPassword } from "~/auth/password.server";
import { adminSetPassword } from "~/models/manage-users.server";
import { completeReset, createResetLink, resetTokenUser } from "~/models/password-resets.server";
import { DAY, HOUR } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const system = { userId: null, ip: "127.0.0.1", userAgent: "vitest" };
const client = { ip: "127.0.0.1", userAgent: "vitest" };

describe("password reset links", () => {
  it("set a new password once, end every session, and store only the token's hash", async () => {
    const user = await makeUser(db.sql());
    const { token: session } = await createSession(db.sql(), user.id, { remember: true }, { expiryMs: DAY, maxLifetimeMs: DAY });
    const token = await createResetLink(db.sql(), system, user.id);
    expect(JSON.stringify(await db.sql()`select * from password_resets`)).not.toContain(token);
    expect((await resetTokenUser(db.sql(), token))?.username).toBe(user.username);
    expect(await completeReset(db.sql(), token, await hashPassword("a fresh passphrase"), client)).toBe(user.id);
    expect((await verifyCredentials(db.sql(), user.username, "a fresh passphrase")).ok).toBe(true);
    expect(await validateSessionToken(db.sql(), session, { expiryMs: DAY, maxLifetimeMs: DAY })).toBeNull();
    // Reuse refused, and the password stays what the first use set.
    expect(await completeReset(db.sql(), token, await hashPassword("attacker passphrase"), client)).toBeNull();
    expect((await verifyCredentials(db.sql(), user.username, "a fresh passphrase")).ok).toBe(true);
    const actions = await db.sql()`select action from audit_log where target_id = ${user.id} order by id`;
    expect(actions.map((a) => a.action)).toEqual(["password-reset.link-created", "password-reset.completed"]);
  });

  it("refuse an expired link after one hour", async () => {
    const user = await makeUser(db.sql());
    const token = await createResetLink(db.sql(), system, user.id, new Date(Date.now() - HOUR - 1000));
    expect(await resetTokenUser(db.sql(), token)).toBeNull();
    expect(await completeReset(db.sql(), token, "h", client)).toBeNull();
  });

  it("die when the password is changed another way, or a newer link is made", async () => {
    const user = await makeUser(db.sql());
    const first = await createResetLink(db.sql(), system, user.id);
    const second = await createResetLink(db.sql(), system, user.id);
    expect(await resetTokenUser(db.sql(), first)).toBeNull();
    await adminSetPassword(db.sql(), system, user.id, "h");
    expect(await resetTokenUser(db.sql(), second)).toBeNull();
  });

  it("refuse guessed and malformed tokens", async () => {
    for (const guess of [randomToken(), "", "' or 1=1 --", "A".repeat(32)]) {
      expect(await resetTokenUser(db.sql(), guess)).toBeNull();
      expect(await completeReset(db.sql(), guess, "h", client)).toBeNull();
    }
  });
});
