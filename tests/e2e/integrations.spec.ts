import { startRemoteService } from "../fixtures/remote-service";
import { expect, test } from "./fixtures";

let remote: Awaited<ReturnType<typeof startRemoteService>>;
test.beforeAll(async () => {
  remote = await startRemoteService();
});
test.afterAll(() => remote.close());

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

test("connect a service, test it, put it on a board; a viewer without use sees a refusal and none of its data", async ({
  page,
  login,
  sql,
  browser,
}) => {
  const name = `Pi-hole ${stamp()}`;
  const secret = `k3y`;
  const owner = await login({ permissions: ["integration-create", "board-create"] });
  await page.goto("/manage/integrations");
  await page.getByRole("link", { name: "New integration" }).click();
  await page.getByRole("link", { name: /JSON API/ }).click();
  await expect(page.getByRole("heading", { name: "New JSON API integration" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("URL", { exact: true }).fill("ftp://nope");
  await page.getByLabel(/^API key/).fill(secret);
  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page.getByText("Use an http:// or https:// URL")).toBeVisible();
  expect(await page.content()).not.toContain(`value="${secret}"`); // a refused form doesn't echo the secret
  await page.getByLabel("URL", { exact: true }).fill(`${remote.url}/json`);
  await page.getByLabel(/^API key/).fill(secret);
  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page.getByRole("status")).toContainText("Integration created");
  await expect(page.getByText("API key (set)")).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  // Issue #19 item 11: a basic-auth username is typed in the clear (still stored encrypted), secrets masked,
  // and "Clear" says the field's name as written.
  await expect(page.getByLabel(/^Username/)).toHaveAttribute("type", "text");
  await expect(page.getByLabel(/^Password/)).toHaveAttribute("type", "password");
  await expect(page.getByLabel("Clear API key")).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-result")).toContainText("Works: 200: JSON with stats, items");
  const [integration] = await sql`select id from integrations where name = ${name}`;

  const board = `lab-${stamp()}`;
  await sql`insert into boards (name, title, creator_id, is_public) values (${board}, 'Lab', ${owner.id}, true)`;
  await page.goto(`/boards/${board}`);
  await page.getByRole("link", { name: "Edit board" }).click();
  const add = page.getByRole("form", { name: "Add a widget" });
  await add.getByLabel("Integration").selectOption({ label: `${name} (json-api)` });
  await add.getByRole("button", { name: "Add widget" }).click();
  await expect(add.getByText('JSON API widgets need "Field to show"')).toBeVisible();
  await add.getByLabel(/Field to show/).fill("stats.queries");
  await add.getByLabel("Widget title (optional)").fill("DNS queries");
  await add.getByRole("button", { name: "Add widget" }).click();
  await expect(page.getByRole("status")).toHaveText("Widget added.");
  await expect(page.getByTestId("widget")).toContainText("stats.queries: 42");

  // Someone who may view the (public) board but not use the integration.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await login({ page: viewer });
  const response = await viewer.goto(`/boards/${board}`);
  const html = (await response?.text()) ?? "";
  await expect(viewer.getByTestId("widget-denied")).toContainText("You don't have access to this integration");
  for (const leaked of [name, '\\"42\\"', ">42<", "stats.queries", remote.url, integration.id]) expect(html, leaked).not.toContain(leaked);
  expect((await viewer.goto(`/manage/integrations/${integration.id}`))?.status()).toBe(404);
  // Guests with JavaScript off see the same refusal.
  const guestContext = await browser.newContext({ javaScriptEnabled: false });
  const guest = await guestContext.newPage();
  const guestHtml = await (await guest.goto(`/boards/${board}`))!.text();
  expect(guestHtml).toContain("You don&#x27;t have access to this integration");
  expect(guestHtml).not.toContain(">42<");
  expect(guestHtml).not.toContain(name);
  await guestContext.close();
  await viewerContext.close();
});

test("use shows data, interact re-checks the service, full edits; deleting removes the widgets", async ({ page, login, sql, browser }) => {
  const owner = await login({ permissions: ["integration-create"] });
  const [integration] = await sql`
    insert into integrations (name, kind, url, creator_id) values (${`Web ${stamp()}`}, 'http-status', ${`${remote.url}/up`}, ${owner.id}) returning id, name`;
  const board = `status-${stamp()}`;
  const [b] = await sql`insert into boards (name, title, is_public) values (${board}, 'Status', true) returning id`;
  await sql`insert into board_items (board_id, position, kind, integration_id) values (${b.id}, 1, 'integration', ${integration.id})`;

  const userContext = await browser.newContext();
  const user = await userContext.newPage();
  const them = await login({ page: user });
  await sql`insert into integration_user_permissions (integration_id, user_id, level) values (${integration.id}, ${them.id}, 'use')`;
  await user.goto(`/boards/${board}`);
  await expect(user.getByTestId("widget")).toContainText("Up · 200 OK");
  await expect(user.getByRole("button", { name: "Re-check now" })).toHaveCount(0);
  // Forcing it anyway is refused.
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const [item] = await sql`select id from board_items where board_id = ${b.id}`;
  expect(
    (
      await user.request.post(`/boards/${board}?index`, { headers: { Origin: origin }, form: { intent: "recheck", itemId: item.id } })
    ).status(),
  ).toBe(403);

  await sql`update integration_user_permissions set level = 'interact' where integration_id = ${integration.id} and user_id = ${them.id}`;
  await user.goto(`/boards/${board}`);
  await user.getByRole("button", { name: "Re-check now" }).click();
  await expect(user.getByRole("status")).toContainText(`Re-checked ${integration.name}: OK, 200 OK`);
  expect((await user.goto(`/manage/integrations/${integration.id}`))?.status()).toBe(403);
  const [checked] = await sql`select last_check->>'ok' as ok from integrations where id = ${integration.id}`;
  expect(checked.ok).toBe("true");

  await page.goto(`/manage/integrations/${integration.id}`);
  await page.getByRole("link", { name: "Delete integration" }).click();
  await page.getByRole("button", { name: `Yes, delete ${integration.name}` }).click();
  await expect(page.getByRole("status")).toHaveText("Integration deleted, with its 1 widget(s).");
  expect(await sql`select 1 from board_items where board_id = ${b.id}`).toHaveLength(0);
  const actions = await sql`select action from audit_log where target_id = ${integration.id} order by id`;
  expect(actions.map((a) => a.action)).toEqual(["integration.checked", "integration.deleted"]);
  await userContext.close();
});

test("integration access: share with a group, check a user, JSON API shows secrets only as set", async ({ page, login, sql }) => {
  const owner = await login({ permissions: ["integration-create"] });
  const groupName = `ops-${stamp()}`;
  await sql`insert into groups (name, position) values (${groupName}, 70)`;
  const [member] = await sql`insert into users (username) values (${`m_${stamp()}`}) returning id, username`;
  await sql`insert into group_members (group_id, user_id) select id, ${member.id} from groups where name = ${groupName}`;
  // A non-admin owner shares with groups they belong to (they can't see the others).
  await sql`insert into group_members (group_id, user_id) select id, ${owner.id} from groups where name = ${groupName}`;
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const created = await page.request.post("/api/integrations", {
    headers: { Origin: origin, "Content-Type": "application/json" },
    data: { name: `Api ${stamp()}`, kind: "http-status", url: `${remote.url}/token`, secrets: { token: "t0ken" } },
  });
  expect(created.status()).toBe(201);
  const body = await created.json();
  expect(body.secrets).toEqual({ token: { set: true, updatedAt: expect.any(String) } });
  expect(JSON.stringify(body)).not.toContain("t0ken");
  expect(
    (
      await page.request.post("/api/integrations", {
        headers: { Origin: origin, "Content-Type": "application/json" },
        data: { name: "x", kind: "ftp", url: "http://x" },
      })
    ).status(),
  ).toBe(400);

  await page.goto(`/manage/integrations/${body.id}/access`);
  await page.getByLabel("Group", { exact: true }).selectOption({ label: groupName });
  await page.getByLabel("Access for the group").selectOption("interact");
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByRole("status")).toHaveText("Access saved.");
  await page.getByLabel("Username to check").fill(member.username);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("explanation")).toContainText("can interact with");
  await expect(page.getByTestId("explanation")).toContainText(`Is in group "${groupName}", which has "interact" on this integration`);
  const check = await page.request.post(`/api/integrations/${body.id}/check`, { headers: { Origin: origin } });
  expect(await check.json()).toMatchObject({ ok: true, status: 200 });
  void owner;
});
