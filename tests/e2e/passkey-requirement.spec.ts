import type { Page } from "@playwright/test";
import { hashPassword } from "~/auth/password.server";
import { ipKey } from "~/auth/throttle.server";
import { expect, signIn, test } from "./fixtures";
import { addAuthenticator, addCredential, credentialsOf, removeAuthenticator } from "./passkey-authenticator";

// Issue #21: a group that "requires a phishing-resistant sign-in". A password (with or without a code)
// opens nothing but the way to meet it; a passkey that answers, at sign-in or on the confirm page, does.

const PASSWORD = "only passkeys here";
const stamp = () => Math.random().toString(36).slice(2, 8);

/**
 * A person with a password in a new group that requires passkeys; `window`: members without one may
 * still add a first one with their password (for a day).
 */
async function strictMember(sql: import("postgres").Sql, window = false) {
  const username = `pkreq_${stamp()}`;
  const [user] = await sql`insert into users (username, password_hash) values (${username}, ${await hashPassword(PASSWORD)}) returning id`;
  const group = `phish_${stamp()}`;
  const until = window ? new Date(Date.now() + 24 * 3600_000) : null;
  const [g] = await sql`insert into groups (name, require_passkey, passkey_grace_until) values (${group}, true, ${until}) returning id`;
  await sql`insert into group_members (group_id, user_id) values (${g.id}, ${user.id})`;
  return { id: user.id as string, username, password: PASSWORD, group, groupId: g.id as string };
}

async function passwordSignIn(page: Page, user: { username: string; password: string }) {
  await page.goto("/auth/login");
  await signIn(page, user);
}

/** The member signs in with the password and adds a passkey while the group doesn't require one yet; then it does. */
async function passkeyBeforeTheRule(page: Page, sql: import("postgres").Sql, user: Awaited<ReturnType<typeof strictMember>>) {
  await sql`update groups set require_passkey = false where id = ${user.groupId}`;
  await passwordSignIn(page, user);
  await page.goto("/settings/security");
  await page.getByLabel("Password, to add a passkey").fill(user.password);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Passkey added.")).toBeVisible();
  await sql`update groups set require_passkey = true where id = ${user.groupId}`;
}

test.describe("with JavaScript", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "passkeys need the browser's WebAuthn");
  test.afterEach(({ sql }) => sql`delete from auth_throttle where key = ${ipKey("127.0.0.1")}`.then(() => {}));
  test.beforeEach(({ page }) =>
    page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    }),
  );

  test("a password's session opens only Security until a passkey is added, then only the confirm page until it answers", async ({
    page,
    sql,
  }) => {
    const user = await strictMember(sql, true);
    await addAuthenticator(page);
    await passwordSignIn(page, user);
    await expect(page).toHaveURL(/\/settings\/security\?required=passkey$/);
    await expect(page.getByText("A group you are in requires signing in with a passkey.")).toBeVisible();
    // Nothing else opens, not even the API with this session's cookie.
    await page.goto("/boards");
    await expect(page).toHaveURL(/\/settings\/security\?required=passkey$/);
    const api = await page.request.get("/api/me");
    expect(api.status()).toBe(403);
    expect((await api.json()).error).toMatch(/requires signing in with a passkey: add one first/);

    await page.getByLabel("Name (optional)").fill("Laptop");
    await page.getByLabel("Password, to add a passkey").fill(user.password);
    await page.getByRole("button", { name: "Add a passkey" }).click();
    // Added, but this session was still proved by a password: the passkey must answer in it.
    await expect(page.getByRole("heading", { name: "Confirm with a passkey" })).toBeVisible();
    await expect(page.getByText(user.group)).toBeVisible();
    await expect(page.getByText("needs JavaScript")).toBeHidden();
    await page.goto("/boards");
    await expect(page).toHaveURL(/\/auth\/confirm\?redirectTo=%2Fboards$/);
    expect((await page.request.get("/api/me")).status()).toBe(403);
    await page.getByRole("button", { name: "Confirm with a passkey" }).click();
    await expect(page).toHaveURL(/\/boards$/);
    await expect(page.getByTestId("current-user")).toHaveText(user.username);
    expect((await page.request.get("/api/me")).status()).toBe(200);
    const [confirmed] = await sql`select 1 from audit_log where action = 'session.passkey-confirmed' and actor_user_id = ${user.id}`;
    expect(confirmed).toBeTruthy();
  });

  test("a passkey sign-in meets it at once; a password's session must confirm, and a device without the passkey can't", async ({
    page,
    sql,
  }) => {
    const user = await strictMember(sql);
    const authenticator = await addAuthenticator(page);
    await passkeyBeforeTheRule(page, sql, user);
    // This session was a password's: from the next request on, only the confirm page opens.
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/auth\/confirm\?redirectTo=%2Fsettings$/);
    await page.getByRole("button", { name: "Sign out" }).first().click();

    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByTestId("current-user")).toHaveText(user.username);
    await page.goto("/boards");
    await expect(page).toHaveURL(/\/boards$/);
    await page.getByRole("button", { name: "Sign out" }).first().click();

    // A device that doesn't hold the passkey can't confirm; the one that does, can.
    const [held] = await credentialsOf(authenticator);
    await removeAuthenticator(authenticator);
    const other = await addAuthenticator(page);
    await passwordSignIn(page, user);
    await expect(page.getByRole("heading", { name: "Confirm with a passkey" })).toBeVisible();
    await page.getByRole("button", { name: "Confirm with a passkey" }).click();
    await expect(page.getByText("No passkey answered")).toBeVisible();
    await expect(page).toHaveURL(/\/auth\/confirm/);
    await addCredential(other, held);
    await page.getByRole("button", { name: "Confirm with a passkey" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId("current-user")).toHaveText(user.username);
  });

  test("the owner's passkey answering on a session someone planted in their browser ends that session (attack26)", async ({
    page,
    sql,
    playwright,
    baseURL,
  }) => {
    const user = await strictMember(sql);
    await addAuthenticator(page);
    await passkeyBeforeTheRule(page, sql, user);
    await page.context().clearCookies();

    // The phisher signs in with the password: held back.
    const phisher = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL! } });
    const signedIn = await phisher.post("/auth/login", { form: { username: user.username, password: user.password }, maxRedirects: 0 });
    expect(signedIn.status()).toBe(302);
    expect((await phisher.get("/api/me")).status()).toBe(403);
    // Their session's cookie, planted in the owner's browser (another site on the same host can).
    const planted = (await phisher.storageState()).cookies.find((c) => c.name === "porch_session")!;
    await page.context().addCookies([{ name: planted.name, value: planted.value, url: baseURL!, httpOnly: true, sameSite: "Lax" }]);
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Confirm with a passkey" })).toBeVisible();
    await page.getByRole("button", { name: "Confirm with a passkey" }).click();
    await expect(page).not.toHaveURL(/\/auth\/confirm/);
    await expect(page.getByTestId("current-user")).toHaveText(user.username);
    // The owner's browser has a session of its own now; the phisher's copy is ended.
    expect((await page.request.get("/api/me")).status()).toBe(200);
    expect((await phisher.get("/api/me")).status()).toBe(401);
    await phisher.dispose();
  });
});

