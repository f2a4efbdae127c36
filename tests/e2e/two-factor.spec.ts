import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { hashPassword } from "~/auth/password.server";
import { codeAt, stepAt } from "~/auth/totp";
import { expect, signIn, test } from "./fixtures";

async function passwordUser(sql: import("postgres").Sql, prefix: string) {
  const username = `${prefix}_${Date.now().toString(36)}`;
  const [user] =
    await sql`insert into users (username, password_hash) values (${username}, ${await hashPassword("two factors please")}) returning id`;
  await sql`insert into group_members (group_id, user_id) select id, ${user.id} from groups where name = 'everyone'`;
  return { id: user.id as string, username, password: "two factors please" };
}

test("set up two-factor sign-in, then sign in with a code, refuse its replay, and use a recovery code once", async ({ page, sql }) => {
  const user = await passwordUser(sql, "totp");
  await page.goto("/auth/login");
  await signIn(page, user);
  await expect(page.getByTestId("current-user")).toHaveText(user.username);
  await page.goto("/settings/security");
  await page.getByLabel("Your password").fill(user.password);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const key = decodeBase32IgnorePadding(await page.getByTestId("totp-secret").innerText());
  await page.getByLabel("Code from your app").fill("123456" === codeAt(key, stepAt(new Date())) ? "654321" : "123456");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("That code didn't work.")).toBeVisible();
  await page.getByLabel("Code from your app").fill(codeAt(key, stepAt(new Date())));
  await page.getByRole("button", { name: "Turn on" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(list).toHaveCount(10);
  const codes = await list.allInnerTexts();
  await expect(page.getByText("Two-factor sign-in is on")).toBeVisible();
  // A file to keep them in, with or without JavaScript; "I saved them" moves on and leaves them behind.
  const file = page.getByRole("link", { name: "Download as a text file" });
  await expect(file).toHaveAttribute("download", "porch-recovery-codes.txt");
  const text = decodeURIComponent((await file.getAttribute("href"))!.replace(/^data:text\/plain;charset=utf-8,/, ""));
  expect(text.split("\n").filter((l) => /^[a-z0-9-]{6,}$/i.test(l))).toEqual(codes);
  await page.getByRole("link", { name: "I saved them" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" })).toHaveCount(0);
  await expect(page.getByText("10 of 10 recovery codes left.")).toBeVisible();

  // Next sign-in: password, then the code (one step ahead: the current one was just used).
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, user);
  await expect(page).toHaveURL(/\/auth\/2fa$/);
  const next = codeAt(key, stepAt(new Date()) + 1);
  await page.getByLabel("Code").fill(next);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(user.username);

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, user);
  await page.getByLabel("Code").fill(next);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code didn't work. Codes change every 30 seconds.")).toBeVisible();
  await page.getByLabel("Code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(user.username);

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, user);
  await page.getByLabel("Code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code didn't work. Codes change every 30 seconds.")).toBeVisible();
});

test("the code step can't be reached without the password step", async ({ page }) => {
  await page.goto("/auth/2fa");
  await expect(page).toHaveURL(/\/auth\/login$/);
});

test("members of a group that requires two-factor are sent to set it up before anything else", async ({ page, sql }) => {
  const user = await passwordUser(sql, "required");
  const [group] = await sql`insert into groups (name, require_2fa) values (${`strict_${Date.now()}`}, true) returning id`;
  await sql`insert into group_members (group_id, user_id) values (${group.id}, ${user.id})`;
  await page.goto("/auth/login");
  await signIn(page, user);
  await expect(page).toHaveURL(/\/settings\/security\?required=1$/);
  await expect(page.getByText("A group you are in requires two-factor sign-in.")).toBeVisible();
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/settings\/security\?required=1$/);
});

test("turning two-factor on needs the password: a stolen session can't tie the account to another phone (attack12)", async ({
  page,
  sql,
}) => {
  const user = await passwordUser(sql, "thief");
  await page.goto("/auth/login");
  await signIn(page, user);
  await page.goto("/settings/security");
  for (const password of ["", "not their password"]) {
    const answer = await page.request.post("/settings/security", {
      headers: { Origin: new URL(page.url()).origin },
      form: { intent: "begin", password },
      maxRedirects: 0,
    });
    expect(answer.status(), password || "no password").toBe(400);
  }
  expect(await sql`select 1 from user_totp where user_id = ${user.id}`).toEqual([]);
  // In the page, the refusal sits beside the form.
  await page.getByLabel("Your password").fill("still not it");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByText("That is not your password.")).toBeVisible();
  expect(await sql`select 1 from user_totp where user_id = ${user.id}`).toEqual([]);
});
