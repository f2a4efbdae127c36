import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import { authenticatorFor } from "~/auth/authenticator.server";
import { codeAt, stepAt } from "~/auth/totp";
import { beginEnrollment, confirmEnrollment, twoFactorState, usesTwoFactor } from "~/models/two-factor.server";
import { useTestDatabase } from "../fixtures/database";
import { contextFor, cookieFrom, formPost, messagesOf, run, signedInContext, statusOf } from "../fixtures/routes";
import { makeUser } from "../fixtures/users";

// One account budget: every check of something a person knows — password, two-factor code, recovery
// code, at sign-in or inside a session — spends from the same 5 attempts, and only a whole sign-in
// gives them back.

const db = useTestDatabase();
const TOO_MANY = "Too many attempts, try again in 15 minutes.";

async function enrolled() {
  const user = await makeUser(db.sql());
  await beginEnrollment(db.sql(), user);
  const key = decodeBase32IgnorePadding((await twoFactorState(db.sql(), user)).pending!.secret);
  const codes = await confirmEnrollment(db.sql(), { ip: null, userAgent: null, userId: user.id }, codeAt(key, stepAt(new Date())));
  return { user, key, recovery: codes! };
}

/** A code that is wrong now (none of the three steps the server accepts). */
function wrongCode(key: Uint8Array, i: number): string {
  const valid = [-1, 0, 1].map((d) => codeAt(key, stepAt(new Date()) + d));
  let code = String(100000 + i * 7919).slice(0, 6);
  while (valid.includes(code)) code = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
  return code;
}

/** The password step of the login form; the pending-sign-in cookie, or the messages of a refusal. */
async function passwordStep(username: string, password: string, ip: string) {
  const { action } = await import("~/routes/auth.login");
  const answer = await run(() =>
    action({ request: formPost("/auth/login", { username, password }), context: contextFor(undefined, ip), params: {} } as never),
  );
  const pending = cookieFrom(answer, "porch_2fa");
  return { pending, messages: messagesOf(answer), answer };
}

async function codeStep(pending: string, code: string, ip: string) {
  const { action } = await import("~/routes/auth.2fa");
  const answer = await run(() =>
    action({ request: formPost("/auth/2fa", { code }, `porch_2fa=${pending}`), context: contextFor(undefined, ip), params: {} } as never),
  );
  return { answer, status: statusOf(answer), messages: messagesOf(answer), session: cookieFrom(answer, "porch_session") };
}

const sessionsOf = async (userId: string) => (await db.sql()`select count(*)::int as n from sessions where user_id = ${userId}`)[0].n;

