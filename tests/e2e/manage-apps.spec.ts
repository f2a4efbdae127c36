import { createApiKey } from "~/models/api-keys.server";
import { expect, test } from "./fixtures";

// Manage → Protected apps (issue #20): what forward auth guards, who may open it and why; and the JSON API.

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);
const system = { userId: null, ip: null, userAgent: null };

test("protect an app, give a group access, check a person, unprotect it", async ({ page, login, sql }) => {
  const host = `sonarr-${stamp()}.home.example`;
  const me = await login({ permissions: ["app-protect"] });
  const [group] = await sql`insert into groups (name) values (${`media-${stamp()}`}) returning id, name`;
  // Someone who isn't an administrator is offered only their own groups (and everyone).
  await sql`insert into group_members (group_id, user_id) values (${group.id}, ${me.id})`;
  await page.goto("/manage");
  await expect(page).toHaveURL(/\/manage\/apps$/);
  await expect(page.getByRole("heading", { name: "Protected apps", level: 1 })).toBeVisible();
  await page.getByLabel("Address").fill(`https://${host}/admin`);
  await page.getByRole("button", { name: "Protect app" }).click();
  await expect(page.getByText("Give only the scheme and host (and port); put a path in Path prefix")).toBeVisible();
  await page.getByLabel("Address").fill(`HTTPS://${host.toUpperCase()}/`);
  await page.getByLabel("Path prefix (optional)").fill("/admin/");
  await page.getByRole("button", { name: "Protect app" }).click();
  await expect(page.getByRole("status")).toContainText("App protected");
  // Stored as forward auth compares it: lowercase origin, prefix without its trailing slash.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`https://${host}/admin`);
  await page.getByLabel("Group", { exact: true }).selectOption({ label: group.name });
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByRole("status")).toContainText("Access saved");
  const [member] = await sql`insert into users (username) values (${`m_${stamp()}`}) returning id, username`;
  await sql`insert into group_members (group_id, user_id) values (${group.id}, ${member.id})`;
  await page.getByLabel("Username to check").fill(member.username);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByText(`Is in group "${group.name}"`)).toBeVisible();
  // The same address twice is refused beside the field.
  await page.goto("/manage/apps");
  await page.getByLabel("Address").fill(`https://${host}`);
  await page.getByLabel("Path prefix (optional)").fill("/admin");
  await page.getByRole("button", { name: "Protect app" }).click();
  await expect(page.getByText("That address and path prefix are protected already")).toBeVisible();
  await page.getByRole("link", { name: `https://${host}` }).click();
  await page.getByRole("link", { name: "Delete protection" }).click();
  // Nothing else covers its addresses and no tile links there: the question says what follows.
  await expect(page.getByText(`Stop protecting https://${host}/admin? Forward auth then refuses its addresses as nobody's.`)).toBeVisible();
  await page.getByRole("button", { name: "Yes, delete its protection" }).click();
  await expect(page.getByRole("status")).toContainText("No longer protected");
  expect(await sql`select 1 from protected_apps where origin = ${`https://${host}`}`).toHaveLength(0);
});

test("Check a user counts the boards with a tile linking into the app (administrators)", async ({ page, login, sql }) => {
  const host = `grafana-${stamp()}.home.example`;
  const admin = await login({ permissions: ["admin"] });
  const [viewer] = await sql`insert into users (username) values (${`v_${stamp()}`}) returning id, username`;
  const [board] = await sql`insert into boards (name, title) values (${`ops-${stamp()}`}, 'Ops') returning id, name`;
  await sql`insert into board_user_permissions (board_id, user_id, level) values (${board.id}, ${viewer.id}, 'view')`;
  await sql`insert into board_items (board_id, position, kind, title, url, app_origin, app_path, placed_by)
            values (${board.id}, 1, 'app', 'Grafana', ${`https://${host}/d/1`}, ${`https://${host}`}, '/d/1', ${admin.id})`;
  const [app] = await sql`insert into protected_apps (origin) values (${`https://${host}`}) returning id`;
  await page.goto(`/manage/apps/${app.id}?check=${viewer.username}`);
  await expect(page.getByText(`Can view board "${board.name}", which has a tile linking here`)).toBeVisible();
  await expect(page.getByTestId("app-rule")).toContainText("1 tile now");
});

