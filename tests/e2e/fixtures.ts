import { test as base, expect, type Page } from "@playwright/test";
import postgres from "postgres";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { DAY } from "~/utils/time";

export { expect };

export const ADMIN = { username: "admin", password: "correct horse battery" };

function databaseFor(project: string): string {
  const key = `E2E_DATABASE_URL_${project.replace(/-/g, "").toUpperCase()}`;
  const url = process.env[key];
  if (!url) throw new Error(`${key} is not set: run the e2e tests through npm test`);
  return url;
}

/**
 * `login` makes a user and a session through SQL (never through the UI) and puts the cookie in
 * the browser, as the Epic Stack's fixture does: tests of other pages start signed in instantly.
 */
export const test = base.extend<{ login: (options?: { permissions?: string[] }) => Promise<{ username: string }> }>({
  login: async ({ page, baseURL }, use, testInfo) => {
    const sql = postgres(databaseFor(testInfo.project.name), { max: 1, onnotice: () => {} });
    await use(async (options = {}) => {
      const username = `e2e_${Math.random().toString(36).slice(2, 8)}`;
      const [user] = await sql`
        insert into users (username, password_hash) values (${username}, ${await hashPassword("unused-password")})
        returning id`;
      for (const p of options.permissions ?? []) {
        await sql`insert into user_permissions (user_id, permission) values (${user.id}, ${p})`;
      }
      const { token } = await createSession(sql, user.id, { remember: false }, { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY });
      await page.context().addCookies([{ name: "porch_session", value: token, url: baseURL!, httpOnly: true, sameSite: "Lax" }]);
      return { username };
    });
    await sql.end();
  },
});

export async function signIn(page: Page, options: { username: string; password: string; remember?: boolean }) {
  await page.getByLabel("Username").fill(options.username);
  await page.getByLabel("Password", { exact: true }).fill(options.password);
  if (options.remember) await page.getByLabel("Remember me").check();
  await page.getByRole("button", { name: "Sign in" }).click();
}
