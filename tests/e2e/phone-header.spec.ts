import { expect, test, waitForApp } from "./fixtures";

// Issue #19, items 1 and 12: the header fits a 320 px phone whatever the name's length, its links fold into
// a Menu that opens without JavaScript, and the sign-in pages carry no "Sign in" link to themselves.

const overflow = () =>
  document.scrollingElement!.scrollWidth -
  window.innerWidth +
  Math.max(0, document.querySelector("header")!.scrollWidth - window.innerWidth);

for (const width of [320, 390]) {
  test(`at ${width} px the signed-in header fits, and its Menu opens (with or without JavaScript)`, async ({ page, login, sql }) => {
    await page.setViewportSize({ width, height: 800 });
    const me = await login({ permissions: ["admin"] });
    await sql`update users set display_name = ${"Maximiliana Wolkenstein-Hohenberg von der Aue"} where id = ${me.id}`;
    await page.goto("/boards");
    await waitForApp(page);
    expect(await page.evaluate(overflow)).toBeLessThanOrEqual(0);
    const header = page.locator("header");
    await expect(header.getByRole("link", { name: "Boards" })).toBeHidden();
    await header.getByText("Menu").click();
    const menu = header.getByRole("navigation", { name: "Main" });
    await expect(menu.getByRole("link", { name: "Manage" })).toBeVisible();
    await expect(menu.getByRole("link", { name: /My account \(Maximiliana/ })).toBeVisible();
    await expect(menu.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect(await page.evaluate(overflow)).toBeLessThanOrEqual(0);
    await menu.getByRole("link", { name: "Manage" }).click();
    await expect(page).toHaveURL(/\/manage/);
  });
}

test("at desktop width the links sit in a row, the open section is marked, and the name is cut short", async ({ page, login, sql }) => {
  const me = await login();
  await sql`update users set display_name = ${"A".repeat(120)} where id = ${me.id}`;
  await page.goto("/boards");
  const nav = page.locator("header").getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Boards" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Integrations" })).not.toHaveAttribute("aria-current", "page");
  expect(await page.evaluate(overflow)).toBeLessThanOrEqual(0);
  await expect(page.locator("header").getByText("Menu")).toBeHidden();
});

test("the sign-in page shows no 'Sign in' link to itself; other pages for guests do", async ({ page }) => {
  await page.goto("/auth/login");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page.locator("header").getByRole("link", { name: "Sign in" })).toHaveCount(0);
  await page.goto("/auth/forgot");
  await expect(page.locator("header").getByRole("link", { name: "Sign in" })).toBeVisible();
});

// Issue #19 item 2: Manage's menu, the API keys table and the audit log on a 390 px phone.
test("at 390 px the audit log doesn't scroll sideways and stays a page long, and Manage's menu is a row of tabs", async ({
  page,
  login,
  sql,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const me = await login({ permissions: ["admin"] });
  const long = { reason: "x".repeat(300), groups: Array.from({ length: 20 }, (_, i) => `group-with-a-long-name-${i}`) };
  await sql`insert into audit_log (actor_type, actor_user_id, action, target_type, target_id, details)
            select 'user', ${me.id}, 'test.phone', 'user', ${me.id}, ${sql.json(long)} from generate_series(1, 50)`;
  await page.goto(`/manage/tools/logs?action=test.phone`);
  await waitForApp(page);
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  // 50 rows, each one line: the details are folded (the raw JSON made this page 5 000 px tall).
  expect(await page.evaluate(() => document.scrollingElement!.scrollHeight)).toBeLessThan(4000);
  const row = page.getByRole("row").nth(1);
  await expect(row).toContainText(`user ${me.username}`); // the target by name
  await expect(row.locator("summary")).toHaveText("groups, reason"); // the keys, as PostgreSQL orders them
  await row.locator("summary").click();
  await expect(row.getByText('"group-with-a-long-name-19"')).toBeVisible();

  // The side menu is a row of tabs, not a list pushing the page below the fold.
  const menu = page.getByRole("navigation", { name: "Manage" });
  expect((await menu.boundingBox())!.height).toBeLessThan(60);
  // Every other page's sideways scroll at 390 px, API keys listed included: accessibility.spec.ts.
});

test("the first Tab stop skips the header and lands on the page", async ({ page, login }) => {
  await login();
  await page.goto("/boards");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible(); // shown while focused, hidden otherwise
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await expect(page).toHaveURL(/#main$/);
});
