import { describe, expect, it } from "vitest";
import { authenticatorFor, INVALID_CREDENTIALS } from "~/auth/authenticator.server";
import { GUEST } from "~/auth/actor.server";
import { passwordVerificationCount } from "~/auth/password.server";
import { reserveAttempt, unlockAccount } from "~/auth/throttle.server";
import { MINUTE } from "~/utils/time";
import { useTestDatabase } from "../fixtures/database";
import { contextFor, cookieFrom, formPost, run } from "../fixtures/routes";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();
const policy = { accountAttempts: 5, ipAttempts: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

/** A real sign-in through the remix-auth strategy, as the login action runs it. */
async function attempt(username: string, password: string, ip = "203.0.113.50") {
  const context = { actor: GUEST, client: { ip, userAgent: "vitest" }, requestId: "t", cspNonce: "" };
  const request = new Request("http://porch.test/auth/login", { method: "POST", body: new URLSearchParams({ username, password }) });
  return authenticatorFor(context as never).authenticate("credentials", request);
}
const messages = (outcome: Awaited<ReturnType<typeof attempt>>) => (outcome.ok ? [] : (outcome.reply.error?.[""] ?? []));

describe("what a failed sign-in writes", () => {
  it("refuses to keep a name no account has, often a password typed into Username: its first character and length only (attack11, attack12)", async () => {
    const user = await makeUser(db.sql());
    const slip = `Xk7#battery-9vq${Math.random().toString(36).slice(2, 6)}`;
    await attempt(slip, "x", "198.51.100.77");
    await attempt(user.username, "wrong", "198.51.100.77");
    const rows = await db.sql()`
      select details->>'username' as name, details->>'reason' as reason from audit_log
       where action = 'auth.sign-in.failed' and ip = '198.51.100.77' order by id`;
    expect(rows.map((r) => [r.reason, r.name])).toEqual([
      ["unknown-user", `X… (no such account, ${slip.length} characters)`],
      ["wrong-password", user.username],
    ]);
    const [{ n }] = await db.sql()`select count(*)::int as n from audit_log where details::text like ${`%${slip.slice(1)}%`}`;
    expect(n).toBe(0);
  });
});

describe("account lockout", () => {
  it("locks the account after 5 failures within 15 minutes and refuses the right password during the lock", async () => {
    const user = await makeUser(db.sql());
    for (let i = 0; i < 4; i++) expect(messages(await attempt(user.username, "wrong"))).toEqual([INVALID_CREDENTIALS]);
    expect(messages(await attempt(user.username, "wrong"))).toEqual([INVALID_CREDENTIALS, "Too many attempts, try again in 15 minutes."]);
    const checks = passwordVerificationCount();
    const refused = await attempt(user.username, user.password);
    expect(refused.ok).toBe(false);
    // Refused without even checking the password: the answer can't tell whether it was right, and
    // doesn't claim it was wrong.
    expect(messages(refused)).toEqual(["Too many attempts, try again in 15 minutes."]);
    expect(passwordVerificationCount()).toBe(checks);
    const [lockout] =
      await db.sql()`select target_id, details from audit_log where action = 'auth.lockout' and target_id = ${user.username.toLowerCase()}`;
    expect(lockout.details.attempts).toBe(5);
    const reasons =
      await db.sql()`select details->>'reason' as r from audit_log where action = 'auth.sign-in.failed' and details->>'username' = ${user.username} order by id`;
    expect(reasons.map((x) => x.r)).toEqual([
      "wrong-password",
      "wrong-password",
      "wrong-password",
      "wrong-password",
      "wrong-password",
      "locked",
    ]);
  });

  it("refuses 50 parallel wrong guesses past the limit: only 5 passwords are ever checked", async () => {
    const user = await makeUser(db.sql());
    const before = passwordVerificationCount();
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt(user.username, `guess-${i}`, `198.51.100.${i}`)));
    expect(outcomes.every((o) => !o.ok)).toBe(true);
    expect(passwordVerificationCount() - before).toBe(5);
    expect((await attempt(user.username, user.password)).ok).toBe(false);
  });

  it("counts unknown usernames too, so locking does not reveal which accounts exist", async () => {
    for (let i = 0; i < 5; i++) await attempt("no-such-user", "wrong", "192.0.2.200");
    expect(messages(await attempt("no-such-user", "wrong", "192.0.2.201"))).toEqual(["Too many attempts, try again in 15 minutes."]);
  });

  it("forgets failures after a successful sign-in", async () => {
    // The whole sign-in, as the login page runs it: only a finished sign-in forgives (a right password
    // on its way to a second factor only gets its own attempt back).
    const { action } = await import("~/routes/auth.login");
    const signIn = async (password: string) => {
      const answer = await run(() =>
        action({
          request: formPost("/auth/login", { username: user.username, password }),
          context: contextFor(undefined, "203.0.113.50"),
          params: {},
        } as never),
      );
      return cookieFrom(answer, "porch_session") !== null;
    };
    const user = await makeUser(db.sql());
    for (let i = 0; i < 4; i++) await attempt(user.username, "wrong");
    expect(await signIn(user.password)).toBe(true);
    for (let i = 0; i < 4; i++) await attempt(user.username, "wrong");
    expect(await signIn(user.password)).toBe(true);
  });

  it("throttles an IP after 20 failures, for every account (password spraying)", async () => {
    const victim = await makeUser(db.sql());
    const ip = "203.0.113.99";
    for (let i = 0; i < 20; i++) await attempt(`sprayed-${i}`, "Winter2026!", ip);
    const refused = await attempt(victim.username, victim.password, ip);
    expect(messages(refused)).toContain("Too many attempts, try again in 15 minutes.");
    expect((await attempt(victim.username, victim.password, "203.0.113.100")).ok).toBe(true);
  });

  it("refuses to let one IPv6 network escape the throttle by rotating addresses: a /64 counts as one client", async () => {
    const victim = await makeUser(db.sql());
    // Anyone with a home connection gets a whole /64 and can pick a new address for every guess.
    for (let i = 1; i <= 20; i++) await attempt(`rotated-${i}`, "Winter2026!", `2001:db8:aa:bb::${i.toString(16)}`);
    const refused = await attempt(victim.username, victim.password, "2001:db8:aa:bb:ffff:1:2:3");
    expect(messages(refused)).toContain("Too many attempts, try again in 15 minutes.");
    expect((await attempt(victim.username, victim.password, "2001:db8:aa:bc::1")).ok).toBe(true);
  });

  it("refuses look-alike usernames as a way around a lock: ALICE, ａlice (fullwidth) and alİce (dotted İ) are alice", async () => {
    const user = await makeUser(db.sql(), { username: "alice" });
    for (let i = 0; i < 5; i++) await attempt("alice", `wrong-${i}`, "203.0.113.60");
    const checks = passwordVerificationCount();
    for (const lookAlike of ["ALICE", "ａlice", "ＡＬＩＣＥ", "alİce"]) {
      const outcome = await attempt(lookAlike, user.password, "203.0.113.61");
      expect(outcome.ok, lookAlike).toBe(false);
    }
    // Every form of the name hit the same lock: no password was even checked.
    expect(passwordVerificationCount()).toBe(checks);
    expect(messages(await attempt("ａlice", user.password, "203.0.113.62"))).toContain("Too many attempts, try again in 15 minutes.");
    const [row] = await db.sql()`select failures from auth_throttle where key = 'account:alice'`;
    expect(row.failures).toBeGreaterThan(5);
  });

  it("ends the lock when its time is up, and when an admin unlocks", async () => {
    const sql = db.sql();
    const now = new Date();
    const who = { username: "timed", ip: null };
    for (let i = 0; i < 5; i++) expect((await reserveAttempt(sql, who, policy, now)).ok).toBe(true);
    expect((await reserveAttempt(sql, who, policy, new Date(now.getTime() + 14 * MINUTE))).ok).toBe(false);
    expect((await reserveAttempt(sql, who, policy, new Date(now.getTime() + 16 * MINUTE))).ok).toBe(true);
    for (let i = 0; i < 5; i++) await reserveAttempt(sql, { username: "unlocked", ip: null }, policy, now);
    expect((await reserveAttempt(sql, { username: "unlocked", ip: null }, policy, now)).ok).toBe(false);
    await unlockAccount(sql, "UNLOCKED");
    expect((await reserveAttempt(sql, { username: "unlocked", ip: null }, policy, now)).ok).toBe(true);
  });

  it("lets failures spread wider than the window never lock", async () => {
    const sql = db.sql();
    const start = Date.now();
    for (let i = 0; i < 12; i++) {
      const at = new Date(start + i * 4 * MINUTE);
      expect((await reserveAttempt(sql, { username: "slow-typer", ip: null }, policy, at)).ok, `attempt ${i}`).toBe(true);
    }
  });
});
