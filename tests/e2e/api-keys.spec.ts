import { expect, test } from "./fixtures";

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

test("create a key in the UI, see it once, use it like curl, revoke it", async ({ page, login, sql, playwright, baseURL }) => {
  const me = await login({ permissions: ["board-create", "other-view-logs"] });
  await page.goto("/settings/api-keys");
  await expect(page.getByText("No API keys yet.")).toBeVisible();
  await expect(page.getByLabel("Never expires (administrators only)")).toHaveCount(0);
  await page.getByLabel("Description").fill("backup script");
  await page.getByRole("checkbox", { name: /Create boards/ }).check();
  await page.getByLabel("Act on boards and integrations as me").check();
  await page.getByRole("button", { name: "Create API key" }).click();
  const field = page.getByLabel("Your new API key");
  await expect(field).toHaveValue(/^porch_[a-z2-7]{16}_[a-z2-7]{48}$/);
  const key = await field.inputValue();
  if (test.info().project.use.javaScriptEnabled !== false) await expect(page.getByRole("button", { name: "Copy" })).toBeVisible();

  // Shown once: the list has the id only.
  await page.goto("/settings/api-keys");
  const html = await page.content();
  expect(html).not.toContain(key.split("_")[2]);
  await expect(page.getByRole("cell", { name: `porch_${key.split("_")[1]}_…` })).toBeVisible();

  // Like curl: no cookies, a foreign Origin doesn't matter, no cookie comes back.
  const curl = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Origin: "https://evil.example" } });
  const meRes = await curl.get("/api/me", { headers: { Authorization: `Bearer ${key}` } });
  expect(meRes.status()).toBe(200);
  expect(meRes.headers()["set-cookie"]).toBeUndefined();
  const body = await meRes.json();
  expect(body).toMatchObject({ user: { id: me.id }, via: "api-key", permissions: ["board-create"], apiKey: { actAsOwner: true } });
  const name = `keyed-${stamp()}`;
  const created = await curl.post("/api/boards", {
    headers: { ApiKey: key, "Content-Type": "application/json" },
    data: { name, title: "By key" },
  });
  expect(created.status()).toBe(201);
  expect((await curl.get(`/api/boards/${name}`, { headers: { Authorization: `Bearer ${key}` } })).status()).toBe(200);
  const [row] =
    await sql`select actor_type, details->>'apiKeyId' as key from audit_log where action = 'board.created' and details->>'name' = ${name}`;
  expect(row).toEqual({ actor_type: "api-key", key: key.split("_")[1] });
  // Its scope stops at board-create: other-view-logs wasn't ticked.
  expect((await curl.get("/api/users", { headers: { Authorization: `Bearer ${key}` } })).status()).toBe(403);

  await page.getByRole("link", { name: "Revoke backup script" }).click();
  await page.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByRole("status")).toHaveText("Key revoked: it stops working at once.");
  const refused = await curl.get("/api/me", { headers: { Authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toBe('Bearer error="invalid_token"');
  expect(await refused.json()).toEqual({ error: "This API key was revoked." });
  const audit = await sql`select details::text from audit_log where action like 'api-key.%'`;
  expect(audit.map((a) => a.details).join(" ")).not.toContain(key.split("_")[2]);
  await curl.dispose();
});

test("a key never does more than its owner can now: scope, demotion, deactivation, expiry", async ({
  page,
  login,
  sql,
  playwright,
  baseURL,
}) => {
  const admin = await login({ permissions: ["admin"] });
  await page.goto("/manage/tools/api");
  await page.getByLabel("Description").fill("read-only robot");
  await page.getByLabel("Never expires (administrators only)").check();
  await page.getByRole("button", { name: "Create API key" }).click();
  const key = await page.getByLabel("Your new API key").inputValue();
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${key}` } });
  // An admin's key without board-create can't create boards.
  const denied = await api.post("/api/boards", {
    headers: { "Content-Type": "application/json" },
    data: { name: `x-${stamp()}`, title: "x" },
  });
  expect(denied.status()).toBe(403);
  expect((await api.get("/api/me")).status()).toBe(200);

  const [id] = key.split("_").slice(1, 2);
  await sql`update api_keys set permissions = '{admin}' where id = ${id}`;
  expect((await api.get("/api/users")).status()).toBe(200);
  // The owner loses admin: so does the key, on the next request.
  await sql`delete from user_permissions where user_id = ${admin.id}`;
  expect((await api.get("/api/users")).status()).toBe(403);
  await sql`update users set status = 'inactive' where id = ${admin.id}`;
  expect((await api.get("/api/me")).status()).toBe(401);
  await sql`update users set status = 'active' where id = ${admin.id}`;
  await sql`update api_keys set expires_at = now() - interval '1 second' where id = ${id}`;
  const expired = await api.get("/api/me");
  expect(expired.status()).toBe(401);
  expect((await expired.json()).error).toMatch(/^This API key expired at /);
  const reasons =
    await sql`select details->>'reason' as reason from audit_log where action = 'api-key.failed' and target_id = ${id} order by id`;
  expect(reasons.map((r) => r.reason)).toEqual(["owner inactive", "expired"]);
  await api.dispose();
});

test("key creation refuses what the person may not grant, beside the field", async ({ page, login }) => {
  await login({ permissions: ["board-create"] });
  await page.goto("/settings/api-keys");
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.getByText("Say what the key is for")).toBeVisible();
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const res = await page.request.post("/settings/api-keys", {
    headers: { Origin: origin },
    form: { intent: "create", description: "sneaky", expiresOn: "2099-01-01", permissions: "admin", never: "on" },
  });
  expect(res.status()).toBe(400);
  const text = await res.text();
  expect(text).toContain("a key can't have more than you");
  expect(text).toContain("Only administrators can create keys that never expire");
});

test("users and groups through the API with an admin key", async ({ page, login, playwright, baseURL, sql }) => {
  await login({ permissions: ["admin"] });
  await page.goto("/manage/tools/api");
  await page.getByLabel("Description").fill("provisioning");
  await page.getByRole("checkbox", { name: /Administrator/ }).check();
  await page.getByRole("button", { name: "Create API key" }).click();
  const key = await page.getByLabel("Your new API key").inputValue();
  const api = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
  });
  const username = `api_${stamp()}`;
  const weak = await api.post("/api/users", { data: { username, password: "password" } });
  expect(weak.status()).toBe(400);
  const created = await api.post("/api/users", { data: { username, password: "a long unusual passphrase 42", email: "api@example.com" } });
  expect(created.status()).toBe(201);
  const user = await created.json();
  expect(user).toMatchObject({ username, email: "api@example.com", status: "active", provider: "credentials" });
  expect(JSON.stringify(user)).not.toMatch(/hash|argon/i);

  const group = await (await api.post("/api/groups", { data: { name: `ops-${stamp()}`, permissions: ["board-view-all"] } })).json();
  const patched = await api.patch(`/api/groups/${group.id}`, { data: { addMembers: [username], description: "on call" } });
  expect(patched.status()).toBe(200);
  expect((await patched.json()).members.map((m: { username: string }) => m.username)).toEqual([username]);
  const detail = await (await api.get(`/api/users/${user.id}`)).json();
  expect(detail.effectivePermissions).toContain("board-view-all");

  // One bad member: nothing of the patch lands.
  const half = await api.patch(`/api/groups/${group.id}`, { data: { description: "changed", addMembers: ["nobody-like-this"] } });
  expect(half.status()).toBe(400);
  expect((await (await api.get(`/api/groups/${group.id}`)).json()).description).toBe("on call");

  expect((await api.patch(`/api/users/${user.id}`, { data: { status: "inactive", permissions: ["other-view-logs"] } })).status()).toBe(200);
  expect((await api.patch(`/api/users/${user.id}`, { data: { status: "sleepy" } })).status()).toBe(400);
  expect((await api.get(`/api/users/${user.id}`)).status()).toBe(200);
  expect((await api.delete(`/api/users/${user.id}`)).status()).toBe(204);
  expect((await api.get(`/api/users/${user.id}`)).status()).toBe(404);
  expect((await api.delete(`/api/groups/${group.id}`)).status()).toBe(204);
  const [everyone] = await sql`select id from groups where name = 'everyone'`;
  expect((await api.delete(`/api/groups/${everyone.id}`)).status()).toBe(409);
  await api.dispose();
});

test("the OpenAPI document and the docs page are served", async ({ page, playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const doc = await (await anonymous.get("/api/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/api/boards/{name}");
  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { name: "PATCH /api/boards/{name}" })).toBeVisible();
  await anonymous.dispose();
});

test("refuses a key whose owner must first set up two-factor sign-in, in JSON on every API route (never a redirect to a page)", async ({
  page,
  login,
  sql,
  playwright,
  baseURL,
}) => {
  const me = await login({ permissions: ["board-create"] });
  await page.goto("/settings/api-keys");
  await page.getByLabel("Description").fill("before the rule");
  await page.getByLabel("Act on boards and integrations as me").check();
  await page.getByRole("button", { name: "Create API key" }).click();
  const key = await page.getByLabel("Your new API key").inputValue();
  const board = `tfa-${stamp()}`;
  await sql`insert into boards (name, title, is_public) values (${board}, 'Two-factor first', true)`;
  const [integration] =
    await sql`insert into integrations (name, kind, url) values (${`tfa ${stamp()}`}, 'http-status', 'http://127.0.0.1:9/') returning id`;
  // Now a group they are in requires two-factor sign-in, which they haven't set up.
  const [group] = await sql`insert into groups (name, require_2fa) values (${`tfa-${stamp()}`}, true) returning id`;
  await sql`insert into group_members (group_id, user_id) values (${group.id}, ${me.id})`;
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${key}` } });
  const answers: string[] = [];
  for (const path of ["/api/me", "/api/boards", `/api/boards/${board}`, "/api/integrations", `/api/integrations/${integration.id}`]) {
    const res = await api.get(path, { maxRedirects: 0 });
    const body = await res.text();
    if (res.status() !== 403 || !body.includes("Set up two-factor sign-in first"))
      answers.push(`${path}: ${res.status()} ${body.slice(0, 80)}`);
  }
  const check = await api.post(`/api/integrations/${integration.id}/check`, { maxRedirects: 0 });
  if (check.status() !== 403) answers.push(`check: ${check.status()}`);
  expect(answers).toEqual([]);
  await api.dispose();
  await sql`delete from groups where id = ${group.id}`;
});
