import { expect, test } from "./fixtures";

// Signing in through the real test provider (scripts/lib/test-oidc.mjs) and its own login form.
test.skip(!process.env.E2E_OIDC_ISSUER, "needs the test OpenID provider (npm test starts it)");

async function throughProvider(page: import("@playwright/test").Page, login: string) {
  await page.getByRole("link", { name: "Continue with Test Provider" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("sign in with OpenID Connect, groups from the claim, then sign out at the provider too", async ({ page, sql }) => {
  await page.goto("/auth/login?redirectTo=%2Fsettings");
  await throughProvider(page, "olivia");
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByTestId("current-user")).toHaveText("Olivia Oidc");
  const [olivia] = await sql`select id, provider, email from users where username = 'olivia'`;
  expect(olivia).toMatchObject({ provider: "oidc", email: "olivia@example.com" });
  const groups =
    await sql`select g.name from group_members gm join groups g on g.id = gm.group_id where gm.user_id = ${olivia.id} and gm.source = 'oidc'`;
  expect(groups.map((g) => g.name)).toContain("admins"); // AUTH_OIDC_ADMIN_GROUP=porch-admins

  await page.getByRole("button", { name: "Sign out" }).click();
  // The provider asks whether to end its session as well.
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page).toHaveURL(/\/auth\/login\?signedOut=1/);
  await expect(page.getByRole("status")).toHaveText("You are signed out.");
  expect(await (await page.request.get("/api/auth/session")).json()).toBeNull();
  // The provider's session is gone too: signing in asks for the login again.
  await page.getByRole("link", { name: "Continue with Test Provider" }).click();
  await expect(page.locator('input[name="login"]')).toBeVisible();
});

test("cancelling at the provider comes back with a plain message, and the reason is audited", async ({ page, sql }) => {
  const [{ since }] = await sql`select max(id) as since from audit_log`;
  await page.goto("/auth/login");
  await page.getByRole("link", { name: "Continue with Test Provider" }).click();
  await page.getByRole("link", { name: /Cancel/ }).click();
  await expect(page).toHaveURL(/\/auth\/login\?error=denied/);
  await expect(page.getByText("The identity provider didn't let you in (you cancelled, or it refused).")).toBeVisible();
  // Other tests on this server fail OpenID Connect sign-ins meanwhile (a callback without its state cookie).
  const reasons = await sql`select details->>'reason' as reason from audit_log
                             where action = 'auth.sign-in.failed' and details->>'provider' = 'oidc' and id > ${since ?? 0}`;
  expect(reasons.map((r) => r.reason)).toContainEqual(expect.stringMatching(/^provider error: access_denied/));
});

test("the OpenID Connect page shows the redirect and back-channel logout URIs and the discovered endpoints", async ({ page, login }) => {
  await login({ permissions: ["admin"] });
  await page.goto("/manage/tools/oidc");
  const origin = new URL(test.info().project.use.baseURL!).origin;
  await expect(page.getByLabel("Redirect URI")).toHaveValue(`${origin}/api/auth/callback/oidc`);
  await expect(page.getByLabel("Back-channel logout URI")).toHaveValue(`${origin}/api/auth/backchannel-logout/oidc`);
  await expect(page.getByText(`${process.env.E2E_OIDC_ISSUER}/session/end`)).toBeVisible();
  await page.getByRole("button", { name: "Test discovery" }).click();
  await expect(page.getByTestId("discovery-result")).toContainText(`Works: Found ${process.env.E2E_OIDC_ISSUER}`);
});

test("refuses admin rights to someone who made a provider group called admins", async ({ page, sql }) => {
  await page.goto("/auth/login");
  await throughProvider(page, "selfmade"); // the provider says: groups admins, family, media
  await expect(page.getByTestId("current-user")).toHaveText("Self Made");
  const response = await page.goto("/manage/users");
  expect(response?.status()).toBe(403);
  const [me] = await sql`select id from users where username = 'selfmade'`;
  const joined = await sql`select g.name from group_members gm join groups g on g.id = gm.group_id where gm.user_id = ${me.id}`;
  expect(joined.map((g) => g.name)).not.toContain("admins");
});

test("an OpenID Connect account confirms it's them by signing in at the provider again (prompt=login)", async ({ page, sql }) => {
  await page.goto("/auth/login?redirectTo=%2Fsettings%2Fapi-keys");
  await throughProvider(page, "rita");
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  const [rita] = await sql`select id from users where username = 'rita'`;
  // The provider said nothing of when it asked her (no auth_time without max_age): it may have signed her
  // in silently, so that proves nothing (attack29). A key needs her to sign in there again.
  const confirmThere = async () => {
    await page.getByLabel("Description").fill("a key");
    await page.getByRole("button", { name: "Create API key" }).click();
    await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
    await expect(page.getByLabel("Your password")).toHaveCount(0);
    await page.getByRole("link", { name: "Sign in again with Test Provider" }).click();
    // Its own session is alive, yet it shows its login form (prompt=login).
    await page.locator('input[name="login"]').fill("rita");
    await page.locator('input[name="password"]').fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await expect(page).toHaveURL(/\/settings\/api-keys$/);
    await page.getByLabel("Description").fill("a key");
    await page.getByRole("button", { name: "Create API key" }).click();
    await expect(page.getByLabel("Your new API key")).toHaveValue(/^porch_/);
  };
  await confirmThere();
  // Eleven minutes later (the proof's time moved back, not waited for): the provider must ask again.
  await sql`update sessions set elevated_at = now() - interval '11 minutes' where user_id = ${rita.id}`;
  await page.goto("/settings/api-keys");
  await confirmThere();
  expect((await sql`select 1 from api_keys where user_id = ${rita.id}`).length).toBe(2);
});
