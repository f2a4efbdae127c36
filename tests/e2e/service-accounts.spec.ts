import { expect, test } from "./fixtures";

// Issue #23 part 1 (ADR 040): an administrator makes a service account for an automation, gives it a
// group, makes its key; a leaving person's keys move to it and keep working after they are deactivated.

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

test("an administrator makes a service account and its key; a person's keys move to it and outlive them", async ({
  page,
  login,
  sql,
  playwright,
  baseURL,
}) => {
  await login({ permissions: ["admin"] });
  const group = `backups-${stamp()}`;
  const [g] = await sql`insert into groups (name) values (${group}) returning id`;
  await sql`insert into group_permissions (group_id, permission) values (${g.id}, 'board-create')`;
  const name = `nightly-${stamp()}`;

  await page.goto("/manage/users/service-accounts");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description").fill("Nightly board backups");
  await page.getByRole("checkbox", { name: group }).check();
  await page.getByRole("button", { name: "Create service account" }).click();
  await expect(page.getByText("Service account created.")).toBeVisible();
  await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  // Nothing to sign in with: no password, sessions or email.
  await expect(page.getByRole("heading", { name: "Sessions (0)" })).toHaveCount(0);
  await expect(page.getByLabel("Email")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Set password/ })).toHaveCount(0);

  await expect(page.getByRole("heading", { name: "API keys (0 working keys)" })).toBeVisible();
  await page.getByRole("link", { name: `Manage ${name}’s API keys` }).click();
  await expect(page.getByRole("heading", { name: `API keys of ${name}` })).toBeVisible();
  const keyForm = page.locator("#create-api-key");
  await keyForm.getByLabel("Description").fill("pull backups");
  await keyForm.getByRole("checkbox", { name: /Create boards/ }).check();
  await keyForm.getByLabel("Never expires (administrators only)").check();
  await keyForm.getByRole("button", { name: "Create API key" }).click();
  const key = await page.getByLabel("Your new API key").inputValue();
  expect(key).toMatch(/^porch_[a-z2-7]{16}_[a-z2-7]{48}$/);
  const curl = await playwright.request.newContext({ baseURL });
  const me = await (await curl.get("/api/me", { headers: { Authorization: `Bearer ${key}` } })).json();
  expect(me).toMatchObject({ user: { username: name }, via: "api-key", permissions: ["board-create"] });

  // Listed apart from people.
  await page.goto("/manage/users/service-accounts");
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: "1 working key" })).toBeVisible();
  await page.goto(`/manage/users?q=${name}`);
  await expect(page.getByText("Nobody matches that search.")).toBeVisible();

  // A person with a working key: their page says it stops with them and offers the move.
  const [leaver] = await sql`insert into users (username) values (${`leaver_${stamp()}`}) returning id, username`;
  await sql`insert into user_permissions (user_id, permission) values (${leaver.id}, 'board-create')`;
  const { createApiKey } = await import("~/models/api-keys.server");
  const theirs = await createApiKey(
    sql as never,
    { userId: null, ip: null, userAgent: null },
    {
      userId: leaver.id,
      description: "sync script",
      permissions: ["board-create"],
      actAsOwner: false,
      expiresAt: null,
    },
  );
  await page.goto(`/manage/users/${leaver.id}`);
  await expect(page.getByText(`These stop working if ${leaver.username} is deactivated or deleted.`)).toBeVisible();
  await expect(page.getByText("sync script")).toBeVisible();
  await page.getByLabel("Move them to").selectOption({ label: name });
  await page.getByRole("button", { name: "Move API keys" }).click();
  await expect(page.getByText("Their working API keys now belong to the service account")).toBeVisible();
  await page.getByLabel("Inactive").check();
  await page.getByRole("button", { name: "Save status" }).click();
  const after = await (await curl.get("/api/me", { headers: { Authorization: `Bearer ${theirs.token}` } })).json();
  expect(after.user.username).toBe(name);
  await curl.dispose();
});

test(
  "a service account's page refuses what only a person has, and its keys are made there only with what it holds",
  { tag: "@http" },
  async ({ page, login, sql, baseURL }) => {
    await login({ permissions: ["admin"] });
    const origin = new URL(baseURL!).origin;
    const [bot] = await sql`insert into users (username, kind) values (${`bot-${stamp()}`}, 'service') returning id`;
    const post = (form: Record<string, string>) =>
      page.request.post(`/manage/users/${bot.id}`, { headers: { Origin: origin }, form, maxRedirects: 0 });
    for (const intent of ["password", "reset-link", "reset-2fa", "remove-passkeys"]) {
      const refused = await post({ intent, password: "a much longer password 1", confirmPassword: "a much longer password 1" });
      expect(refused.status(), intent).toBe(400);
      expect(await refused.text()).toContain("A service account never signs in");
    }
    const emailed = await post({ intent: "profile", username: "renamed-bot", email: "bot@example.test" });
    expect(emailed.status()).toBe(400);
    expect(await emailed.text()).toContain("A service account has no email address");
    const keys = (form: Record<string, string>, id = bot.id) =>
      page.request.post(`/manage/users/${id}/keys`, { headers: { Origin: origin }, form, maxRedirects: 0 });
    const tooMuch = await keys({ intent: "create", description: "x", never: "on", permissions: "admin" });
    expect(tooMuch.status()).toBe(400);
    expect(await tooMuch.text()).toContain("doesn't hold admin");
    expect((await sql`select count(*)::int as n from api_keys where user_id = ${bot.id}`)[0].n).toBe(0);
    // A person's keys are their own: this page doesn't exist for them.
    const [person] = await sql`insert into users (username) values (${`person_${stamp()}`}) returning id`;
    expect((await page.request.get(`/manage/users/${person.id}/keys`)).status()).toBe(404);
    expect((await keys({ intent: "create", description: "x", never: "on" }, person.id)).status()).toBe(404);
    expect((await sql`select password_hash, email from users where id = ${bot.id}`)[0]).toEqual({ password_hash: null, email: null });
  },
);
