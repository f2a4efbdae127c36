import { test as base, expect, type Page, type TestInfo } from "@playwright/test";
import postgres from "postgres";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { DAY } from "~/utils/time";

export { expect };

export const ADMIN = { username: "admin", password: "correct horse battery" };

/** The database behind the server this test's project talks to (playwright.config.ts sets it). */
export function databaseFor(testInfo: TestInfo): string {
  const url = testInfo.project.metadata?.databaseUrl as string | undefined;
  if (!url) throw new Error(`Project ${testInfo.project.name} has no database: run the e2e tests through npm test`);
  return url;
}

/**
 * `login` makes a user and a session through SQL (never through the UI) and puts the cookie in
 * the browser, as the Epic Stack's fixture does: tests of other pages start signed in instantly.
 */
/**
 * With JavaScript on, waits until React has hydrated the page: typing into a form before that can
 * race with the first render. Without JavaScript there is nothing to wait for, nor on a page sent
 * without any (`data-static`: the sign-in pages, app/utils/hydration.ts).
 */
export async function waitForApp(page: Page): Promise<void> {
  if (test.info().project.use.javaScriptEnabled === false) return;
  await page.locator("html[data-hydrated], html[data-static]").waitFor({ state: "attached" });
}

type Login = (options?: { permissions?: string[]; page?: Page }) => Promise<{ username: string; id: string }>;

/** The password of every `login()` user: nobody signs in with it, but a form that asks for it again can be given it. */
export const UNUSED_PASSWORD = "unused-password";
// One argon2 hash per worker is enough (each costs ~20 MB and real CPU).
let unusedHash: Promise<string> | null = null;
const unusedPasswordHash = () => (unusedHash ??= hashPassword(UNUSED_PASSWORD));

export const test = base.extend<{ login: Login; sql: postgres.Sql }>({
  page: async ({ page }, use) => {
    const goto = page.goto.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      if (response?.headers()["content-type"]?.startsWith("text/html")) await waitForApp(page);
      return response;
    };
    await use(page);
  },
  sql: async ({}, use, testInfo) => {
    const sql = postgres(databaseFor(testInfo), { max: 2, onnotice: () => {} });
    await use(sql);
    await sql.end();
  },
  login: async ({ page, baseURL }, use, testInfo) => {
    const sql = postgres(databaseFor(testInfo), { max: 1, onnotice: () => {} });
    await use(async (options = {}) => {
      const username = `e2e_${Math.random().toString(36).slice(2, 8)}`;
      const [user] = await sql`
        insert into users (username, password_hash) values (${username}, ${await unusedPasswordHash()})
        returning id`;
      for (const p of options.permissions ?? []) {
        await sql`insert into user_permissions (user_id, permission) values (${user.id}, ${p})`;
      }
      const { token } = await createSession(sql, user.id, { remember: false }, { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY });
      const target = options.page ?? page;
      await target.context().addCookies([{ name: "porch_session", value: token, url: baseURL!, httpOnly: true, sameSite: "Lax" }]);
      return { username, id: user.id as string };
    });
    await sql.end();
  },
});

export async function signIn(page: Page, options: { username: string; password: string; remember?: boolean }) {
  await page.getByLabel("Username").fill(options.username);
  await page.getByLabel("Password", { exact: true }).fill(options.password);
  if (options.remember) await page.getByLabel("Remember me").check();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * Waits for the test SMTP server (scripts/test.mjs) to file a mail to `to` (with this subject, when
 * given: security mails go to the same addresses), and returns its raw text.
 */
export async function mailTo(to: string, timeoutMs = 10_000, subject?: string): Promise<string> {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set: run the e2e tests through npm test");
  const { readdirSync, readFileSync } = await import("node:fs");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const name of readdirSync(dir)) {
      const text = readFileSync(`${dir}/${name}`, "utf8");
      if (text.startsWith(`X-Envelope-To: ${to}\r\n`) && (!subject || text.includes(`\r\nSubject: ${subject}\r\n`))) return text;
    }
    if (Date.now() > deadline) throw new Error(`No mail to ${to} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
