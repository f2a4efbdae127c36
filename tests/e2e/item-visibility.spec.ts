import type { Page } from "@playwright/test";
import { grantGroup, grantUser } from "~/models/board-rows.server";
import { addItem, createBoard } from "~/models/boards.server";
import { addMember, createGroup } from "~/models/groups.server";
import { expect, test } from "./fixtures";

// Issue #22: an item limited to some people and groups reaches nobody else: not the page, not the
// API, not Check a user's list; the board's editors see it with who it's for, and View as shows it
// as a chosen person or group would see it.

const system = { userId: null, ip: null, userAgent: null };
const everything = { userId: null, admin: true };
const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);
const app = (title: string, url: string) => ({ kind: "app" as const, title, url, newTab: false });

async function family(
  sql: import("postgres").Sql,
  login: (o?: { page?: Page; permissions?: string[] }) => Promise<{ id: string; username: string }>,
  pages: { owner: Page; kid: Page; other: Page },
) {
  const owner = await login({ page: pages.owner });
  const kid = await login({ page: pages.kid });
  const other = await login({ page: pages.other });
  const kids = await createGroup(sql as never, system, { name: `kids-${stamp()}` });
  await addMember(sql as never, system, kids, kid.username);
  const name = `family-${stamp()}`;
  const board = await createBoard(sql as never, { ...system, userId: owner.id }, { name, title: "Family", isPublic: false });
  await grantGroup(sql as never, system, board, kids, "view", everything);
  await grantUser(sql as never, system, board, other.username, "view", everything);
  await addItem(sql as never, system, board, app("Plex", "https://plex.lan/"));
  await addItem(sql as never, system, board, app("Homework", "https://homework.lan/"));
  return { owner, kid, other, kids, name, board };
}

test("an editor limits an item to a group: its members see it, others get nothing of it, Check a user and View as say so", async ({
  page,
  browser,
  login,
  sql,
  baseURL,
}) => {
  const kidContext = await browser.newContext({ baseURL });
  const otherContext = await browser.newContext({ baseURL });
  const pages = { owner: page, kid: await kidContext.newPage(), other: await otherContext.newPage() };
  const f = await family(sql, login, pages);

  await page.goto(`/boards/${f.name}?mode=edit`);
  await page.getByRole("link", { name: "Who sees it: Homework" }).click();
  const form = page.getByRole("form", { name: "Who sees Homework" });
  await form.getByLabel("Only the groups and people below").check();
  await form.getByRole("button", { name: "Save" }).click();
  // Nothing chosen: a clear message beside the field, nothing saved.
  await expect(page.getByText("Choose at least one group or name at least one person, or choose everyone")).toBeVisible();
  await form.getByLabel("Only the groups and people below").check();
  await form.getByLabel("People (usernames, separated by commas)").fill("no-such-person");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText('No active account is called "no-such-person"')).toBeVisible();
  await form.getByLabel("Only the groups and people below").check();
  await form.getByLabel("People (usernames, separated by commas)").fill("");
  await form.getByLabel(/^kids-/).check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Who sees the item is saved.")).toBeVisible();
  await expect(page.getByTestId("item-audience")).toHaveText(/Only for kids-/);

  await pages.kid.goto(`/boards/${f.name}`);
  await expect(pages.kid.getByRole("link", { name: /Homework/ })).toBeVisible();
  await expect(pages.kid.getByTestId("item-audience")).toHaveCount(0);
  const seen = await pages.other.goto(`/boards/${f.name}`);
  await expect(pages.other.getByRole("link", { name: /Plex/ })).toBeVisible();
  expect(await seen!.text()).not.toContain("homework.lan");
  expect(await (await pages.other.request.get(`/boards/${f.name}.data`)).text()).not.toContain("homework");

  await page.goto(`/boards/${f.name}/settings/access?check=${f.other.username}`);
  await expect(page.getByTestId("items-seen")).toContainText(`${f.other.username} sees 1 item on this board:`);
  await expect(page.getByTestId("items-seen").getByRole("listitem")).toHaveText(["Plex"]);

  await page.goto(`/boards/${f.name}/view-as`);
  await page
    .getByLabel("Or a member of a group")
    .selectOption({ label: (await sql`select name from groups where id = ${f.kids}`)[0].name });
  await page.getByRole("button", { name: "View" }).click();
  await expect(page.getByTestId("view-as-banner")).toContainText("You are seeing this board as members of kids-");
  await expect(page.getByRole("link", { name: /Homework/ })).toBeVisible();
  await page.getByLabel("A person (username)").fill(f.other.username);
  await page.getByLabel("Or a member of a group").selectOption("");
  await page.getByRole("button", { name: "View" }).click();
  await expect(page.getByTestId("view-as-banner")).toContainText(`as ${f.other.username} sees it`);
  await expect(page.getByRole("link", { name: /Homework/ })).toHaveCount(0);
  const audits = await sql`select details from audit_log where action = 'board.viewed-as' and actor_user_id = ${f.owner.id} order by id`;
  expect(audits.map((a) => a.details.as)).toEqual([expect.stringMatching(/^members of kids-/), f.other.username]);
  // A viewer can't open View as (full owners and administrators only), nor set who sees an item.
  expect((await pages.other.request.get(`/boards/${f.name}/view-as`)).status()).toBe(403);
  await kidContext.close();
  await otherContext.close();
});

