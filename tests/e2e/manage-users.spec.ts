import { ADMIN, expect, signIn, test, waitForApp } from "./fixtures";

test.describe.configure({ mode: "serial" });

const NEW = { username: `dana_${Date.now().toString(36)}`, password: "plenty-long-password" };

test("an admin adds a user, who can then sign in", async ({ page, login, browser, baseURL }) => {
  await login({ permissions: ["admin"] });
  await page.goto("/");
  await page.getByRole("link", { name: "Manage" }).click();
  await expect(page).toHaveURL(/\/manage\/users$/);
  await page.getByRole("link", { name: "Add user" }).click();
  await page.getByLabel("Username").fill(NEW.username);
  await page.getByLabel("Email").fill("dana@example.com");
  await page.getByLabel("Display name").fill("Dana Scully");
  await page.getByLabel("Password", { exact: true }).fill(NEW.password);
  await page.getByLabel("Confirm password").fill(NEW.password);
  await page.getByRole("checkbox", { name: "admins", exact: true }).check();
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("status")).toHaveText("User created.");
  await expect(page.getByRole("heading", { name: NEW.username })).toBeVisible();

  const other = await browser.newContext({ baseURL, javaScriptEnabled: test.info().project.use.javaScriptEnabled });
  const theirs = await other.newPage();
  await theirs.goto("/auth/login");
  await waitForApp(theirs);
  await signIn(theirs, NEW);
  await expect(theirs.getByTestId("current-user")).toHaveText("Dana Scully");
  await other.close();
});

test("adding a user shows each mistake beside its field", async ({ page, login }) => {
  await login({ permissions: ["admin"] });
  await page.goto("/manage/users/new");
  await page.getByLabel("Username").fill(ADMIN.username.toUpperCase());
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("long-enough-1");
  await page.getByLabel("Confirm password").fill("long-enough-2");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Enter an email address like name@example.com")).toBeVisible();
  await expect(page.getByText("The passwords don't match")).toBeVisible();
  await page.getByLabel("Email").fill("");
  await page.getByLabel("Password", { exact: true }).fill("long-enough-1");
  await page.getByLabel("Confirm password").fill("long-enough-1");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("That username is taken")).toBeVisible();
});

test("search finds users and pages through thousands", async ({ page, login, sql }) => {
  await sql`insert into users (username) select 'page_' || lpad(i::text, 4, '0') from generate_series(1, 120) i on conflict do nothing`;
  await login({ permissions: ["admin"] });
  await page.goto("/manage/users");
  await page.getByLabel("Search users").fill("page_");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("120 users match your search")).toBeVisible();
  await expect(page.getByLabel("Search users")).toHaveValue("page_");
  await expect(page.getByText("Page 1 of 3")).toBeVisible();
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page.getByText("Page 2 of 3")).toBeVisible();
  await expect(page.getByRole("link", { name: "page_0051" })).toBeVisible();
  await page.getByLabel("Search users").fill("no-such-person");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("Nobody matches that search.")).toBeVisible();
});

test("an admin edits a user's profile, groups, permissions and password, then deletes them", async ({ page, login, sql }) => {
  const [target] = await sql`insert into users (username) values (${`edit_${Date.now().toString(36)}`}) returning id, username`;
  await login({ permissions: ["admin"] });
  await page.goto(`/manage/users/${target.id}`);
  // A click while React hydrates the page can be lost (CI saw it twice): act once it is interactive.
  await waitForApp(page);
  await page.getByLabel("Display name").fill("Edited Name");
  await page.getByLabel("Avatar URL").fill("javascript:alert(1)");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Use an http:// or https:// URL")).toBeVisible();
  await page.getByLabel("Avatar URL").fill("https://example.com/a.png");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toHaveText("Profile saved.");

  await page.getByRole("checkbox", { name: "admins", exact: true }).check();
  await page.getByRole("button", { name: "Save groups" }).click();
  await expect(page.getByRole("status")).toHaveText("Groups saved.");
  await expect(page.getByText("from group admins").first()).toBeVisible();

  await page.getByRole("checkbox", { name: "admins", exact: true }).uncheck();
  await page.getByRole("button", { name: "Save groups" }).click();
  // The answer re-renders the page: a checkbox ticked before it lands is reset (a race CI can lose).
  await expect(page.getByText("from group admins")).toHaveCount(0);
  await page.getByRole("checkbox", { name: /Full access to all boards/ }).check();
  await page.getByRole("button", { name: "Save permissions" }).click();
  await expect(page.getByRole("status")).toHaveText("Permissions saved.");
  await expect(page.getByText("implied by board-full-all").first()).toBeVisible();

  await page.getByLabel("New password", { exact: true }).fill("brand-new-password");
  await page.getByLabel("Confirm new password").fill("brand-new-password");
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password set. Their sessions and API keys have ended.");

  await page.getByRole("link", { name: "Delete user" }).click();
  await page.getByRole("button", { name: `Yes, delete ${target.username}` }).click();
  await expect(page).toHaveURL(/\/manage\/users$/);
  expect(await sql`select 1 from users where id = ${target.id}`).toHaveLength(0);
  const actions = await sql`select action from audit_log where target_id = ${target.id} order by id`;
  expect(actions.map((a) => a.action)).toEqual(
    expect.arrayContaining([
      "user.profile-updated",
      "user.groups-changed",
      "user.permissions-changed",
      "user.password-reset-by-admin",
      "user.deleted",
    ]),
  );
});