test("without JavaScript the confirm page says what it needs, and signing out still works", async ({ page, sql, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, "the no-JS project");
  const user = await strictMember(sql);
  await sql`
    insert into webauthn_credentials (id, user_id, public_key, device_type, name)
    values (${`cred-${stamp()}`}, ${user.id}, ${new Uint8Array(8)}, 'singleDevice', 'Phone')`;
  await passwordSignIn(page, user);
  await expect(page.getByRole("heading", { name: "Confirm with a passkey" })).toBeVisible();
  await expect(page.getByText("Confirming with a passkey needs JavaScript and a browser that can use passkeys.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Confirm with a passkey" })).toBeHidden();
  await page.goto("/manage");
  await expect(page).toHaveURL(/\/auth\/confirm\?redirectTo=%2Fmanage$/);
  await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("an administrator sets the requirement on a group, and can't set it on their own without a passkey", async ({ page, sql, login }) => {
  const admin = await login({ permissions: ["admin"] });
  const member = await strictMember(sql);
  await sql`update groups set require_passkey = false where id = ${member.groupId}`;
  await page.goto(`/manage/users/groups/${member.groupId}`);
  const requirement = page.getByLabel("Members must sign in with a passkey");
  await requirement.check();
  await page.getByLabel("Members without a passkey may add one with their password").selectOption("none");
  await page.getByRole("button", { name: "Save requirement" }).nth(1).click();
  await expect(page.getByText("Passkey requirement saved.")).toBeVisible();
  // Saving again keeps the window as it is unless another is chosen (attack27).
  await expect(page.getByLabel("Members without a passkey may add one with their password")).toHaveValue("keep");
  expect((await sql`select require_passkey as "required" from groups where id = ${member.groupId}`)[0].required).toBe(true);
  const [changed] = await sql`select 1 from audit_log where action = 'group.passkey-requirement-changed' and target_id = ${member.groupId}`;
  expect(changed).toBeTruthy();

  // Their own group: they would be shut out, having no passkey.
  const own = `admins_${stamp()}`;
  const [g] = await sql`insert into groups (name) values (${own}) returning id`;
  await sql`insert into group_members (group_id, user_id) values (${g.id}, ${admin.id})`;
  await page.goto(`/manage/users/groups/${g.id}`);
  await page.getByLabel("Members must sign in with a passkey").check();
  await page.getByRole("button", { name: "Save requirement" }).nth(1).click();
  await expect(page.getByText("add a passkey to your own account first")).toBeVisible();
  expect((await sql`select require_passkey as "required" from groups where id = ${g.id}`)[0].required).toBe(false);
});

test("a member without a passkey, once the window to add one is over, is told to ask an administrator (attack26)", async ({
  page,
  sql,
}) => {
  const user = await strictMember(sql);
  await passwordSignIn(page, user);
  await expect(page).toHaveURL(/\/auth\/confirm/);
  await expect(page.getByRole("heading", { name: "A passkey is required" })).toBeVisible();
  await expect(page.getByText("Ask an administrator to let you add one.")).toBeVisible();
  await page.goto("/settings/security");
  await expect(page).toHaveURL(/\/auth\/confirm\?redirectTo=%2Fsettings%2Fsecurity$/);
  const options = await page.request.post("/api/passkeys/options", {
    data: { password: user.password },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(options.status()).toBe(403);
  expect((await options.json()).error).toMatch(/requires signing in with a passkey/);
});
