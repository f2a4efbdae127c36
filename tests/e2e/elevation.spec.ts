import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { codeAt, stepAt } from "~/auth/totp";
import { ipKey } from "~/auth/throttle.server";
import type { Sql } from "~/db.server";
import { createApiKey } from "~/models/api-keys.server";
import { expect, test, UNUSED_PASSWORD } from "./fixtures";
import { addAuthenticator } from "./passkey-authenticator";

// Issue #21: sensitive actions ask the person to prove it's them again when their last proof (signing
// in, or a confirmation) is older than AUTH_ELEVATION_TTL (10 minutes). The clock is moved by setting
// the session's proof time back, never by waiting.

const proofMinutesAgo = (sql: import("postgres").Sql, userId: string, minutes: number) =>
  sql`update sessions set elevated_at = now() - make_interval(mins => ${minutes}) where user_id = ${userId}`;

test.afterEach(({ sql }) => sql`delete from auth_throttle where key = ${ipKey("127.0.0.1")}`.then(() => {}));

test("an API key made long after signing in asks for the password, keeps what was typed, then makes the key", async ({
  page,
  login,
  sql,
  baseURL,
}) => {
  const me = await login({ permissions: ["board-create"] });
  await proofMinutesAgo(sql, me.id, 11);
  const before = (await page.context().cookies()).find((c) => c.name === "porch_session")!.value;
  await page.goto("/settings/api-keys");
  await page.getByLabel("Description").fill("nightly backup");
  await page.getByRole("checkbox", { name: /Create boards/ }).check();
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  await expect(page.getByText("To create an API key, prove it's you again")).toBeVisible();
  expect((await sql`select 1 from api_keys where user_id = ${me.id}`).length).toBe(0);

  await page.getByLabel("Your password").fill("not my password");
  await page.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(page.getByText("That is not your password.")).toBeVisible();
  expect((await sql`select 1 from api_keys where user_id = ${me.id}`).length).toBe(0);

  await page.getByLabel("Your password").fill(UNUSED_PASSWORD);
  await page.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(page.getByLabel("Your new API key")).toHaveValue(/^porch_/);
  const [key] = await sql`select description, permissions from api_keys where user_id = ${me.id}`;
  expect(key).toMatchObject({ description: "nightly backup", permissions: ["board-create"] });
  const [audit] = await sql`select details from audit_log where action = 'session.elevated' and actor_user_id = ${me.id}`;
  expect(audit.details).toMatchObject({ with: "password", to: "create an API key" });

  // Proved now: the next one asks nothing. And the cookie from before the proof is worth nothing.
  await page.goto("/settings/api-keys");
  await page.getByLabel("Description").fill("second");
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.getByLabel("Your new API key")).toHaveValue(/^porch_/);
  const old = await page.request.get(`${baseURL}/api/me`, { headers: { Cookie: `porch_session=${before}` } });
  expect(old.status()).toBe(401);
});

