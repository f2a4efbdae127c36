import { expect, mailTo, test, UNUSED_PASSWORD } from "./fixtures";

// Security mails (issue #23 part 3) from a running Porch through the tests' SMTP server.

test("a password change is mailed to the person, links to BASE_URL; the informational mails can be turned off, the rest not", async ({
  page,
  login,
  sql,
  baseURL,
}) => {
  const me = await login();
  const email = `${me.username}@example.test`;
  await sql`update users set email = ${email}, email_verified_at = now() where id = ${me.id}`;
  await page.goto("/settings");
  const mails = page.getByRole("group", { name: `Email ${email} when:` });
  await expect(mails.getByRole("checkbox")).toHaveCount(2);
  await mails.getByRole("checkbox", { name: "a new device or browser signs in to my account" }).uncheck();
  await page.getByRole("button", { name: "Save security mails" }).click();
  await expect(page.getByRole("status")).toHaveText("Security mails saved.");
  const [row] = await sql`select notifications_off from users where id = ${me.id}`;
  expect(row.notifications_off).toEqual(["new-device"]);

  await page.getByLabel("Current password").fill(UNUSED_PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
  await page.getByLabel("Confirm new password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  const mail = (await mailTo(email, 10_000, "Your Porch password was changed")).replace(/=\r?\n/g, "");
  expect(mail).toContain(`The password was changed for your account ${me.username}`);
  expect(mail).toContain(`${baseURL}/settings/sessions`);
});
