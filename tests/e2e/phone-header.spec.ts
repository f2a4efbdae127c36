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
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("header").getByRole("link", { name: "Sign in" })).toHaveCount(0);
  await page.goto("/auth/forgot");
  await expect(page.locator("header").getByRole("link", { name: "Sign in" })).toBeVisible();
});
