import type postgres from "postgres";
import { hashPassword } from "~/auth/password.server";
import { ipKey } from "~/auth/throttle.server";
import { createSession } from "~/auth/session.server";
import { DAY } from "~/utils/time";
import { expect, test } from "./fixtures";

// Session ids are not secrets (they used to be printed in the audit log): a cookie naming someone
// else's session by its id, with a made-up secret, must neither end that session nor read it.

const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };
const FORGED_SECRET = "a".repeat(32);

async function victimSession(sql: postgres.Sql, idToken: string | null) {
  const [user] = await sql`
    insert into users (username, password_hash) values (${`victim_${Math.random().toString(36).slice(2, 8)}`}, null) returning id`;
  const { token, session } = await createSession(sql, user.id, { remember: false }, policy);
  if (idToken) await sql`update sessions set id_token = ${idToken} where id = ${session.id}`;
  return { userId: user.id as string, token, id: session.id };
}

/** Whom the token signs in now, asked from a clean client (no cookie jar of its own). */
async function signedInAs(playwright: import("@playwright/test").PlaywrightWorkerArgs["playwright"], baseURL: string, token: string) {
  const client = await playwright.request.newContext({ baseURL });
  const answer = await client.get("/api/auth/session", { headers: { Cookie: `porch_session=${token}` } });
  const id = (await answer.json())?.user?.id ?? null;
  await client.dispose();
  return id;
}

test(
  "refuses to end a session named only by its id: the victim stays signed in and their id_token never leaves",
  { tag: "@http" },
  async ({ playwright, baseURL, sql }) => {
    const idToken = `victim-id-token-${Date.now()}`;
    const victim = await victimSession(sql, idToken);
    const attacker = await playwright.request.newContext({ baseURL });
    const answer = await attacker.post("/api/auth/signout", {
      headers: { Cookie: `porch_session=${victim.id}.${FORGED_SECRET}`, Origin: baseURL! },
      maxRedirects: 0,
    });
    expect(answer.status()).toBe(302);
    expect(answer.headers().location).not.toContain(idToken);
    expect(answer.headers().location).not.toContain("id_token_hint");
    // Nothing changed: the victim's session row, its id_token, and no sign-out in the log.
    const [row] = await sql`select id_token from sessions where id = ${victim.id}`;
    expect(row?.id_token).toBe(idToken);
    expect(await signedInAs(playwright, baseURL!, victim.token)).toBe(victim.userId);
    const [{ n }] = await sql`select count(*)::int as n from audit_log where action = 'auth.sign-out' and actor_user_id = ${victim.userId}`;
    expect(n).toBe(0);
    await attacker.dispose();
  },
);

test("refuses to end another's session by signing in with its id in the cookie", { tag: "@http" }, async ({ playwright, baseURL, sql }) => {
  const victim = await victimSession(sql, null);
  const username = `signer_${Math.random().toString(36).slice(2, 8)}`;
  await sql`insert into users (username, password_hash) values (${username}, ${await hashPassword("attacker-password-9")})`;
  // Other specs' wrong passwords from this address may have used up its budget in this project's database.
  await sql`delete from auth_throttle where key = ${ipKey("127.0.0.1")}`;
  const attacker = await playwright.request.newContext({ baseURL });
  const answer = await attacker.post("/auth/login", {
    headers: { Cookie: `porch_session=${victim.id}.${FORGED_SECRET}`, Origin: baseURL! },
    form: { username, password: "attacker-password-9", provider: "credentials" },
    maxRedirects: 0,
  });
  expect(answer.status(), await answer.text()).toBe(302);
  expect(answer.headers()["set-cookie"]).toMatch(/porch_session=[a-z2-7]{32}\./);
  const [row] = await sql`select user_id from sessions where id = ${victim.id}`;
  expect(row?.user_id).toBe(victim.userId);
  expect(await signedInAs(playwright, baseURL!, victim.token)).toBe(victim.userId);
  await attacker.dispose();
});

test("refuses to show session ids in pages: the sessions lists carry references only", async ({ page, login, browser, baseURL, sql }) => {
  const other = await browser.newContext({ baseURL });
  const theirs = await other.newPage();
  const person = await login({ page: theirs });
  const second = await createSession(sql, person.id, { remember: false }, policy);
  const ids = (await sql`select id from sessions where user_id = ${person.id}`).map((r) => r.id as string);
  expect(ids).toHaveLength(2);
  // Their own list, as HTML and as the loader's data, and an admin's view of it.
  const own = [
    await (await theirs.request.get("/settings/sessions")).text(),
    await (await theirs.request.get("/settings/sessions.data")).text(),
  ];
  await login({ permissions: ["admin"] });
  const admin = [
    await (await page.request.get(`/manage/users/${person.id}`)).text(),
    await (await page.request.get(`/manage/users/${person.id}.data`)).text(),
  ];
  for (const text of [...own, ...admin]) {
    expect(text).toContain("createdAt");
    for (const id of ids) expect(text).not.toContain(id);
  }
  // Signing out the other session by the reference the page shows still works, and only that one.
  await theirs.goto("/settings/sessions");
  await theirs.getByRole("button", { name: "Sign out Unknown device", exact: true }).click();
  await expect(theirs.getByRole("status")).toHaveText("That session has ended.");
  expect(await sql`select 1 from sessions where id = ${second.session.id}`).toHaveLength(0);
  expect(await sql`select 1 from sessions where user_id = ${person.id}`).toHaveLength(1);
  // A reference that isn't theirs (or ended already) ends nothing, and the page doesn't claim it did.
  const bogus = await theirs.request.post("/settings/sessions", {
    form: { intent: "revoke", session: "not-a-reference" },
    headers: { Origin: new URL(baseURL!).origin },
  });
  expect(await bogus.text()).toContain("None of your sessions has that reference");
  expect(await sql`select 1 from sessions where user_id = ${person.id}`).toHaveLength(1);
  await other.close();
});
