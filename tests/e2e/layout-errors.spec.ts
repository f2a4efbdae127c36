import { expect, test } from "./fixtures";

// A refusal inside an area with its own navigation is said beside that navigation, so the way on stays.

test("a 403 inside Manage keeps Manage's navigation, listing only what the user may open", async ({ page, login }) => {
  await login({ permissions: ["other-view-logs"] });
  const response = await page.goto("/manage/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(page.getByText('You need the "admin" permission for this page.')).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Manage" });
  await expect(nav.getByRole("link", { name: "Logs" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  // Integrations are the header's, for everyone; Manage doesn't list them again (issue #19 item 8).
  await expect(nav.getByRole("link", { name: "Integrations" })).toHaveCount(0);
});

test("someone with nothing to manage sees integrations without an empty Manage menu", async ({ page, login }) => {
  await login();
  await page.goto("/manage/integrations");
  await expect(page.getByRole("navigation", { name: "Manage" })).toHaveCount(0);
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name: "Integrations" }).first()).toHaveAttribute("aria-current", "page");
});

test("a 404 inside Manage keeps the navigation too, and Users stays the section of every user page", async ({ page, login }) => {
  await login({ permissions: ["admin"] });
  const response = await page.goto("/manage/users/00000000-0000-0000-0000-000000000000");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Manage" });
  await expect(nav.getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
  await page.goto("/manage/users/new");
  await expect(nav.getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
  await page.goto("/manage/users/groups");
  await expect(nav.getByRole("link", { name: "Groups" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Users" })).not.toHaveAttribute("aria-current", "page");
  // On an integration page the header's Integrations is current, not Manage.
  await page.goto("/manage/integrations");
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name: "Manage" }).first()).not.toHaveAttribute("aria-current", "page");
});

test("My account's menu names each page as its heading does", async ({ page, login }) => {
  await login();
  await page.goto("/settings");
  const menu = page.getByRole("navigation", { name: /My account/ });
  for (const link of await menu.getByRole("link").all()) {
    const label = (await link.innerText()).trim();
    await link.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(label);
  }
});

test("pages below a list show the trail back to it, and each step of it leads there (issue #19 item 8)", async ({ page, login, sql }) => {
  const me = await login({ permissions: ["admin"] });
  const name = `crumbs-${Date.now().toString(36)}`;
  await sql`insert into boards (name, title, creator_id) values (${name}, 'Crumb board', ${me.id})`;
  const trail = page.getByRole("navigation", { name: "Breadcrumb" });
  const steps = async () => (await trail.getByRole("listitem").allInnerTexts()).map((t) => t.replace(/\s*›\s*$/, "").trim());

  await page.goto(`/manage/users/${me.id}`);
  expect(await steps()).toEqual(["Manage", "Users", me.username]);
  await expect(trail.getByRole("listitem").last()).toHaveAttribute("aria-current", "page");
  await trail.getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/manage\/users$/);

  await page.goto(`/boards/${name}/settings/access`);
  expect(await steps()).toEqual(["Boards", "Crumb board", "Settings"]);
  await trail.getByRole("link", { name: "Crumb board" }).click();
  await expect(page).toHaveURL(new RegExp(`/boards/${name}$`));

  await page.goto("/boards/new");
  expect(await steps()).toEqual(["Boards", "New board"]);
  // A page of the first level (a list itself) needs none.
  await page.goto("/boards");
  await expect(trail).toHaveCount(0);
});

/** Rows of controls (fields, choices, buttons side by side) whose heights differ: "Add user (34 px) vs Username (30 px)". */
function unevenRows(): string[] {
  const controls = [...document.querySelectorAll<HTMLElement>("main input, main select, main button")].filter((el) => {
    const type = (el as HTMLInputElement).type;
    return el.offsetParent !== null && !["checkbox", "radio", "hidden"].includes(type);
  });
  const uneven: string[] = [];
  for (const form of new Set(controls.map((el) => el.closest("form")))) {
    const rows = new Map<number, HTMLElement[]>();
    for (const el of controls.filter((c) => c.closest("form") === form)) {
      const r = el.getBoundingClientRect();
      const key = Math.round((r.top + r.height / 2) / 6);
      rows.set(key, [...(rows.get(key) ?? []), el]);
    }
    for (const row of rows.values()) {
      const heights = row.map((el) => Math.round(el.getBoundingClientRect().height));
      if (row.length > 1 && Math.max(...heights) - Math.min(...heights) > 1) {
        uneven.push(
          row
            .map((el, i) => `${el.getAttribute("aria-label") ?? el.getAttribute("name") ?? el.textContent?.trim()} (${heights[i]} px)`)
            .join(" vs "),
        );
      }
    }
  }
  return uneven;
}

test("controls side by side are as tall as their button (issue #19 item 10)", async ({ page, login, sql }) => {
  const me = await login({ permissions: ["admin"] });
  const name = `sizes-${Date.now().toString(36)}`;
  await sql`insert into boards (name, title, creator_id) values (${name}, 'Sizes', ${me.id})`;
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const path of [
    `/boards/${name}/settings/access`,
    "/manage/tools/logs",
    "/settings/api-keys",
    "/manage/users/invites",
    "/settings",
    "/manage/users",
  ]) {
    await page.goto(path);
    expect(await page.evaluate(unevenRows), path).toEqual([]);
  }
});
