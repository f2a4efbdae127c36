import type { APIRequestContext } from "@playwright/test";
import { hashPassword } from "~/auth/password.server";
import { createApiKey } from "~/models/api-keys.server";
import { expect, signIn, test, waitForApp } from "./fixtures";

// A reset that recovers an account ends its API keys with its sessions and says so; a person changing
// their own password chooses, and is told which way it went.

async function keyFor(sql: import("postgres").Sql, userId: string) {
  const { token } = await createApiKey(
    sql,
    { userId, ip: null, userAgent: null },
    {
      userId,
      description: "cron job",
      permissions: [],
      actAsOwner: true,
      expiresAt: null,
    },
  );
  return token;
}

async function keyStatus(request: APIRequestContext, token: string) {
  return (await request.get("/api/me", { headers: { Authorization: `Bearer ${token}` } })).status();
}

test("refuses to let API keys outlive your own password change when you tick the box, and says which way it went", async ({
  page,
  sql,
  playwright,
  baseURL,
}) => {
  const username = `rotator_${Date.now().toString(36)}`;
  const [user] =
    await sql`insert into users (username, password_hash) values (${username}, ${await hashPassword("first-password")}) returning id`;
  const kept = await keyFor(sql, user.id);
  await page.goto("/auth/login");
  await waitForApp(page);
  await signIn(page, { username, password: "first-password" });
  await expect(page.getByTestId("current-user")).toHaveText(username);
  const api = await playwright.request.newContext({ baseURL });

  await page.goto("/settings");
  await expect(page.getByLabel("Also revoke my 1 API key")).not.toBeChecked();
  await page.getByLabel("Current password").fill("first-password");
  await page.getByLabel("New password", { exact: true }).fill("violet tangerine harbour 42");
  await page.getByLabel("Confirm new password").fill("violet tangerine harbour 42");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed. Your other sessions have ended; your API keys still work.");
  expect(await keyStatus(api, kept)).toBe(200);

  const ended = await keyFor(sql, user.id);
  await page.goto("/settings");
  await page.getByLabel("Current password").fill("violet tangerine harbour 42");
  await page.getByLabel("New password", { exact: true }).fill("copper lantern meadow 17");
  await page.getByLabel("Confirm new password").fill("copper lantern meadow 17");
  await page.getByLabel("Also revoke my 2 API keys").check();
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed. Your other sessions and your API keys have ended.");
  expect(await keyStatus(api, kept)).toBe(401);
  expect(await keyStatus(api, ended)).toBe(401);
  const [row] =
    await sql`select details from audit_log where action = 'account.password-changed' and target_id = ${user.id} order by id desc limit 1`;
  expect(row.details).toMatchObject({ apiKeysRevoked: 2 });
  await api.dispose();
});

test("refuses to let API keys outlive an admin's password reset or End all sessions, and says so", async ({
  page,
  login,
  browser,
  baseURL,
  sql,
  playwright,
}) => {
  const other = await browser.newContext({ baseURL });
  const theirs = await other.newPage();
  const target = await login({ page: theirs });
  const api = await playwright.request.newContext({ baseURL });
  const first = await keyFor(sql, target.id);
  await login({ permissions: ["admin"] });

  await page.goto(`/manage/users/${target.id}`);
  await page.getByRole("button", { name: "End all sessions, API keys and passkeys" }).click();
  await expect(page.getByRole("status")).toHaveText("All their sessions, API keys and passkeys have ended.");
  expect(await (await theirs.request.get("/api/auth/session")).json()).toBeNull();
  expect(await keyStatus(api, first)).toBe(401);

  const second = await keyFor(sql, target.id);
  await page.getByLabel("New password", { exact: true }).fill("violet tangerine harbour 42");
  await page.getByLabel("Confirm new password").fill("violet tangerine harbour 42");
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password set. Their sessions and API keys have ended.");
  expect(await keyStatus(api, second)).toBe(401);
  await api.dispose();
  await other.close();
});