test(
  "the JSON API protects, changes and unprotects apps, with app-protect only",
  { tag: "@http" },
  async ({ login, sql, playwright, baseURL }) => {
    const owner = await login({ permissions: ["app-protect"] });
    const plain = await login({ permissions: [] });
    const keyOf = async (userId: string) =>
      (await createApiKey(sql, system, { userId, description: "apps", permissions: ["app-protect"], actAsOwner: true, expiresAt: null }))
        .token;
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${await keyOf(owner.id)}` } });
    const other = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${await keyOf(plain.id)}` } });
    try {
      const host = `https://nas-${stamp()}.home.example`;
      const bad = await api.post("/api/protected-apps", { data: { origin: `${host}/x` } });
      expect(bad.status()).toBe(400);
      expect((await bad.json()).error).toContain("origin: Give only the scheme and host");
      const made = await api.post("/api/protected-apps", { data: { origin: host.toUpperCase(), pathPrefix: "/admin/" } });
      expect(made.status()).toBe(201);
      const app = await made.json();
      expect(app).toMatchObject({ origin: host, pathPrefix: "/admin", linkingItems: 0 });
      expect(made.headers()["location"]).toBe(`/api/protected-apps/${app.id}`);
      expect((await api.post("/api/protected-apps", { data: { origin: host, pathPrefix: "/admin" } })).status()).toBe(409);
      expect((await api.get("/api/protected-apps")).ok()).toBe(true);
      const moved = await api.patch(`/api/protected-apps/${app.id}`, { data: { pathPrefix: "" } });
      expect(await moved.json()).toMatchObject({ pathPrefix: "/" });
      // Without app-protect: 403, whatever the method.
      expect((await other.get("/api/protected-apps")).status()).toBe(403);
      expect((await other.delete(`/api/protected-apps/${app.id}`)).status()).toBe(403);
      expect((await api.delete(`/api/protected-apps/${app.id}`)).status()).toBe(204);
      expect((await api.get(`/api/protected-apps/${app.id}`)).status()).toBe(404);
    } finally {
      await api.dispose();
      await other.dispose();
    }
  },
);

test("Manage → Settings: addresses nobody protected stay closed unless an administrator opens them", async ({ page, login, sql }) => {
  await login({ permissions: ["admin"] });
  await page.goto("/manage/settings");
  const box = page.getByLabel("Let signed-in people through to addresses nobody protected");
  await expect(box).not.toBeChecked();
  await box.check();
  await page.getByRole("button", { name: "Save for protected apps" }).click();
  await expect(page.getByRole("status")).toContainText("Settings saved");
  try {
    const [row] = await sql`select value from server_settings where key = 'forward_auth_unknown_origins'`;
    expect(row.value).toBe(true);
  } finally {
    await sql`delete from server_settings where key = 'forward_auth_unknown_origins'`;
  }
});

test("a protected app's rows say their one level; boards keep their level menu", async ({ page, login, sql }) => {
  const admin = await login({ permissions: ["admin"] });
  const [group] = await sql`insert into groups (name) values (${`staff-${stamp()}`}) returning id, name`;
  const [app] = await sql`insert into protected_apps (origin) values (${`https://nas-${stamp()}.home.example`}) returning id`;
  await sql`insert into protected_app_group_permissions (app_id, group_id, level) values (${app.id}, ${group.id}, 'open')`;
  await page.goto(`/manage/apps/${app.id}`);
  const row = page.getByRole("listitem").filter({ hasText: group.name });
  await expect(row).toContainText("open");
  // Only one level: nothing to choose, nothing to change, no ladder of levels to explain.
  await expect(page.getByLabel(`Access of ${group.name}`)).toHaveCount(0);
  await expect(row.getByRole("button", { name: "Change" })).toHaveCount(0);
  await expect(page.getByText("Each level includes the ones before it")).toHaveCount(0);
  await expect(page.getByLabel("Access for the group")).toHaveCount(0);
  await expect(row.getByRole("button", { name: `Remove ${group.name}` })).toBeVisible();
  // A board's levels are a ladder: its rows keep the menu.
  const [board] =
    await sql`insert into boards (name, title, creator_id) values (${`lv-${stamp()}`}, 'Levels', ${admin.id}) returning id, name`;
  await sql`insert into board_group_permissions (board_id, group_id, level) values (${board.id}, ${group.id}, 'view')`;
  await page.goto(`/boards/${board.name}/settings/access`);
  await expect(page.getByLabel(`Access of ${group.name}`)).toHaveValue("view");
  await expect(page.getByRole("listitem").filter({ hasText: group.name }).getByRole("button", { name: "Change" })).toBeVisible();
  await expect(page.getByText("Each level includes the ones before it")).toBeVisible();
});
