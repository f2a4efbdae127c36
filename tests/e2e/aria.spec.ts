import type { Page } from "@playwright/test";
import type postgres from "postgres";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { codeAt, stepAt } from "~/auth/totp";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { DAY } from "~/utils/time";
import { expect, signIn, test } from "./fixtures";

// Issue #19: what a screen reader hears on the sign-in, two-factor, board and user pages, checked in
// (tests/e2e/aria/*.yml), so that a change to it shows up in review. Playwright's aria snapshot of the
// whole page, with ids and times written as placeholders. After a deliberate change:
//   npm run test:e2e -- tests/e2e/aria.spec.ts --project deno --project no-js --update-snapshots
// With JavaScript (deno) and without (no-js), against the same file: both must say the same.

const PASSWORD = "screen readers welcome";

/** The same names on every run, so the snapshots hold still; made once per database. */
async function person(sql: postgres.Sql, username: string, extra: { admin?: boolean } = {}) {
  const [row] = await sql`
    insert into users (username, display_name, email, password_hash)
    values (${username}, ${username.replace(/^aria_/, "Aria ")}, ${`${username}@example.test`}, ${await hashPassword(PASSWORD)})
    on conflict do nothing returning id`;
  const id = (row ?? (await sql`select id from users where username = ${username}`)[0]).id as string;
  if (extra.admin) await sql`insert into user_permissions (user_id, permission) values (${id}, 'admin') on conflict do nothing`;
  return { id, username };
}

async function signedIn(page: Page, sql: postgres.Sql, baseURL: string, userId: string) {
  const { token } = await createSession(sql, userId, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
  await page.context().addCookies([{ name: "porch_session", value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

/**
 * The page's accessibility tree as YAML, without what changes from run to run: ids, times, and the
 * groups other tests make in this database meanwhile (a user's page lists every group: only the
 * built-in `admins` stays).
 */
async function heard(page: Page): Promise<string> {
  const tree = await page.locator("body").ariaSnapshot();
  const lines = tree.split("\n");
  const start = lines.findIndex((l) => l.trim() === '- group "Groups":');
  if (start >= 0) {
    const indent = lines[start].search(/\S/);
    let end = start + 1;
    while (end < lines.length && lines[end].search(/\S/) > indent) end++;
    const kept = lines.slice(start + 1, end).filter((l) => /- text: Groups$|"admins"$|- text: admins$/.test(l));
    lines.splice(start + 1, end - start - 1, ...kept);
  }
  return (
    lines
      .join("\n")
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
      .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/g, "<time>")
      .trimEnd() + "\n"
  );
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
});

// With JavaScript and a browser that has passkeys, the page adds one thing (issue #21): the passkey
// button, after the password form. It is checked here, then the rest must say what the page says without.
const PASSKEY_AREA = ["  - paragraph: or", '  - button "Sign in with a passkey"'];

test("the sign-in page, as a screen reader hears it", async ({ page }) => {
  await page.goto("/auth/login");
  let tree = await heard(page);
  if (test.info().project.use.javaScriptEnabled !== false) {
    await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
    tree = await heard(page);
    const lines = tree.split("\n");
    const at = lines.indexOf(PASSKEY_AREA[1]) - 1;
    expect(lines.slice(at, at + 2)).toEqual(PASSKEY_AREA);
    tree = [...lines.slice(0, at), ...lines.slice(at + 2)].join("\n");
  }
  expect(tree).toMatchSnapshot("login.yml");
});

test("the two-factor page, as a screen reader hears it", async ({ page, sql, baseURL }) => {
  const user = await person(sql, "aria_2fa");
  const [on] = await sql`select 1 from user_totp where user_id = ${user.id} and enabled_at is not null`;
  if (!on) {
    // Turned on as a person does (the secret is encrypted with the server's key).
    await signedIn(page, sql, baseURL!, user.id);
    await page.goto("/settings/security");
    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    const key = decodeBase32IgnorePadding(await page.getByTestId("totp-secret").innerText());
    await page.getByLabel("Code from your app").fill(codeAt(key, stepAt(new Date())));
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect(page.getByText("Two-factor sign-in is on")).toBeVisible();
    await page.context().clearCookies();
  }
  await page.goto("/auth/login");
  await signIn(page, { username: user.username, password: PASSWORD });
  await expect(page).toHaveURL(/\/auth\/2fa$/);
  expect(await heard(page)).toMatchSnapshot("two-factor.yml");
});

test("a board, viewing and editing, as a screen reader hears it", async ({ page, sql, baseURL }) => {
  const owner = await person(sql, "aria_owner");
  const [board] = await sql`
    insert into boards (name, title, creator_id) values ('aria-board', 'Home lab', ${owner.id})
    on conflict do nothing returning id`;
  if (board) {
    await sql`insert into board_items (board_id, position, kind, title, url) values (${board.id}, 1, 'app', 'Media', 'https://media.example.test/')`;
    await sql`insert into board_items (board_id, position, kind, title, url) values (${board.id}, 2, 'app', 'Router', 'http://192.168.1.1/')`;
    await sql`insert into board_items (board_id, position, kind, body) values (${board.id}, 3, 'note', 'Backups run at night.')`;
  }
  await signedIn(page, sql, baseURL!, owner.id);
  await page.goto("/boards/aria-board");
  expect(await heard(page)).toMatchSnapshot("board.yml");
  await page.goto("/boards/aria-board?mode=edit");
  expect(await heard(page)).toMatchSnapshot("board-edit.yml");
});

test("a user's page in Manage, as a screen reader hears it", async ({ page, sql, baseURL }) => {
  const admin = await person(sql, "aria_admin", { admin: true });
  const someone = await person(sql, "aria_someone");
  await signedIn(page, sql, baseURL!, admin.id);
  await page.goto(`/manage/users/${someone.id}`);
  expect(await heard(page)).toMatchSnapshot("user.yml");
});
