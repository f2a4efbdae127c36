import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// The login page and a protected app's address (ADR 033): someone signed in already goes straight back
// to the app, and a signed-out person is told which app they sign in for; nothing else is followed.

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

/** A protected app whose host the browser never resolves: its pages are answered here (data-static: the fixture waits for no hydration). */
async function protectedApp(page: Page, sql: import("postgres").Sql) {
  const origin = `https://app-${stamp()}.home.example`;
  await sql`insert into protected_apps (origin) values (${origin})`;
  await page.route(`${origin}/**`, (route) =>
    route.fulfill({ contentType: "text/html", body: "<html data-static><h1>The app</h1></html>" }),
  );
  return origin;
}

const loginFor = (to: string) => `/auth/login?redirectTo=${encodeURIComponent(to)}`;

test("signed in already, the login page sends the person back into the protected app", async ({ page, login, sql }) => {
  const origin = await protectedApp(page, sql);
  await login();
  await page.goto(loginFor(`${origin}/calendar?week=2`));
  await expect(page).toHaveURL(`${origin}/calendar?week=2`);
  await expect(page.getByRole("heading", { name: "The app" })).toBeVisible();
});

test("signed in already, the login page follows no other absolute address: home, as before", async ({ page, login, sql, baseURL }) => {
  const origin = await protectedApp(page, sql);
  await login();
  for (const elsewhere of [
    "https://evil.example/",
    `${origin.replace("https://", "https://x.")}/`,
    "//evil.example/",
    `${origin}@evil.example/`,
  ]) {
    await page.goto(loginFor(elsewhere));
    await expect(page, elsewhere).toHaveURL(`${baseURL}/`);
  }
  // Porch's own paths still work as they did.
  await page.goto(loginFor("/settings"));
  await expect(page).toHaveURL(`${baseURL}/settings`);
});

test("the login page names the protected app the person signs in for, and only that", async ({ page, sql }) => {
  const origin = await protectedApp(page, sql);
  const host = new URL(origin).host;
  await page.goto(loginFor(`${origin}/calendar`));
  await expect(page.getByText(`Sign in to continue to ${host}`)).toBeVisible();
  // Text, not a link: the way there is signing in.
  await expect(page.getByRole("link", { name: host })).toHaveCount(0);
  for (const other of ["https://evil.example/", "/settings", `${origin}@evil.example/`]) {
    await page.goto(loginFor(other));
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByText("Sign in to continue to"), other).toHaveCount(0);
  }
});
