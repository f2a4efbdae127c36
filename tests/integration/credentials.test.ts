import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { verifyCredentials } from "~/auth/credentials.server";
import { hashPassword, passwordVerificationCount, passwordWork } from "~/auth/password.server";
import { useTestDatabase } from "../fixtures/database";
import { makeUser } from "../fixtures/users";

const db = useTestDatabase();

async function countChecks<T>(fn: () => Promise<T>): Promise<{ result: T; checks: number }> {
  const before = passwordVerificationCount();
  const result = await fn();
  return { result, checks: passwordVerificationCount() - before };
}

describe("password sign-in", () => {
  it("accepts the right password, whatever the username's case", async () => {
    const user = await makeUser(db.sql(), { username: "Alice" });
    const result = await verifyCredentials(db.sql(), "aLICE", user.password);
    expect(result).toEqual({ ok: true, userId: user.id, username: "Alice", proof: expect.stringMatching(/^\$argon2id\$/) });
  });

  it("stores argon2id hashes with OWASP parameters", async () => {
    expect(await hashPassword("x".repeat(12))).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("refuses user enumeration: unknown user and wrong password do the same work", async () => {
    const user = await makeUser(db.sql());
    const unknown = await countChecks(() => verifyCredentials(db.sql(), "nobody-here", "whatever123"));
    const wrong = await countChecks(() => verifyCredentials(db.sql(), user.username, "whatever123"));
    expect(unknown.result).toEqual({ ok: false, reason: "unknown-user" });
    expect(wrong.result).toEqual({ ok: false, reason: "wrong-password" });
    // Exactly one argon2 verification on each path, so the response time does not tell them apart.
    expect(unknown.checks).toBe(1);
    expect(wrong.checks).toBe(1);
  });

  it("refuses telling imported (bcrypt) accounts from unknown ones by timing: every path does the same hashing", async () => {
    const sql = db.sql();
    await sql`insert into users (username, password_hash) values ('imported-timing', ${bcrypt.hashSync("homarr-password", 10)})`;
    await sql`insert into users (username, provider) values ('ldap-timing', 'ldap')`;
    const argon = await makeUser(sql);
    const inactive = await makeUser(sql, { status: "inactive" });
    const workOf = async (username: string) => {
      const before = passwordWork();
      const result = await verifyCredentials(sql, username, "not-the-password");
      const after = passwordWork();
      const spent = Object.fromEntries(
        Object.keys(after)
          .map((k) => [k, after[k] - (before[k] ?? 0)])
          .filter(([, n]) => n),
      );
      return { reason: result.ok ? "ok" : result.reason, spent };
    };
    const paths = [
      await workOf("nobody-timing"),
      await workOf("imported-timing"),
      await workOf(argon.username),
      await workOf("ldap-timing"),
      await workOf(inactive.username),
    ];
    expect(paths.map((p) => p.reason)).toEqual(["unknown-user", "wrong-password", "wrong-password", "no-password", "wrong-password"]);
    // While imported hashes remain, every path pays for one argon2id and one bcrypt at their cost.
    for (const p of paths) expect(p.spent).toEqual({ argon2: 1, "bcrypt-10": 1 });
  });

  it("refuses an inactive user even with the right password", async () => {
    const user = await makeUser(db.sql(), { status: "inactive" });
    expect(await verifyCredentials(db.sql(), user.username, user.password)).toEqual({ ok: false, reason: "inactive" });
  });

  it("refuses password sign-in for users without a local password (LDAP, OIDC)", async () => {
    await db.sql()`insert into users (username, provider) values ('ldap-bob', 'ldap')`;
    const { result, checks } = await countChecks(() => verifyCredentials(db.sql(), "ldap-bob", ""));
    expect(result).toEqual({ ok: false, reason: "no-password" });
    expect(checks).toBe(1);
  });

  it("verifies bcrypt hashes imported from Homarr and upgrades them to argon2id", async () => {
    const hash = bcrypt.hashSync("homarr-password", 4);
    const [row] = await db.sql()`insert into users (username, password_hash) values ('imported', ${hash}) returning id`;
    expect(await verifyCredentials(db.sql(), "imported", "wrong-password")).toEqual({ ok: false, reason: "wrong-password" });
    const [still] = await db.sql()`select password_hash from users where id = ${row.id}`;
    expect(still.passwordHash).toBe(hash);
    expect((await verifyCredentials(db.sql(), "imported", "homarr-password")).ok).toBe(true);
    const [after] = await db.sql()`select password_hash from users where id = ${row.id}`;
    expect(after.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await verifyCredentials(db.sql(), "imported", "homarr-password")).ok).toBe(true);
  });

  it("refuses SQL metacharacters in the username and changes nothing", async () => {
    const user = await makeUser(db.sql());
    const [before] = await db.sql()`select count(*)::int as n, max(updated_at) as t from users`;
    for (const attack of [`' OR '1'='1`, `${user.username}' --`, `"; drop table users; --`, `%`, `_`, `\\`]) {
      const result = await verifyCredentials(db.sql(), attack, "' OR '1'='1");
      expect(result.ok, attack).toBe(false);
    }
    const [after] = await db.sql()`select count(*)::int as n, max(updated_at) as t from users`;
    expect(after).toEqual(before);
  });
});
