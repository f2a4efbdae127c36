import { expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });

test("an admin creates, renames, fills, grants and deletes a group", async ({ page, login, sql }) => {
  const name = `Family ${Date.now().toString(36)}`;
  const [member] = await sql`insert into users (username) values (${`kid_${Date.now().toString(36)}`}) returning id, username`;
  await login({ permissions: ["admin"] });
  await page.goto("/manage/users/groups");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description").fill("People at home");
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByRole("status")).toHaveText("Group created.");

  await page.goto("/manage/users/groups");
  await page.getByLabel("Name", { exact: true }).fill(name.toUpperCase());
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByText("A group with that name exists already")).toBeVisible();

  await page.getByRole("link", { name }).click();
  // Client-side navigation: wait for the group's page before typing, or the old page's "Name" gets it.
  await expect(page.getByRole("heading", { name: `Group ${name}` })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(`${name} renamed`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Group saved.");
  await expect(page.getByRole("heading", { name: `Group ${name} renamed` })).toBeVisible();

  await page.getByLabel("Find a user to add").fill(member.username.slice(0, 6));
  await page.getByRole("button", { name: "Find" }).click();
  await page.getByRole("button", { name: `Add ${member.username}` }).click();
  await expect(page.getByRole("status")).toHaveText("Member added.");
  await expect(page.getByLabel("Find a user to add")).toHaveValue(""); // issue #19 item 3
  await expect(page.getByText("Members (1)")).toBeVisible();

  await page.getByRole("checkbox", { name: /View all boards/ }).check();
  await page.getByRole("button", { name: "Save permissions" }).click();
  await expect(page.getByRole("status")).toHaveText("Permissions saved.");

  await page.getByRole("button", { name: `Remove ${member.username}` }).click();
  await expect(page.getByRole("status")).toHaveText("Member removed.");
  await expect(page.getByText("Members (0)")).toBeVisible();

  await page.getByRole("link", { name: "Delete group" }).click();
  await page.getByRole("button", { name: `Yes, delete ${name} renamed` }).click();
  await expect(page).toHaveURL(/\/manage\/users\/groups$/);
  expect(await sql`select 1 from groups where name = ${`${name} renamed`}`).toHaveLength(0);
});

test("everyone can't be renamed, deleted or have members edited, but takes permissions", async ({ page, login, sql }) => {
  const [everyone] = await sql`select id from groups where name = 'everyone'`;
  await login({ permissions: ["admin"] });
  await page.goto(`/manage/users/groups/${everyone.id}`);
  await expect(page.getByText("it can't be renamed, deleted or have members edited")).toBeVisible();
  await expect(page.getByRole("link", { name: "Delete group" })).toHaveCount(0);
  await expect(page.getByLabel("Find a user to add")).toHaveCount(0);
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const attempts: Array<Record<string, string>> = [
    { intent: "rename", name: "all" },
    { intent: "delete" },
    { intent: "add-member", username: "admin" },
  ];
  for (const form of attempts) {
    const res = await page.request.post(`/manage/users/groups/${everyone.id}`, { headers: { Origin: origin }, form });
    expect(res.status(), form.intent).toBe(400);
  }
  const [still] = await sql`select name from groups where id = ${everyone.id}`;
  expect(still.name).toBe("everyone");
  await page.getByRole("checkbox", { name: /Create boards/ }).check();
  await page.getByRole("button", { name: "Save permissions" }).click();
  await expect(page.getByRole("status")).toHaveText("Permissions saved.");
  await sql`delete from group_permissions where group_id = ${everyone.id}`;
});
