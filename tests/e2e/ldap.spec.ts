import { expect, signIn, test } from "./fixtures";

test("a directory user signs in through the login page, and a wrong password gets the generic message", async ({ page, sql }) => {
  await page.goto("/auth/login");
  await page.getByLabel("Account type").selectOption("ldap");
  await signIn(page, { username: "bob", password: "wrong" });
  await expect(page.getByRole("alert")).toHaveText("Invalid username or password");
  await page.getByLabel("Account type").selectOption("ldap");
  await signIn(page, { username: "bob", password: "bob-secret" });
  await expect(page.getByTestId("current-user")).toHaveText("Bob Builder");
  const [user] = await sql`select provider, email, password_hash from users where username = 'bob'`;
  expect(user).toEqual({ provider: "ldap", email: "bob@porch.test", password_hash: null });
});
