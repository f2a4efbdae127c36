import { expect, signIn, test } from "./fixtures";

test("a directory user signs in through the login page, and a wrong password gets the generic message", async ({ page, sql }) => {
  await page.goto("/auth/login");
  await page.getByLabel("Account type").selectOption("ldap");
  await signIn(page, { username: "bob", password: "wrong" });
  await expect(page.getByRole("alert")).toHaveText("Invalid username or password");
  await page.getByLabel("Account type").selectOption("ldap");
  await signIn(page, { username: "bob", password: "bob-secret" });
  await expect(page.getByTestId("current-user")).toHaveText("Bob Builder");
  const [user] = await sql`select provider, email, password_hash from users where username = 'bob'`;
  expect(user).toEqual({ provider: "ldap", email: "bob@porch.test", password_hash: null });
});

test("the LDAP tools test the connection, find and sync users, and name what fails", async ({ page, login }) => {
  await login({ permissions: ["admin"] });
  await page.goto("/manage/tools/ldap");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status")).toContainText("bound as cn=porch-bind,ou=services,dc=porch,dc=test, found dc=porch,dc=test");
  await page.getByLabel("Directory username").fill("alice");
  await page.getByRole("button", { name: "Find user" }).click();
  await expect(page.getByRole("status")).toContainText("Found uid=alice,ou=staff,ou=people,dc=porch,dc=test");
  await expect(page.getByRole("status")).toContainText("directory-admins");
  await page.getByLabel("Directory username").fill("alice");
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByRole("status")).toContainText("Synced alice");
  await page.getByLabel("Directory username").fill("twin");
  await page.getByRole("button", { name: "Find user" }).click();
  await expect(page.getByRole("alert")).toHaveText("user search failed: user search returned 2 entries");
});

test("an admin syncs everyone now: each directory account is looked up again, and the run is listed", async ({ page, login }) => {
  const admin = await login({ permissions: ["admin"] });
  await page.goto("/manage/tools/ldap");
  await expect(
    page.getByText(/Scheduled: every 1 hour\. A run that would deactivate more than 10% of the accounts it checks/),
  ).toBeVisible();
  await page.getByRole("button", { name: "Sync everyone now" }).click();
  await expect(page.getByRole("status")).toContainText(/Checked \d+ accounts?: nobody left; \d+ refreshed\./);
  const runs = page.getByRole("table", { name: "Recent syncs" });
  await expect(runs.getByRole("row").nth(1)).toContainText(admin.username);
});

test("an admin maps a local group to a directory group, for one provider at a time", async ({ page, login, sql }) => {
  const [group] = await sql`insert into groups (name) values (${`Streaming ${Date.now().toString(36)}`}) returning id`;
  await login({ permissions: ["admin"] });
  await page.goto(`/manage/users/groups/${group.id}`);
  for (const provider of ["LDAP", "OpenID Connect"]) {
    await page.getByLabel("Provider").selectOption({ label: provider });
    await page.getByLabel("Directory group name").fill("media");
    await page.getByRole("button", { name: "Add directory group" }).click();
    await expect(page.getByRole("status")).toHaveText("Directory groups saved.");
  }
  // The page says which provider each entry is for.
  await expect(page.getByRole("listitem").filter({ hasText: "LDAP group" })).toContainText("media");
  await expect(page.getByRole("listitem").filter({ hasText: "OpenID Connect group" })).toContainText("media");
  const rows = await sql`select provider, directory_group from group_directory_mappings where group_id = ${group.id} order by provider`;
  expect(rows.map((r) => `${r.provider}:${r.directory_group}`)).toEqual(["ldap:media", "oidc:media"]);
  await page.getByRole("button", { name: "Remove LDAP group media" }).click();
  await expect(page.getByRole("button", { name: "Remove LDAP group media" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Remove OpenID Connect group media" })).toBeVisible();
  const left = await sql`select provider from group_directory_mappings where group_id = ${group.id}`;
  expect(left.map((r) => r.provider)).toEqual(["oidc"]);
  await page.getByRole("button", { name: "Remove OpenID Connect group media" }).click();
  await expect(page.getByRole("button", { name: "Remove OpenID Connect group media" })).toHaveCount(0);
});