test("setting a user inactive signs them out at once", async ({ page, login, browser, baseURL }) => {
  const other = await browser.newContext({ baseURL });
  const theirs = await other.newPage();
  const victim = await login({ page: theirs });
  await theirs.goto("/");
  await expect(theirs.getByTestId("current-user")).toHaveText(victim.username);
  await login({ permissions: ["admin"] });
  await page.goto(`/manage/users/${victim.id}`);
  await page.getByLabel("Inactive").check();
  await page.getByRole("button", { name: "Save status" }).click();
  await expect(page.getByRole("status")).toHaveText("Status saved.");
  await theirs.goto("/");
  await expect(theirs).toHaveURL(/\/auth\/login/);
  await other.close();
});

test("an admin sees no way to delete their own account", async ({ page, login }) => {
  const me = await login({ permissions: ["admin"] });
  await page.goto(`/manage/users/${me.id}`);
  await expect(page.getByRole("heading", { name: me.username })).toBeVisible();
  await expect(page.getByRole("link", { name: "Delete user" })).toHaveCount(0);
});

test(
  "an administrator's own page sets no password, makes no reset link and drops no two-factor: a stolen session can't keep the account (attack24)",
  { tag: "@http" },
  async ({ page, login, sql, baseURL }) => {
    const admin = await login({ permissions: ["admin"] });
    const [before] = await sql`select password_hash from users where id = ${admin.id}`;
    for (const form of <Array<Record<string, string>>>[
      { intent: "password", password: "a thief's choice 123", confirmPassword: "a thief's choice 123" },
      { intent: "reset-link" },
      { intent: "reset-2fa" },
    ]) {
      const answer = await page.request.post(`/manage/users/${admin.id}`, { headers: { Origin: baseURL! }, form, maxRedirects: 0 });
      expect(answer.status(), form.intent).toBe(400);
      expect(await answer.text(), form.intent).toContain("under My account");
    }
    const [after] = await sql`select password_hash from users where id = ${admin.id}`;
    expect(after.password_hash).toBe(before.password_hash);
    expect(await sql`select 1 from password_resets where user_id = ${admin.id}`).toEqual([]);
  },
);

test("an administrator lists people inactive for 90 days and deactivates the ticked ones", async ({ page, login, sql }) => {
  const stamp = Date.now().toString(36);
  const [idle] = await sql`
    insert into users (username, created_at, last_sign_in_at) values (${`idle_${stamp}`}, now() - interval '400 days', now() - interval '200 days')
    returning id, username`;
  const [kept] = await sql`
    insert into users (username, created_at, last_sign_in_at) values (${`kept_${stamp}`}, now() - interval '400 days', now() - interval '200 days')
    returning id, username`;
  await login({ permissions: ["admin"] });
  await page.goto("/manage/users");
  await page.getByRole("link", { name: "Inactive people" }).click();
  const table = page.getByRole("table", { name: "Inactive people" });
  await expect(table.getByRole("link", { name: idle.username })).toBeVisible();
  // Everyone listed starts ticked: untick all but the one to go (other tests' old accounts may be listed too).
  for (const box of await table.getByRole("checkbox").all()) {
    if ((await box.getAttribute("aria-label")) !== `Deactivate ${idle.username}`) await box.uncheck();
  }
  await page.getByRole("button", { name: "Deactivate the ticked people" }).click();
  await expect(page.getByRole("status")).toContainText(`Deactivated ${idle.username}: their sessions and API keys have ended.`);
  await expect(table.getByRole("link", { name: idle.username })).toHaveCount(0);
  await expect(table.getByRole("link", { name: kept.username })).toBeVisible();
  const rows = await sql`select username, status from users where id in ${sql([idle.id, kept.id])} order by username`;
  expect(rows).toEqual([
    { username: idle.username, status: "inactive" },
    { username: kept.username, status: "active" },
  ]);
});
