import { expect, test } from "./fixtures";

// The board list pages by cursor with plain links: the same on the no-js project as with JavaScript.

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

test("the boards list pages with Next and Previous links, searches, and says when nothing is left", async ({ page, login, sql }) => {
  const me = await login();
  const prefix = `pager-${stamp()}`;
  await sql`
    insert into boards (name, title, creator_id)
    select ${prefix} || '-' || lpad(i::text, 2, '0'), 'Pager ' || i, ${me.id} from generate_series(1, 60) i`;
  const rows = page.getByRole("row").filter({ hasText: prefix });
  const pages = page.getByRole("navigation", { name: "Pages" });

  await page.goto(`/boards?q=${prefix}`);
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText(`${prefix}-01`);
  await expect(pages.getByText("← Previous")).not.toHaveAttribute("href");
  await pages.getByRole("link", { name: "Next →" }).click();
  await expect(rows).toHaveCount(10);
  await expect(rows.first()).toContainText(`${prefix}-51`);
  await expect(page).toHaveURL(/[?&]after=/);
  await expect(page.getByRole("searchbox", { name: "Search boards" })).toHaveValue(prefix);
  await expect(pages.getByText("Next →")).not.toHaveAttribute("href");
  await pages.getByRole("link", { name: "← Previous" }).click();
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText(`${prefix}-01`);

  await page.goto(`/boards?q=${prefix}-nothing`);
  await expect(page.getByText("No board matches.")).toBeVisible();
  await expect(pages).toHaveCount(0);
});

test("a broken page link answers 400 with a way back to the first page", async ({ page, login }) => {
  await login();
  const answer = await page.goto("/boards?after=not-a-cursor!");
  expect(answer?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("That page link is broken or out of date.");
  await page.getByRole("link", { name: "Start from the first page" }).click();
  await expect(page).toHaveURL(/\/boards\??$/);
  await expect(page.getByRole("alert")).toHaveCount(0);
});