describe("one account budget for everything a person knows", () => {
  it("refuses unlimited code guessing by re-entering the password: codes, recovery codes and passwords spend one budget", async () => {
    const { user, key } = await enrolled();
    const ip = "203.0.113.31";
    const before = await sessionsOf(user.id);
    let wrongGuesses = 0;
    let refused = false;
    // The attack: a few wrong codes, the (known) password again, a few more wrong codes, and so on.
    for (let round = 0; round < 4 && !refused; round++) {
      const { pending } = await passwordStep(user.username, user.password, ip);
      if (!pending) {
        refused = true;
        break;
      }
      for (let i = 0; i < 4; i++) {
        const guess = i % 2 ? "abcde-fghij" : wrongCode(key, round * 4 + i);
        const { messages, status } = await codeStep(pending, guess, ip);
        expect(status).toBe(400);
        if (messages.includes(TOO_MANY) && !messages.some((m) => /didn't work/.test(m))) {
          refused = true;
          break;
        }
        wrongGuesses++;
      }
    }
    expect(refused).toBe(true);
    expect(wrongGuesses).toBeLessThanOrEqual(5);
    // Now even the right password is refused, and the right code after it would be too.
    const again = await passwordStep(user.username, user.password, ip);
    expect(again.pending).toBeNull();
    expect(again.messages).toContain(TOO_MANY);
    expect(await sessionsOf(user.id)).toBe(before);
  });

  it("gives the budget back only when the whole sign-in succeeds, password and code", async () => {
    const { user, key } = await enrolled();
    const ip = "203.0.113.32";
    for (let i = 0; i < 2; i++) expect((await passwordStep(user.username, `wrong-${i}`, ip)).pending).toBeNull();
    const { pending } = await passwordStep(user.username, user.password, ip);
    expect((await codeStep(pending!, wrongCode(key, 1), ip)).status).toBe(400);
    // The next step's code: enrolling spent the current one.
    const done = await codeStep(pending!, codeAt(key, stepAt(new Date()) + 1), ip);
    expect(done.status).toBe(302);
    expect(done.session).not.toBeNull();
    // Forgiven: a fresh budget of 5.
    for (let i = 0; i < 4; i++) expect((await passwordStep(user.username, `wrong-again-${i}`, ip)).messages).not.toContain(TOO_MANY);
    expect((await passwordStep(user.username, user.password, ip)).pending).not.toBeNull();
  });

  it("refuses unlimited guessing of the current password on My account: it spends the sign-in budget", async () => {
    const user = await makeUser(db.sql());
    const ip = "203.0.113.33";
    const context = await signedInContext(db.sql(), user.id, ip);
    const { action } = await import("~/routes/settings._index");
    const change = (currentPassword: string) =>
      run(() =>
        action({
          request: formPost("/settings", {
            intent: "password",
            currentPassword,
            password: "a brand new passphrase",
            confirmPassword: "a brand new passphrase",
          }),
          context,
          params: {},
        } as never),
      );
    const [{ passwordHash: hashBefore }] = await db.sql()`select password_hash from users where id = ${user.id}`;
    for (let i = 0; i < 5; i++) {
      const answer = await change(`guess-${i}`);
      expect(statusOf(answer)).toBe(400);
      expect(messagesOf(answer)).toContain("That is not your current password");
    }
    const right = await change(user.password);
    expect(statusOf(right)).toBe(400);
    expect(messagesOf(right)).toContain(TOO_MANY);
    const [{ passwordHash: hashAfter }] = await db.sql()`select password_hash from users where id = ${user.id}`;
    expect(hashAfter).toBe(hashBefore);
    // The same budget as signing in: the account is locked there too.
    const signIn = await authenticatorFor(contextFor(undefined, "203.0.113.34")).authenticate(
      "credentials",
      formPost("/auth/login", { username: user.username, password: user.password }),
    );
    expect(signIn.ok).toBe(false);
  });

  it("refuses unlimited password guessing when making new recovery codes or turning two-factor off", async () => {
    const { user, key, recovery } = await enrolled();
    const ip = "203.0.113.35";
    const context = await signedInContext(db.sql(), user.id, ip);
    const { action } = await import("~/routes/settings.security");
    const post = (fields: Record<string, string>) =>
      run(() => action({ request: formPost("/settings/security", fields), context, params: {} } as never));
    const [{ hashes: before }] =
      await db.sql()`select string_agg(encode(code_hash, 'hex'), ',' order by code_hash) as hashes from recovery_codes where user_id = ${user.id}`;
    for (let i = 0; i < 3; i++) expect(statusOf(await post({ intent: "regenerate", password: `guess-${i}` }))).toBe(400);
    for (let i = 0; i < 2; i++)
      expect(statusOf(await post({ intent: "disable", password: `guess-d${i}`, code: wrongCode(key, i) }))).toBe(400);
    const regenerate = await post({ intent: "regenerate", password: user.password });
    expect(statusOf(regenerate)).toBe(400);
    expect(JSON.stringify(regenerate)).toContain(TOO_MANY);
    const disable = await post({ intent: "disable", password: user.password, code: recovery[0] });
    expect(statusOf(disable)).toBe(400);
    expect(JSON.stringify(disable)).toContain(TOO_MANY);
    expect(await usesTwoFactor(db.sql(), user.id)).toBe(true);
    const [{ hashes: after }] =
      await db.sql()`select string_agg(encode(code_hash, 'hex'), ',' order by code_hash) as hashes from recovery_codes where user_id = ${user.id}`;
    expect(after).toBe(before);
  });
});
