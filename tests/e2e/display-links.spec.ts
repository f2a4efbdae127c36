import { addItem, createBoard, setItemAudience } from "~/models/boards.server";
import { expect, test } from "./fixtures";

// Issue #22: a board's full-level owner makes a display link; the board shows at its URL read-only,
// without signing in, refreshing itself, and nowhere else; revoked, it works no more.

const system = { userId: null, ip: null, userAgent: null };
const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

async function kitchenBoard(sql: import("postgres").Sql, ownerId: string, kidId: string) {
  const name = `kitchen-${stamp()}`;
  const board = await createBoard(sql as never, { ...system, userId: ownerId }, { name, title: "Kitchen", isPublic: false });
  await addItem(sql as never, system, board, { kind: "app", title: "Recipes", url: "https://recipes.lan/", newTab: false });
  const secret = await addItem(sql as never, system, board, { kind: "note", body: "Birthday present: a bike" });
  await setItemAudience(sql as never, system, board, secret, { userIds: [kidId], groupIds: [] });
  return { name, board };
}

test("an owner makes a display link: a signed-out TV sees the board read-only and refreshing; revoked, it is gone", async ({
  page,
  browser,
  login,
  sql,
  baseURL,
}) => {
  const owner = await login();
  const [kid] = await sql`insert into users (username) values (${`kid_${stamp()}`}) returning id`;
  const { name } = await kitchenBoard(sql, owner.id, kid.id);
  await page.goto(`/boards/${name}/settings`);
  await page.getByRole("link", { name: "Display links" }).click();
  await expect(page.getByText("No display links yet.")).toBeVisible();
  await page.getByLabel("Name").fill("Kitchen tablet");
  await page.getByLabel("Reloads").selectOption({ label: "every minute" });
  await page.getByRole("button", { name: "Create display link" }).click();
  const url = await page.getByLabel("Copy this link now: it is shown only once.").inputValue();
  expect(url).toMatch(new RegExp(`^${baseURL}/display/[a-z2-7]{32}$`));
  await expect(page.getByRole("cell", { name: "Kitchen tablet", exact: true })).toBeVisible();

  const tv = await browser.newContext();
  const screen = await tv.newPage();
  const shown = await screen.goto(url);
  expect(shown?.status()).toBe(200);
  await expect(screen.getByRole("heading", { name: "Kitchen" })).toBeVisible();
  await expect(screen.getByRole("link", { name: /Recipes/ })).toBeVisible();
  await expect(screen.getByText("Birthday present")).toHaveCount(0);
  // No header, no sign-in link, no edit controls, no scripts; it reloads itself.
  await expect(screen.getByRole("banner")).toHaveCount(0);
  await expect(screen.getByRole("button")).toHaveCount(0);
  expect(await screen.locator('meta[http-equiv="refresh"]').getAttribute("content")).toBe("60");
  expect(await screen.locator("script").count()).toBe(0);
  expect(shown?.headers()["referrer-policy"]).toBe("no-referrer");

  // (A reload would send the form again without JavaScript: open the page afresh.)
  await page.goto(`/boards/${name}/settings/display`);
  await expect(page.getByRole("cell", { name: /from / })).toBeVisible();
  await page.getByRole("button", { name: "Revoke Kitchen tablet" }).click();
  await expect(page.getByText("Display link revoked: it works no more.")).toBeVisible();
  expect((await screen.goto(url))?.status()).toBe(404);
  await expect(screen.getByText("This display link doesn't work")).toBeVisible();
  await tv.close();
});

test(
  "display links over HTTP: the API makes and revokes them, and a link opens its display and nothing else",
  { tag: "@http" },
  async ({ page, login, sql, baseURL, playwright }) => {
    const owner = await login();
    const [kid] = await sql`insert into users (username) values (${`kid_${stamp()}`}) returning id`;
    const { name, board } = await kitchenBoard(sql, owner.id, kid.id);
    const origin = new URL(baseURL!).origin;
    const headers = { Origin: origin, "Content-Type": "application/json" };
    const bad = await page.request.post(`/api/boards/${name}/display-links`, { headers, data: { name: "", refreshSeconds: 5 } });
    expect(bad.status()).toBe(400);
    const made = await page.request.post(`/api/boards/${name}/display-links`, {
      headers,
      data: { name: "Hall TV", refreshSeconds: 120 },
    });
    expect(made.status()).toBe(201);
    const { id, url } = await made.json();
    const token = url.split("/display/")[1];
    expect(url).toBe(`${origin}/display/${token}`);
    const listed = await (await page.request.get(`/api/boards/${name}/display-links`)).json();
    expect(listed).toEqual([expect.objectContaining({ id, name: "Hall TV", refreshSeconds: 120, widgetsAsMe: false })]);
    expect(JSON.stringify(listed)).not.toContain(token);

    const stranger = await playwright.request.newContext({ baseURL });
    const html = await (await stranger.get(`/display/${token}`)).text();
    expect(html).toContain("recipes.lan");
    expect(html).not.toContain("bike");
    expect(html).toContain('http-equiv="refresh" content="120"');
    // The token is a key to this one page: not a session, not an API key, not another path.
    expect((await stranger.get("/api/me", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
    expect((await stranger.get(`/api/boards/${name}`, { headers: { Cookie: `porch_session=${token}` } })).status()).toBe(401);
    expect((await stranger.get(`/boards/${name}?display=${token}`, { maxRedirects: 0 })).status()).toBe(302);
    expect((await stranger.get(`/display/${token}/x`)).status()).toBe(404);
    expect((await stranger.get(`/display/${token.toUpperCase()}`)).status()).toBe(404);
    // No error page repeats the address, which holds the token (attack36: a POST below it quoted it twice).
    for (const path of [`/display/${token}/x`, `/display/${token}/x.data`, `/display/${token}`]) {
      const posted = await stranger.post(path, { headers: { Origin: origin }, form: { a: "b" } });
      expect(posted.status()).toBe(405);
      expect(await posted.text()).not.toContain(token);
    }

    // A key that doesn't act as its owner can't lend the owner's access to a display (attack33).
    const { createApiKey } = await import("~/models/api-keys.server");
    await sql`insert into user_permissions (user_id, permission) values (${owner.id}, 'board-full-all')`;
    const narrow = await createApiKey(
      sql as never,
      { userId: owner.id, ip: null, userAgent: null },
      {
        userId: owner.id,
        description: "narrow",
        permissions: ["board-full-all"],
        actAsOwner: false,
        expiresAt: null,
      },
    );
    const lent = await stranger.post(`/api/boards/${name}/display-links`, {
      headers: { Authorization: `Bearer ${narrow.token}`, "Content-Type": "application/json" },
      data: { name: "via key", widgetsAsMe: true },
    });
    expect(lent.status()).toBe(400);
    expect((await lent.json()).error).toContain("doesn't act as you");

    expect((await page.request.delete(`/api/boards/${name}/display-links/${id}`, { headers: { Origin: origin } })).status()).toBe(204);
    expect((await page.request.delete(`/api/boards/${name}/display-links/${id}`, { headers: { Origin: origin } })).status()).toBe(404);
    expect((await stranger.get(`/display/${token}`)).status()).toBe(404);
    const actions = await sql`select action from audit_log where target_id = ${board} and action like 'display-link.%' order by id`;
    expect(actions.map((a) => a.action)).toEqual(["display-link.created", "display-link.used", "display-link.revoked"]);
    await stranger.dispose();
  },
);