test("the JSON API refuses a session's sensitive change without a recent proof, and takes it after /auth/confirm; a key is its own proof", async ({
  page,
  login,
  sql,
  baseURL,
  playwright,
}) => {
  const admin = await login({ permissions: ["admin"] });
  const [target] = await sql`insert into users (username) values (${`elev_${Date.now()}`}) returning id`;
  await proofMinutesAgo(sql, admin.id, 10);
  const patch = () =>
    page.request.patch(`${baseURL}/api/users/${target.id}`, { data: { displayName: "Renamed" }, headers: { Origin: baseURL! } });
  const refused = await patch();
  expect(refused.status()).toBe(403);
  const body = await refused.json();
  expect(body.elevate).toBe(`/auth/confirm?redirectTo=${encodeURIComponent(`/api/users/${target.id}`)}`);
  expect(body.error).toMatch(/Confirm it's you to change a user/);

  await page.goto("/auth/confirm?redirectTo=/manage/users");
  await page.getByLabel("Your password").fill(UNUSED_PASSWORD);
  await page.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(page).toHaveURL(/\/manage\/users$/);
  expect((await patch()).status()).toBe(200);

  // An API key is never asked: it is its own proof.
  await proofMinutesAgo(sql, admin.id, 60);
  const { token } = await createApiKey(
    sql as unknown as Sql,
    { ip: null, userAgent: null, userId: admin.id },
    { userId: admin.id, description: "sync", permissions: ["admin"], actAsOwner: false, expiresAt: null },
  );
  const curl = await playwright.request.newContext({ baseURL });
  const byKey = await curl.patch(`/api/users/${target.id}`, {
    data: { displayName: "By key" },
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(byKey.status()).toBe(200);
  await curl.dispose();
});

test("a passkey confirms it's them too", async ({ page, sql, login, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "passkeys need the browser's WebAuthn");
  await page.addInitScript(() => {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
  const me = await login({ permissions: [] });
  await addAuthenticator(page);
  await page.goto("/settings/security");
  await page.getByLabel("Password, to add a passkey").fill(UNUSED_PASSWORD);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Passkey added.")).toBeVisible();
  await proofMinutesAgo(sql, me.id, 30);
  await page.goto("/settings/api-keys");
  await page.getByLabel("Description").fill("by passkey");
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm with a passkey" }).click();
  await expect(page.getByLabel("Your new API key")).toHaveValue(/^porch_/);
  // The newest: adding the passkey with the password was a proof too.
  const [audit] = await sql`
    select details from audit_log where action = 'session.elevated' and actor_user_id = ${me.id} order by id desc limit 1`;
  expect(audit.details).toMatchObject({ with: "passkey" });
});

test("a profile change on My account (an index page) confirmed with a two-factor code: the page shows what will be sent", async ({
  page,
  login,
  sql,
}) => {
  const me = await login({ permissions: [] });
  // Two-factor on, as a person does it: the code is what confirms here.
  await page.goto("/settings/security");
  await page.getByLabel("Your password").fill(UNUSED_PASSWORD);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const key = decodeBase32IgnorePadding(await page.getByTestId("totp-secret").innerText());
  await page.getByLabel("Code from your app").fill(codeAt(key, stepAt(new Date())));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("Two-factor sign-in is on")).toBeVisible();
  await proofMinutesAgo(sql, me.id, 11);
  await page.goto("/settings");
  await page.getByLabel("Display name").fill("Renamed Person");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  await expect(page.getByText("What will be sent")).toBeVisible();
  await expect(page.getByText("Renamed Person")).toBeVisible();
  // A code a step ahead: the one the enrolment used can't be used twice.
  await page.getByLabel("A code from your authenticator app", { exact: false }).fill(codeAt(key, stepAt(new Date()) + 1));
  await page.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  const [row] = await sql`select display_name as "name" from users where id = ${me.id}`;
  expect(row.name).toBe("Renamed Person");
});

test("two-factor set up long after signing in: the password in its form proves both steps; an older session never sees the secret (attack30)", async ({
  page,
  login,
  sql,
  baseURL,
  playwright,
}) => {
  const me = await login();
  await proofMinutesAgo(sql, me.id, 11);
  const stale = (await page.context().cookies()).find((c) => c.name === "porch_session")!.value;
  await page.goto("/settings/security");
  await page.getByLabel("Your password").fill(UNUSED_PASSWORD);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const key = decodeBase32IgnorePadding(await page.getByTestId("totp-secret").innerText());
  // The password renewed the session: the cookie from before it opens nothing.
  const thief = await playwright.request.newContext({ baseURL });
  expect((await thief.get("/api/me", { headers: { Cookie: `porch_session=${stale}` } })).status()).toBe(401);
  await page.getByLabel("Code from your app").fill(codeAt(key, stepAt(new Date())));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" })).toBeVisible();
  await thief.dispose();
});

test("a stale session can't set up two-factor, finish a setup, or read a pending secret: each asks to confirm first (attack30)", async ({
  page,
  login,
  sql,
  baseURL,
}) => {
  const me = await login();
  // A setup begun in a session proved just now, then left (or begun by the owner in another session).
  await page.goto("/settings/security");
  await page.getByLabel("Your password").fill(UNUSED_PASSWORD);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const key = decodeBase32IgnorePadding(await page.getByTestId("totp-secret").innerText());
  await proofMinutesAgo(sql, me.id, 11);
  await page.reload();
  await expect(page.getByTestId("totp-secret")).toHaveCount(0);
  const post = (form: Record<string, string>) =>
    page.request.post(`${baseURL}/settings/security`, { form, headers: { Origin: baseURL! }, maxRedirects: 0 });
  const finish = await post({ intent: "confirm", code: codeAt(key, stepAt(new Date())) });
  expect(finish.status()).toBe(302);
  expect(finish.headers().location).toMatch(/^\/auth\/confirm\?request=/);
  expect((await sql`select enabled_at from user_totp where user_id = ${me.id}`)[0].enabled_at).toBeNull();
  // Setting up again makes a new secret: the one shown before is never the one turned on.
  await page.goto("/settings/security");
  await page.getByLabel("Your password").fill(UNUSED_PASSWORD);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const again = decodeBase32IgnorePadding(await page.getByTestId("totp-secret").innerText());
  expect(Buffer.from(again).equals(Buffer.from(key))).toBe(false);
});
