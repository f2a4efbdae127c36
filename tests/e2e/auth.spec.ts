import { ROUTE_TABLE } from "~/routes.table";
import { ADMIN, expect, signIn, test } from "./fixtures";

// One story per runtime (Deno, Node) and with JavaScript off, each on its own fresh database.
test.describe.configure({ mode: "serial" });

test("the first visit to any page leads to onboarding", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/init$/);
  await page.goto("/auth/login");
  await expect(page).toHaveURL(/\/init$/);
  await expect(page.getByRole("heading", { name: "Welcome to Porch" })).toBeVisible();
});

test("onboarding shows mistakes beside the field", async ({ page }) => {
  await page.goto("/init");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Confirm password").fill("different");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("Use at least 8 characters")).toBeVisible();
  await expect(page.getByText("The passwords don't match")).toBeVisible();
  await expect(page).toHaveURL(/\/init$/);
  await page.getByLabel("Password", { exact: true }).fill("password123");
  await page.getByLabel("Confirm password").fill("password123");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("This is one of the 10 000 most common passwords: choose another")).toBeVisible();
  if (test.info().project.use.javaScriptEnabled !== false) {
    await page.getByLabel("Password", { exact: true }).fill("correct horse battery staple");
    await expect(page.getByText("Strength: strong.")).toBeVisible();
  }
});

test("onboarding creates the administrator and signs them in", { tag: "@setup" }, async ({ page }) => {
  await page.goto("/init");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.username);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("onboarding is gone for good afterwards", { tag: "@http" }, async ({ request }) => {
  expect((await request.get("/init")).status()).toBe(404);
  const post = await request.post("/init", {
    headers: { Origin: new URL(test.info().project.use.baseURL!).origin },
    form: { username: "intruder", password: "password123", confirmPassword: "password123" },
  });
  expect(post.status()).toBe(404);
});

test("sign out ends the session, and its token with it", async ({ page }) => {
  await page.goto("/auth/login");
  await signIn(page, ADMIN);
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.username);
  const [before] = (await page.context().cookies()).filter((c) => c.name === "porch_session");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/auth\/login$/);
  expect(await (await page.request.get("/api/auth/session")).json()).toBeNull();
  const replay = await page.request.get("/api/auth/session", { headers: { Cookie: `porch_session=${before.value}` } });
  expect(await replay.json()).toBeNull();
});

test("a wrong password and an unknown user get the same message", async ({ page, sql }) => {
  await page.goto("/auth/login");
  await signIn(page, { username: ADMIN.username, password: "typed-wrong-password" });
  await expect(page.getByRole("alert")).toHaveText("Invalid username or password");
  await page.goto("/auth/login");
  await signIn(page, { username: "nobody", password: "typed-wrong-password" });
  await expect(page.getByRole("alert")).toHaveText("Invalid username or password");
  await expect(page).toHaveURL(/\/auth\/login$/);
  // The name is kept and the cursor waits in Password for the retry, with or without JavaScript.
  await expect(page.getByLabel("Username")).toHaveValue("nobody");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  // Only the audit log knows which it was (an unknown name by its first character and length: it may be a password).
  const reasons = await sql`
    select details->>'username' as username, details->>'reason' as reason from audit_log
     where action = 'auth.sign-in.failed' order by id desc limit 2`;
  expect(reasons).toEqual([
    { username: "n… (no such account, 6 characters)", reason: "unknown-user" },
    { username: ADMIN.username, reason: "wrong-password" },
  ]);
});

test("without Remember me the cookie ends with the browser", async ({ page }) => {
  await page.goto("/auth/login");
  await signIn(page, ADMIN);
  await expect(page.getByTestId("current-user")).toBeVisible();
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === "porch_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false, expires: -1 });
  expect(cookie.value).toMatch(/^[a-z2-7]{32}\.[a-z2-7]{32}$/);
});

