import { hashPassword } from "~/auth/password.server";
import { expect, test } from "./fixtures";

const COMMON = "This is one of the 10 000 most common passwords: choose another";

// The same rule wherever a password is chosen (onboarding and reset links are covered in their own specs).
test("every place that sets a password refuses a common one, beside the field", async ({ page, login, sql }) => {
  const me = await login({ permissions: ["admin"] });
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const [target] = await sql`insert into users (username) values (${`policy_${Date.now().toString(36)}`}) returning id`;

  await page.goto("/manage/users/new");
  await page.getByLabel("Username").fill(`newbie_${Date.now().toString(36)}`);
  await page.getByLabel("Password", { exact: true }).fill("iloveyou1");
  await page.getByLabel("Confirm password").fill("iloveyou1");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText(COMMON)).toBeVisible();

  await page.goto(`/manage/users/${target.id}`);
  await page.getByLabel("New password", { exact: true }).fill("iloveyou1");
  await page.getByLabel("Confirm new password").fill("iloveyou1");
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByText(COMMON)).toBeVisible();

  await sql`update users set password_hash = ${await hashPassword("my current one")} where id = ${me.id}`;
  await page.goto("/settings");
  await page.getByLabel("Current password").fill("my current one");
  await page.getByLabel("New password", { exact: true }).fill(`${me.username}-rules`);
  await page.getByLabel("Confirm new password").fill(`${me.username}-rules`);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Don't put your username in your password")).toBeVisible();

  await page.goto("/manage/users/invites");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByLabel("Copy this link now: it is shown only once.").inputValue();
  const res = await page.request.post(link, {
    headers: { Origin: origin },
    form: { username: `joiner_${Date.now().toString(36)}`, password: "iloveyou1", confirmPassword: "iloveyou1" },
  });
  expect(res.status()).toBe(400);
  expect(await res.text()).toContain(COMMON);
});
