import type { APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import type postgres from "postgres";
import { hashPassword } from "~/auth/password.server";
import { hashToken } from "~/auth/tokens.server";
import { expect, test } from "./fixtures";

// redirectTo on the real routes that follow it: the Location a browser gets must resolve to our origin,
// whatever the parser makes of dot segments and encodings ("/.//evil" is "//evil" once resolved).

const EVIL = ["/.//evil.example", "/%2e//evil.example", "/a/..//evil.example"];
const RECOVERY = "abcde-fghij";

async function passwordUser(sql: postgres.Sql, prefix: string, twoFactor = false) {
  const username = `${prefix}_${Math.random().toString(36).slice(2, 8)}`;
  const password = "redirect me nowhere";
  const [user] = await sql`insert into users (username, password_hash) values (${username}, ${await hashPassword(password)}) returning id`;
  if (twoFactor) {
    // A recovery code is enough for the second step; the TOTP secret is never read on that path.
    await sql`insert into user_totp (user_id, secret_encrypted, enabled_at) values (${user.id}, ${new Uint8Array(32)}, now())`;
    await sql`insert into recovery_codes (user_id, code_hash) values (${user.id}, ${hashToken(RECOVERY)})`;
  }
  return { username, password };
}

/** Where a browser goes with this answer's Location, and whether that is still us. */
function landsOn(base: string, location: string | undefined): string {
  expect(location, "a redirect").toBeTruthy();
  try {
    return new URL(location!, `${base}/auth/login`).origin;
  } catch {
    return `nowhere a browser can go: ${location}`;
  }
}

test.describe("refuses open redirects", () => {
  let contexts: APIRequestContext[] = [];
  test.afterEach(async () => {
    for (const c of contexts) await c.dispose();
    contexts = [];
  });

  test("refuses an open redirect through dot segments: sign-in, the signed-in login page, two-factor step, /api/auth/signin", async ({
    playwright,
    baseURL,
    sql,
  }) => {
    const base = new URL(baseURL!).origin;
    const fresh = async () => {
      const c = await playwright.request.newContext({ baseURL, maxRedirects: 0, extraHTTPHeaders: { Origin: base } });
      contexts.push(c);
      return c;
    };
    for (const evil of EVIL) {
      const user = await passwordUser(sql, "redir");
      const browser = await fresh();
      const signIn = await browser.post("/auth/login", { form: { ...user, redirectTo: evil } });
      expect(signIn.status(), evil).toBe(302);
      expect(landsOn(base, signIn.headers().location), `sign-in with ${evil}`).toBe(base);
      // Signed in now: the login page sends a signed-in visitor on to redirectTo.
      expect(((await (await browser.get("/api/auth/session")).json()) as { user: { username: string } }).user.username).toBe(user.username);
      const again = await browser.get(`/auth/login?redirectTo=${encodeURIComponent(evil)}`);
      expect(again.status()).toBe(302);
      expect(landsOn(base, again.headers().location), `signed-in login page with ${evil}`).toBe(base);

      const viaApi = await (await fresh()).get(`/api/auth/signin?callbackUrl=${encodeURIComponent(evil)}`);
      const onward = new URL(viaApi.headers().location!, base).searchParams.get("redirectTo");
      if (onward !== null) expect(landsOn(base, onward), `/api/auth/signin with ${evil}`).toBe(base);

      const second = await passwordUser(sql, "redir2fa", true);
      const twoFactor = await fresh();
      const first = await twoFactor.post("/auth/login", { form: { ...second, redirectTo: evil } });
      expect(first.headers().location).toBe("/auth/2fa");
      const code = await twoFactor.post("/auth/2fa", { form: { code: RECOVERY } });
      expect(code.status()).toBe(302);
      expect(landsOn(base, code.headers().location), `two-factor step with ${evil}`).toBe(base);
    }
  });

  test("refuses an open redirect for any generated redirectTo on the signed-in login page", async ({ playwright, baseURL, sql }) => {
    const base = new URL(baseURL!).origin;
    const user = await passwordUser(sql, "redirfuzz");
    const browser = await playwright.request.newContext({ baseURL, maxRedirects: 0, extraHTTPHeaders: { Origin: base } });
    contexts.push(browser);
    expect((await browser.post("/auth/login", { form: user })).status()).toBe(302);
    const piece = fc.constantFrom(
      "/",
      "//",
      "\\",
      ".",
      "..",
      "%2e",
      "%2E",
      "%2f",
      "%5c",
      "%09",
      "@",
      ":",
      "?",
      "#",
      "evil.example",
      "https:",
      "a",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => `/${p.join("")}`),
        async (redirectTo) => {
          const answer = await browser.get(`/auth/login?redirectTo=${encodeURIComponent(redirectTo)}`);
          expect(answer.status()).toBe(302);
          expect(landsOn(base, answer.headers().location), redirectTo).toBe(base);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });

  test("refuses an open redirect from a planted OpenID Connect return cookie", async ({ page, baseURL }) => {
    test.skip(!process.env.E2E_OIDC_ISSUER, "needs the test OpenID provider (npm test starts it)");
    await page.context().clearCookies();
    await page.goto("/auth/login");
    await page.getByRole("link", { name: "Continue with Test Provider" }).click();
    await page.locator('input[name="login"]').waitFor();
    // A sibling site tosses its own return path while the person is at the provider.
    await page
      .context()
      .addCookies([
        { name: "porch_signin_return", value: encodeURIComponent("/.//evil.example"), url: baseURL!, httpOnly: true, sameSite: "Lax" },
      ]);
    await page.locator('input[name="login"]').fill("olivia");
    await page.locator('input[name="password"]').fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await expect(page).toHaveURL(`${new URL(baseURL!).origin}/`);
    await expect(page.getByTestId("current-user")).toHaveText("Olivia Oidc");
  });
});
