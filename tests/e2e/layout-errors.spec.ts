import { expect, test } from "./fixtures";

// A refusal inside an area with its own navigation is said beside that navigation, so the way on stays.

test("a 403 inside Manage keeps Manage's navigation, listing only what the user may open", async ({ page, login }) => {
  await login();
  const response = await page.goto("/manage/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(page.getByText('You need the "admin" permission for this page.')).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Manage" });
  await expect(nav.getByRole("link", { name: "Integrations" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
});

test("a 404 inside Manage keeps the navigation too", async ({ page, login }) => {
  await login({ permissions: ["admin"] });
  const response = await page.goto("/manage/users/00000000-0000-0000-0000-000000000000");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Manage" }).getByRole("link", { name: "Users" })).toBeVisible();
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