test("Remember me keeps the cookie for the session's lifetime", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/auth/login");
  await signIn(page, { ...ADMIN, remember: true });
  await expect(page.getByTestId("current-user")).toBeVisible();
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === "porch_session");
  const days = (cookie.expires * 1000 - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(6.9);
  expect(days).toBeLessThan(7.1);
});

test("/api/auth/session describes the signed-in user", async ({ page }) => {
  await page.goto("/auth/login");
  await signIn(page, ADMIN);
  await expect(page.getByTestId("current-user")).toBeVisible();
  const body = await (await page.request.get("/api/auth/session")).json();
  expect(body.user).toMatchObject({ username: ADMIN.username, displayName: null, email: null, image: null });
  expect(body.user.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.permissions).toContain("admin");
  expect(body.permissions).toContain("board-view-all");
  expect(new Date(body.expires).getTime()).toBeGreaterThan(Date.now());
});

test("signing in brings you back to the page you asked for, never elsewhere", async ({ page, baseURL }) => {
  await page.context().clearCookies();
  await page.goto("/?from=e2e");
  await expect(page).toHaveURL(/\/auth\/login\?redirectTo=%2F%3Ffrom%3De2e$/);
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(`${baseURL}/?from=e2e`);
  for (const evil of ["//evil.example", "https://evil.example/", "/\\evil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/auth/login?redirectTo=${encodeURIComponent(evil)}`);
    await signIn(page, ADMIN);
    await expect(page).toHaveURL(`${baseURL}/`);
  }
});

test("a cross-origin POST is refused and changes nothing", async ({ page }) => {
  const forged = await page.request.post("/auth/login", {
    headers: { Origin: "http://evil.example" },
    form: { username: ADMIN.username, password: ADMIN.password },
  });
  expect(forged.status()).toBe(403);
  await page.goto("/auth/login");
  await signIn(page, ADMIN);
  await expect(page.getByTestId("current-user")).toBeVisible();
  const signOut = await page.request.post("/api/auth/signout", { headers: { Origin: "http://evil.example" } });
  expect(signOut.status()).toBe(403);
  expect(await (await page.request.get("/api/auth/session")).json()).not.toBeNull();
});

test("a session made through SQL signs the browser in (login fixture)", async ({ page, login }) => {
  await page.context().clearCookies();
  const { username } = await login();
  await page.goto("/");
  await expect(page.getByTestId("current-user")).toHaveText(username);
});

test("every route answers an anonymous visitor as the route table says", { tag: "@http" }, async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
  for (const [id, entry] of Object.entries(ROUTE_TABLE)) {
    if (id === "root") continue;
    const res = await anonymous.get(entry.path);
    const where = `${id} (${entry.path})`;
    if (entry.api && (entry.access === "guest" || (typeof entry.access === "object" && "board" in entry.access))) {
      // JSON never redirects: public data while guests may see it, else 401 (or 404 for no such board).
      expect([200, 401], where).toContain(res.status());
    } else if (entry.api && (entry.access === "user" || typeof entry.access === "object")) {
      expect(res.status(), where).toBe(401);
      expect(res.headers()["www-authenticate"], where).toMatch(/^Bearer/);
      expect((await res.json()).error, where).toEqual(expect.any(String));
    } else if (entry.access === "guest") {
      expect([200, 302], where).toContain(res.status());
      if (res.status() === 302) expect(res.headers()["location"], where).toMatch(/^\/auth\/login/);
    } else if (entry.access === "user" || typeof entry.access === "object") {
      expect(res.status(), where).toBe(302);
      expect(res.headers()["location"], where).toMatch(/^\/auth\/login/);
    } else if (entry.access === "onboarding") {
      expect(res.status(), where).toBe(404);
    } else if (entry.access === "anonymous") {
      expect(res.status(), where).toBe(200);
    } else {
      expect(res.status(), where).toBeLessThan(500);
      expect(res.status(), where).not.toBe(403);
    }
  }
  await anonymous.dispose();
});
