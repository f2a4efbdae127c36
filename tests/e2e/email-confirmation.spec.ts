import { expect, mailTo, test } from "./fixtures";

test("confirm your email by mail: the link works once, and a changed address is unconfirmed again", async ({
  page,
  login,
  sql,
  baseURL,
}) => {
  const me = await login();
  const email = `${me.username}@example.test`;
  await page.goto("/settings");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByTestId("email-status")).toHaveText("Not confirmed");
  await page.getByRole("button", { name: "Send confirmation mail" }).click();
  await expect(page.getByRole("status")).toHaveText("We sent a confirmation link to your email address. It works for 24 hours.");

  const mail = (await mailTo(email, 10_000, "Confirm your email for Porch")).replace(/=\r?\n/g, ""); // quoted-printable soft line breaks
  expect(mail).toContain("Subject: Confirm your email for Porch");
  const link = /https?:\/\/\S+\/auth\/verify-email\/[a-z2-7]{32}/.exec(mail)![0];
  expect(link.startsWith(`${baseURL}/auth/verify-email/`)).toBe(true); // from BASE_URL, never the request
  await page.goto(link);
  await expect(page.getByText(`Confirm that ${email} is yours`)).toBeVisible();
  const [before] = await sql`select email_verified_at from users where id = ${me.id}`;
  expect(before.email_verified_at).toBeNull(); // opening the link (as mail scanners do) confirms nothing
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("status")).toHaveText(`${email} is confirmed.`);

  await page.goto(link);
  await expect(page.getByRole("alert")).toContainText("This confirmation link is no longer valid");
  await page.goto("/settings");
  await expect(page.getByTestId("email-status")).toHaveText("Confirmed");
  await page.getByLabel("Email").fill(`other-${email}`);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByTestId("email-status")).toHaveText("Not confirmed");
  const [after] = await sql`select email, email_verified_at from users where id = ${me.id}`;
  expect(after).toEqual({ email: `other-${email}`, email_verified_at: null });
});
