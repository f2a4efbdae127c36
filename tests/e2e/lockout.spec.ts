import { hashPassword } from "~/auth/password.server";
import { expect, signIn, test } from "./fixtures";

test("five wrong passwords lock the account; an admin sees why and unlocks it", async ({ page, login, browser, baseURL, sql }) => {
  const username = `locky_${Date.now().toString(36)}`;
  const [user] =
    await sql`insert into users (username, password_hash) values (${username}, ${await hashPassword("the-right-one")}) returning id`;
  for (let i = 0; i < 5; i++) {
    await page.goto("/auth/login");
    await signIn(page, { username, password: `wrong-${i}` });
    await expect(page.getByRole("alert")).toContainText("Invalid username or password");
  }
  await expect(page.getByRole("alert")).toContainText("Too many attempts, try again in 15 minutes.");
  await page.goto("/auth/login");
  await signIn(page, { username, password: "the-right-one" });
  // The right password during the lock: only the lock is told (the password wasn't checked, so "invalid" would be false).
  await expect(page.getByRole("alert")).toHaveText("Too many attempts, try again in 15 minutes.");
  // A name nobody has gets the very same words (tests/integration/lockout.test.ts: here its failures would
  // count against the address every browser test shares).

  const adminContext = await browser.newContext({ baseURL, javaScriptEnabled: test.info().project.use.javaScriptEnabled });
  const admin = await adminContext.newPage();
  await login({ permissions: ["admin"], page: admin });
  await admin.goto(`/manage/users/${user.id}`);
  await expect(admin.getByText(/Locked after too many failed sign-ins/)).toBeVisible();
  await expect(admin.getByRole("table", { name: "Latest failed sign-ins" }).getByRole("row")).toHaveCount(7);
  await admin.getByRole("button", { name: "Unlock" }).click();
  await expect(admin.getByRole("status")).toHaveText("Account unlocked.");
  await adminContext.close();

  await page.goto("/auth/login");
  await signIn(page, { username, password: "the-right-one" });
  await expect(page.getByTestId("current-user")).toHaveText(username);
});
