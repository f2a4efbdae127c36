import { ADMIN, expect, test } from "./fixtures";

// Runs after every other test of its server (a project dependency): nothing they did may have put a
// password or a session token into the audit log.
const PASSWORDS = [
  ADMIN.password,
  "plenty-long-password",
  "brand-new-password",
  "invited-password",
  "first-password",
  "second-password",
  "session-password",
  // A password typed by auth.spec (not "wrong password": that is also how an audit reason reads).
  "typed-wrong-password",
  "long-enough-1",
];

test("no password or session token was ever written to the audit log", async ({ sql }) => {
  const [{ total }] = await sql`select count(*)::int as total from audit_log`;
  expect(total).toBeGreaterThan(20);
  for (const secret of PASSWORDS) {
    const [{ n }] =
      await sql`select count(*)::int as n from audit_log where details::text like ${`%${secret}%`} or user_agent like ${`%${secret}%`}`;
    expect(n, secret).toBe(0);
  }
  const [{ tokens }] = await sql`
    select count(*)::int as tokens from audit_log where details::text ~ '[a-z2-7]{32}\\.[a-z2-7]{32}'`;
  expect(tokens).toBe(0);
  const secrets =
    await sql`select count(*)::int as n from sessions s join audit_log a on a.details::text like '%' || encode(s.secret_hash, 'hex') || '%'`;
  expect(secrets[0].n).toBe(0);
});
