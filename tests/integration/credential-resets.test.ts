import { describe, expect, it } from "vitest";
import { authenticatorFor } from "~/auth/authenticator.server";
import { GUEST } from "~/auth/actor.server";
import { finishSignIn } from "~/auth/finish-sign-in.server";
import { resolveApiKey } from "~/auth/api-key.server";
import { createPendingSignIn, readPendingSignIn } from "~/auth/pending-sign-in.server";
import { PasswordChangedError } from "~/auth/sign-in-proof.server";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { createSql, setSqlForTests } from "~/db.server";
import { changeOwnPassword } from "~/models/account.server";
import { createApiKey, SessionEndedError } from "~/models/api-keys.server";
import { resetCredentials } from "~/models/credentials-reset.server";
import { adminEndAccess, adminSetPassword, setUserStatus } from "~/models/manage-users.server";
import { completeReset, createResetLink } from "~/models/password-resets.server";
import { cliResetPassword } from "~/server/cli.server";
import { DAY, MINUTE } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

// Whoever had the old password may have made API keys and started a two-factor sign-in: a reset that
// recovers an account ends all of it, not just the sessions, and says so.

const db = useTestDatabase();
const system = { userId: null, ip: "127.0.0.1", userAgent: "vitest" };
const client = { ip: "127.0.0.1", userAgent: "vitest" };
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };
const throttle = { accountAttempts: 5, ipAttempts: 1000, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

/** A user signed in twice, with an API key and a pending two-factor sign-in: all an attacker could hold. */
async function compromised() {
  const sql = db.sql();
  const user = await makeUser(sql);
  const here = await createSession(sql, user.id, { remember: true }, policy);
  const there = await createSession(sql, user.id, { remember: true }, policy);
  const key = await createApiKey(
    sql,
    { ...system, userId: user.id },
    {
      userId: user.id,
      description: "made with the stolen password",
      permissions: [],
      actAsOwner: true,
      expiresAt: null,
    },
  );
  const pending = await createPendingSignIn(sql, { userId: user.id, remember: false });
  return { user, here, there, key, pending };
}

const keyWorks = async (token: string) => (await resolveApiKey(db.sql(), token, client, throttle)).ok;
const sessionWorks = async (token: string) => (await validateSessionToken(db.sql(), token, policy)) !== null;
const pendingWorks = async (token: string) => (await readPendingSignIn(db.sql(), token)) !== null;

async function lastAudit(userId: string, action: string) {
  const [row] = await db.sql()`select details from audit_log where target_id = ${userId} and action = ${action} order by id desc limit 1`;
  return row?.details as Record<string, unknown> | undefined;
}

/** A passkey on the account, as one added with a stolen password and session would be. */
async function withPasskey(userId: string) {
  await db.sql()`
    insert into webauthn_credentials (id, user_id, public_key, device_type, name)
    values (${`cred-${userId}`}, ${userId}, ${new Uint8Array([1, 2, 3])}, 'singleDevice', 'the thief''s')`;
}
const passkeysOf = async (userId: string) => (await db.sql()`select 1 from webauthn_credentials where user_id = ${userId}`).length;

describe("credential resets", () => {
  it("refuses to let a passkey outlive any recovery; changing one's own password keeps them (attack23)", async () => {
    const sql = db.sql();
    const recoveries: Array<[string, (userId: string) => Promise<unknown>]> = [
      ["password-reset.completed", async (id) => completeReset(sql, await createResetLink(sql, system, id), "new-hash", client)],
      ["user.password-reset-by-admin", (id) => adminSetPassword(sql, system, id, "new-hash")],
      ["session.revoked-all", (id) => adminEndAccess(sql, system, id)],
      ["user.status-changed", (id) => setUserStatus(sql, system, id, "inactive")],
    ];
    for (const [action, recover] of recoveries) {
      const user = await makeUser(sql);
      await withPasskey(user.id);
      await recover(user.id);
      expect(await passkeysOf(user.id), action).toBe(0);
      expect(await lastAudit(user.id, action), action).toMatchObject({ passkeysRemoved: 1 });
    }
    const owner = await makeUser(sql);
    await withPasskey(owner.id);
    const here = await createSession(sql, owner.id, { remember: true }, policy);
    await changeOwnPassword(sql, { ...system, userId: owner.id }, "their-new-hash", here.session.id, { endApiKeys: true });
    expect(await passkeysOf(owner.id)).toBe(1);
  });

  it("refuses to let API keys outlive a reset link: keys, sessions and pending sign-ins end, and the log says so", async () => {
    const { user, here, key, pending } = await compromised();
    const token = await createResetLink(db.sql(), system, user.id);
    expect(await completeReset(db.sql(), token, "new-hash", client)).toBe(user.id);
    expect(await keyWorks(key.token)).toBe(false);
    expect(await sessionWorks(here.token)).toBe(false);
    expect(await pendingWorks(pending)).toBe(false);
    expect(await lastAudit(user.id, "password-reset.completed")).toMatchObject({ sessionsEnded: 2, apiKeysRevoked: 1 });
  });

  it("refuses to let a key made by a session at the moment of a reset outlive it (a thief racing the recovery)", async () => {
    const sql = db.sql();
    const { user, here } = await compromised();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // The recovery has ended the sessions and revoked the keys, and hasn't committed yet...
    let resetDone = false;
    const reset = sql.begin(async (tx) => {
      await resetCredentials(tx, { ...system, userId: null }, user.id, { action: "session.revoked-all", endApiKeys: true });
      resetDone = true;
      await held;
    });
    while (!resetDone) await new Promise((resolve) => setTimeout(resolve, 10));
    // ...while the thief's request, whose session was valid when it arrived, makes a key.
    const made = createApiKey(
      sql,
      { ...system, userId: user.id },
      {
        userId: user.id,
        description: "persist",
        permissions: [],
        actAsOwner: true,
        expiresAt: null,
        sessionId: here.session.id,
      },
    ).then(
      (k) => k,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await reset;
    const outcome = await made;
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(SessionEndedError);
    else expect(await keyWorks((outcome as { token: string }).token)).toBe(false);
    const [{ n }] = await sql`select count(*)::int as n from api_keys where user_id = ${user.id} and revoked_at is null`;
    expect(n).toBe(0);
  });

  it("refuses a session to a sign-in that checked the old password while it was being changed (a thief racing the owner)", async () => {
    const sql = db.sql();
    const user = await makeUser(sql);
    const context = { actor: GUEST, client, requestId: "t", cspNonce: "", origin: "http://porch.test" };
    const request = new Request("http://porch.test/auth/login", {
      method: "POST",
      body: new URLSearchParams({ username: user.username, password: user.password }),
    });
    // The thief's request has checked the old password...
    const outcome = await authenticatorFor(context as never).authenticate("credentials", request);
    expect(outcome.ok).toBe(true);
    // ...then the owner's new password lands, before the thief's session is made.
    await adminSetPassword(sql, system, user.id, "a-new-hash");
    const cookie = await finishSignIn(context as never, user.id, { remember: false, provider: "credentials" });
    expect(cookie).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(await sql`select 1 from sessions where user_id = ${user.id}`).toHaveLength(0);
    const [audit] =
      await sql`select details from audit_log where target_id = ${user.id} and action = 'auth.sign-in.failed' order by id desc limit 1`;
    expect(audit.details.reason).toBe("the password changed during the sign-in");
  });

  it("refuses the two-factor step to a sign-in whose password changed under it, at either step", async () => {
    const sql = db.sql();
    const user = await makeUser(sql);
    const context = { actor: GUEST, client, requestId: "t", cspNonce: "", origin: "http://porch.test" };
    const request = () =>
      new Request("http://porch.test/auth/login", {
        method: "POST",
        body: new URLSearchParams({ username: user.username, password: user.password }),
      });
    // The password step checked the old password; the change lands before its pending step is written.
    expect((await authenticatorFor(context as never).authenticate("credentials", request())).ok).toBe(true);
    const proved = (context as { signInProof?: { userId: string; passwordHash: string } }).signInProof;
    await adminSetPassword(sql, system, user.id, "another-new-hash");
    await expect(createPendingSignIn(sql, { userId: user.id, remember: false }, proved)).rejects.toBeInstanceOf(PasswordChangedError);
    expect(await sql`select 1 from pending_sign_ins where user_id = ${user.id}`).toHaveLength(0);
    // The code step read its pending row (and the hash it proves); the change lands before the session.
    const token = await createPendingSignIn(sql, { userId: user.id, remember: false });
    const pending = (await readPendingSignIn(sql, token))!;
    await adminSetPassword(sql, system, user.id, "a-third-hash");
    const codeStep = { ...context, signInProof: { userId: pending.userId, passwordHash: pending.passwordHash! } };
    const cookie = await finishSignIn(codeStep as never, user.id, { remember: false, provider: "credentials+totp" });
    expect(cookie).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(await sql`select 1 from sessions where user_id = ${user.id}`).toHaveLength(0);
  });

  it("refuses to let API keys outlive a password an admin set", async () => {
    const { user, here, key, pending } = await compromised();
    await adminSetPassword(db.sql(), system, user.id, "new-hash");
    expect(await keyWorks(key.token)).toBe(false);
    expect(await sessionWorks(here.token)).toBe(false);
    expect(await pendingWorks(pending)).toBe(false);
    expect(await lastAudit(user.id, "user.password-reset-by-admin")).toMatchObject({ sessionsEnded: 2, apiKeysRevoked: 1 });
  });

  it("refuses to let API keys outlive the CLI's reset-password, and its output says so", async () => {
    const { user, here, key, pending } = await compromised();
    // The CLI closes the pool it used: give it its own.
    setSqlForTests(createSql(db.url()));
    const output = await cliResetPassword(user.username);
    setSqlForTests(db.sql());
    expect(output).toMatch(/Their sessions and 1 API key have ended/);
    expect(await keyWorks(key.token)).toBe(false);
    expect(await sessionWorks(here.token)).toBe(false);
    expect(await pendingWorks(pending)).toBe(false);
    expect(await lastAudit(user.id, "user.password-reset-by-cli")).toMatchObject({ sessionsEnded: 2, apiKeysRevoked: 1 });
  });

  it("refuses to let API keys outlive your own password change when you ask; left unticked they keep working, and the log says which", async () => {
    const asked = await compromised();
    await changeOwnPassword(db.sql(), { ...system, userId: asked.user.id }, "new-hash", asked.here.session.id, { endApiKeys: true });
    expect(await keyWorks(asked.key.token)).toBe(false);
    expect(await sessionWorks(asked.here.token)).toBe(true);
    expect(await sessionWorks(asked.there.token)).toBe(false);
    expect(await pendingWorks(asked.pending)).toBe(false);
    expect(await lastAudit(asked.user.id, "account.password-changed")).toMatchObject({ sessionsEnded: 1, apiKeysRevoked: 1 });

    const kept = await compromised();
    await changeOwnPassword(db.sql(), { ...system, userId: kept.user.id }, "new-hash", kept.here.session.id, { endApiKeys: false });
    expect(await keyWorks(kept.key.token)).toBe(true);
    expect(await sessionWorks(kept.there.token)).toBe(false);
    expect(await lastAudit(kept.user.id, "account.password-changed")).toMatchObject({ sessionsEnded: 1, apiKeysRevoked: 0 });
  });

  it("refuses to revive a deactivated user's API keys when they are made active again", async () => {
    const { user, key, pending } = await compromised();
    await setUserStatus(db.sql(), system, user.id, "inactive");
    await setUserStatus(db.sql(), system, user.id, "active");
    expect(await keyWorks(key.token)).toBe(false);
    expect(await pendingWorks(pending)).toBe(false);
    expect(await lastAudit(user.id, "user.status-changed")).toMatchObject({ status: "active" });
    const [deactivated] = await db.sql()`
      select details from audit_log where target_id = ${user.id} and action = 'user.status-changed' and details->>'status' = 'inactive'`;
    expect(deactivated.details).toMatchObject({ sessionsEnded: 2, apiKeysRevoked: 1 });
  });
});