test(
  "who sees an item, over HTTP: the form, the page and the JSON API agree, and a viewer can't change it",
  { tag: "@http" },
  async ({ page, browser, login, sql, baseURL }) => {
    const kidContext = await browser.newContext({ baseURL });
    const otherContext = await browser.newContext({ baseURL });
    const pages = { owner: page, kid: await kidContext.newPage(), other: await otherContext.newPage() };
    const f = await family(sql, login, pages);
    const origin = new URL(baseURL!).origin;
    const [homework] = await sql`select id from board_items where board_id = ${f.board} and title = 'Homework'`;

    const post = (who: Page, form: Record<string, string>) =>
      who.request.post(`/boards/${f.name}`, { form, headers: { Origin: origin }, maxRedirects: 0 });
    expect((await post(pages.other, { intent: "set-visibility", itemId: homework.id, audience: "everyone" })).status()).toBe(403);
    const saved = await post(page, { intent: "set-visibility", itemId: homework.id, audience: "some", users: f.kid.username });
    expect(saved.status()).toBe(302);

    const titles = async (who: Page) =>
      ((await (await who.request.get(`/api/boards/${f.name}`)).json()).items as Array<{ title: string }>).map((i) => i.title);
    expect(await titles(pages.kid)).toEqual(["Plex", "Homework"]);
    expect(await titles(pages.other)).toEqual(["Plex"]);
    const asOwner = await (await page.request.get(`/api/boards/${f.name}`)).json();
    expect(asOwner.items[1].visibleTo).toEqual({ users: [f.kid.username], groups: [] });
    expect(asOwner.items[0].visibleTo).toBeNull();
    const asKid = await (await pages.kid.request.get(`/api/boards/${f.name}`)).json();
    expect(asKid.items[1]).not.toHaveProperty("visibleTo");

    // PATCH with groups by id; a name nobody has is a 400 naming it, and nothing changes.
    const headers = { Origin: origin, "Content-Type": "application/json" };
    const items = [
      { kind: "app", title: "Plex", url: "https://plex.lan/", visibleTo: { groups: [f.kids] } },
      { kind: "app", title: "Homework", url: "https://homework.lan/" },
    ];
    const bad = await page.request.patch(`/api/boards/${f.name}`, {
      headers,
      data: { items: [{ ...items[0], visibleTo: { users: ["nobody-at-all"] } }] },
    });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error).toBe('items: visibleTo: No active account is called "nobody-at-all"');
    // An item sent back without `visibleTo` keeps its audience (attack32); null makes it everyone's.
    const patched = await page.request.patch(`/api/boards/${f.name}`, { headers, data: { items } });
    expect(patched.status()).toBe(200);
    expect((await patched.json()).items.map((i: { visibleTo: unknown }) => i.visibleTo)).toEqual([
      { users: [], groups: [f.kids] },
      { users: [f.kid.username], groups: [] },
    ]);
    expect(await titles(pages.other)).toEqual([]);
    expect(await titles(pages.kid)).toEqual(["Plex", "Homework"]);
    const opened = await page.request.patch(`/api/boards/${f.name}`, {
      headers,
      data: { items: [items[0], { ...items[1], visibleTo: null }] },
    });
    expect((await opened.json()).items[1].visibleTo).toBeNull();
    expect(await titles(pages.other)).toEqual(["Homework"]);
    const html = await (await pages.other.request.get(`/boards/${f.name}`)).text();
    expect(html).not.toContain("plex.lan");
    await kidContext.close();
    await otherContext.close();
  },
);
