import { expect, mailTo, signIn, test, waitForApp } from "./fixtures";

test.describe.configure({ mode: "serial" });

test("an invite link lets one new person in, once, into the groups chosen", async ({ page, login, browser, baseURL, sql }) => {
  const js = test.info().project.use.javaScriptEnabled;
  await login({ permissions: ["admin"] });
  const group = `invitees-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  await sql`insert into groups (name) values (${group})`;
  await page.goto("/manage/users/invites");
  await page.getByLabel(group).check();
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByLabel("Copy this link now: it is shown only once.").inputValue();
  expect(link).toMatch(/\/auth\/invite\/[a-z2-7]{32}$/);
  // With JavaScript a Copy button puts it on the clipboard; without, there is no button that does nothing.
  const copy = page.getByRole("button", { name: "Copy", exact: true });
  if (js === false) await expect(copy).toHaveCount(0);
  else {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await copy.click();
    await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  }

  const guest = await browser.newContext({ baseURL, javaScriptEnabled: js });
  const theirs = await guest.newPage();
  await theirs.goto(link);
  await waitForApp(theirs);
  const username = `invited_${Date.now().toString(36)}`;
  await theirs.getByLabel("Username").fill(username);
  await theirs.getByLabel("Password", { exact: true }).fill("invited-password");
  await theirs.getByLabel("Confirm password").fill("invited-password");
  await theirs.getByRole("button", { name: "Create account" }).click();
  await expect(theirs.getByTestId("current-user")).toHaveText(username);
  const joined = await sql`select g.name from group_members m join groups g on g.id = m.group_id join users u on u.id = m.user_id
                            where u.username = ${username} order by g.name`;
  expect(joined.map((g) => g.name)).toEqual(["everyone", group]);

  const response = await theirs.goto(link);
  expect(response?.status()).toBe(410);
  await expect(theirs.getByRole("alert")).toHaveText(/has been used already/);
  const bogus = await theirs.goto("/auth/invite/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  expect(bogus?.status()).toBe(404);
  await expect(theirs.getByRole("alert")).toHaveText(/not valid/);
  await guest.close();

  await page.goto("/manage/users/invites");
  await expect(page.getByRole("cell", { name: `Used by ${username}` })).toBeVisible();
});

test("people edit their own profile and change their password", async ({ page, browser, baseURL, sql }) => {
  const username = `self_${Date.now().toString(36)}`;
  // A real password, so the sign-in goes through the form like a person's would.
  const { hashPassword } = await import("~/auth/password.server");
  await sql`insert into users (username, password_hash) values (${username}, ${await hashPassword("first-password")})`;
  const other = await browser.newContext({ baseURL, javaScriptEnabled: test.info().project.use.javaScriptEnabled });
  const elsewhere = await other.newPage();
  for (const p of [page, elsewhere]) {
    await p.goto("/auth/login");
    await waitForApp(p);
    await signIn(p, { username, password: "first-password" });
    await expect(p.getByTestId("current-user")).toHaveText(username);
  }
  await page.getByTestId("current-user").click();
  await expect(page).toHaveURL(/\/settings$/);
  await page.getByLabel("Display name").fill("Selfie");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toHaveText("Profile saved.");
  await expect(page.getByTestId("current-user")).toHaveText("Selfie");

  await page.getByLabel("Current password").fill("wrong-password");
  await page.getByLabel("New password", { exact: true }).fill("second-password");
  await page.getByLabel("Confirm new password").fill("second-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password")).toBeVisible();
  await page.getByLabel("Current password").fill("first-password");
  await page.getByLabel("New password", { exact: true }).fill("second-password");
  await page.getByLabel("Confirm new password").fill("second-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed. Your other sessions have ended.");
  await elsewhere.goto("/");
  await expect(elsewhere).toHaveURL(/\/auth\/login/);
  await other.close();
});

test("an admin's reset link lets the person choose a new password, once", async ({ page, login, browser, baseURL, sql }) => {
  const username = `forgetful_${Date.now().toString(36)}`;
  const [user] = await sql`insert into users (username) values (${username}) returning id`;
  await login({ permissions: ["admin"] });
  await page.goto(`/manage/users/${user.id}`);
  await page.getByRole("button", { name: "Create reset link" }).click();
  const link = await page.getByLabel("Copy this link now: it is shown only once.").inputValue();
  expect(link).toMatch(/\/auth\/reset\/[a-z2-7]{32}$/);

  const theirs = await (await browser.newContext({ baseURL, javaScriptEnabled: test.info().project.use.javaScriptEnabled })).newPage();
  await theirs.goto(link);
  await waitForApp(theirs);
  await theirs.getByLabel("New password", { exact: true }).fill("password1");
  await theirs.getByLabel("Confirm new password").fill("password1");
  await theirs.getByRole("button", { name: "Set password" }).click();
  await expect(theirs.getByText("This is one of the 10 000 most common passwords: choose another")).toBeVisible();
  await theirs.getByLabel("New password", { exact: true }).fill("remembered at last");
  await theirs.getByLabel("Confirm new password").fill("remembered at last");
  await theirs.getByRole("button", { name: "Set password" }).click();
  await expect(theirs.getByRole("status")).toHaveText("Password set. Sign in with your new password.");
  await signIn(theirs, { username, password: "remembered at last" });
  await expect(theirs.getByTestId("current-user")).toHaveText(username);
  const again = await theirs.goto(link);
  expect(again?.status()).toBe(410);
  await theirs.context().close();
});

test("forgot password: the mailed link sets a new one; strangers get the same answer and no mail", async ({ page, sql }) => {
  const username = `mailed_${Date.now().toString(36)}_${test.info().project.name.replace(/\W/g, "")}`;
  const email = `${username}@example.test`;
  const { hashPassword } = await import("~/auth/password.server");
  await sql`insert into users (username, email, password_hash) values (${username}, ${email}, ${await hashPassword("lost and gone")})`;
  await page.goto("/auth/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.getByLabel("Username or email").fill(email.toUpperCase());
  await page.getByRole("button", { name: "Send reset link" }).click();
  const answer = "If an account matches, we sent a link to its email address. It works for one hour.";
  await expect(page.getByRole("status")).toHaveText(answer);

  const mail = await mailTo(email, 10_000, "Reset your Porch password");
  expect(mail).toContain("Subject: Reset your Porch password");
  const link = /https?:\/\/\S+\/auth\/reset\/[a-z2-7]{32}/.exec(mail)![0];
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill("found it again today");
  await page.getByLabel("Confirm new password").fill("found it again today");
  await page.getByRole("button", { name: "Set password" }).click();
  await signIn(page, { username, password: "found it again today" });
  await expect(page.getByTestId("current-user")).toHaveText(username);

  await page.context().clearCookies();
  await page.goto("/auth/forgot");
  await page.getByLabel("Username or email").fill("stranger@example.test");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toHaveText(answer);
  await expect(mailTo("stranger@example.test", 1500)).rejects.toThrow(/No mail/);
});

test(
  "refuses a reset link poisoned through Host or X-Forwarded-Host: the mail links to BASE_URL",
  { tag: "@http" },
  async ({ request, sql, baseURL }) => {
    const username = `poisoned_${Date.now().toString(36)}_${test.info().project.name.replace(/\W/g, "")}`;
    const email = `${username}@example.test`;
    await sql`insert into users (username, email, password_hash) values (${username}, ${email}, 'unused')`;
    const answer = await request.post("/auth/forgot", {
      form: { login: username },
      headers: { Host: "attacker.test", "X-Forwarded-Host": "attacker.test", Origin: baseURL! },
      maxRedirects: 0,
    });
    expect(answer.status()).toBeLessThan(500);
    const mail = await mailTo(email, 10_000, "Reset your Porch password");
    expect(mail).not.toContain("attacker.test");
    expect(mail).toContain(`${baseURL}/auth/reset/`);
  },
);
