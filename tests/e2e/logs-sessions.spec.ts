import { hashPassword } from "~/auth/password.server";
import { expect, signIn, test, waitForApp } from "./fixtures";

test("people see their sessions, sign out one, and everywhere else", async ({ page, browser, baseURL, sql }) => {
  const js = test.info().project.use.javaScriptEnabled;
  const username = `multi_${Date.now().toString(36)}`;
  await sql`insert into users (username, password_hash) values (${username}, ${await hashPassword("session-password")})`;
  const contexts = [
    await browser.newContext({ baseURL, javaScriptEnabled: js }),
    await browser.newContext({ baseURL, javaScriptEnabled: js }),
  ];
  const [laptop, phone] = await Promise.all(contexts.map((c) => c.newPage()));
  for (const p of [page, laptop, phone]) {
    await p.goto("/auth/login");
    await waitForApp(p);
    await signIn(p, { username, password: "session-password" });
    await expect(p.getByTestId("current-user")).toHaveText(username);
  }
  await page.goto("/settings/sessions");
  await expect(page.getByRole("listitem")).toHaveCount(3);
  await expect(page.getByText("this device")).toHaveCount(1);

  // Sign out one other session: it fails on its very next request.
  await page
    .getByRole("button", { name: /^Sign out (?!.*this device)/ })
    .first()
    .click();
  await expect(page.getByRole("status")).toHaveText("That session has ended.");
  await expect(page.getByRole("listitem")).toHaveCount(2);
  const states = await Promise.all([laptop, phone].map(async (p) => (await p.request.get("/api/auth/session")).json()));
  expect(states.filter((s) => s === null)).toHaveLength(1);

  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(page.getByRole("status")).toHaveText("You are signed out everywhere else.");
  for (const p of [laptop, phone]) {
    await p.goto("/");
    await expect(p).toHaveURL(/\/auth\/login/);
  }
  await page.goto("/");
  await expect(page.getByTestId("current-user")).toHaveText(username);
  for (const c of contexts) await c.close();
});

test("an admin sees a user's sessions and ends them all", async ({ page, login, browser, baseURL }) => {
  const other = await browser.newContext({ baseURL });
  const theirs = await other.newPage();
  const target = await login({ page: theirs });
  await login({ permissions: ["admin"] });
  await page.goto(`/manage/users/${target.id}`);
  await expect(page.getByText("Sessions (1)")).toBeVisible();
  await page.getByRole("button", { name: "End all sessions, API keys and passkeys" }).click();
  await expect(page.getByRole("status")).toHaveText("All their sessions, API keys and passkeys have ended.");
  expect(await (await theirs.request.get("/api/auth/session")).json()).toBeNull();
  await other.close();
});

test("the log page filters, charts sign-ins and exports CSV with formulas neutralised", async ({ page, login, sql }) => {
  await sql`insert into audit_log (action, ip, details) values ('test.formula', '192.0.2.44', ${sql.json({ note: "=cmd|' /C calc'!A0" })})`;
  await sql`insert into audit_log (action, ip) values ('auth.sign-in.failed', '192.0.2.44')`;
  await login({ permissions: ["other-view-logs"] });
  await page.goto("/");
  await page.getByRole("link", { name: "Manage" }).click();
  await expect(page).toHaveURL(/\/manage\/tools\/logs/);
  await expect(page.getByRole("heading", { name: "Logs" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Manage" }).getByRole("link")).toHaveText(["Logs"]);
  await page.getByLabel("IP").fill("192.0.2.44");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/ip=192\.0\.2\.44/);
  await expect(page.getByRole("cell", { name: "test.formula" })).toBeVisible();
  // Exactly one: the filtered list (the unfiltered one, still on screen for a moment, has many).
  await expect(page.getByRole("cell", { name: "auth.sign-in.failed" })).toHaveCount(1);
  await expect(page.getByRole("img", { name: /Sign-ins per hour: \d+ succeeded, [1-9]\d* failed/ })).toBeVisible();

  const csv = await page.request.get("/manage/tools/logs.csv?ip=192.0.2.44");
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const text = await csv.text();
  expect(text.split("\r\n")[0]).toBe("time,actor_type,actor,action,target_type,target_id,ip,user_agent,details");
  expect(text).toContain("test.formula");
  expect(text).not.toMatch(/(^|,)"?=cmd/m);
});

test("a signed-in user's denied requests are audited, once per path and hour", { tag: "@http" }, async ({ page, login, sql }) => {
  const me = await login();
  for (let i = 0; i < 3; i++) expect((await page.request.get("/manage/users")).status()).toBe(403);
  expect((await page.request.get("/no-such-page-here")).status()).toBe(404);
  const rows =
    await sql`select target_id, details from audit_log where action = 'access.denied' and actor_user_id = ${me.id} order by target_id`;
  expect(rows.map((r) => r.target_id)).toEqual(["/manage/users", "/no-such-page-here"]);
  expect(rows[0].details).toMatchObject({ status: 403, method: "GET" });
});
