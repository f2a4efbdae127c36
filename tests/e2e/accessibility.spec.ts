import type { Browser } from "@playwright/test";
import type postgres from "postgres";
import { createSession } from "~/auth/session.server";
import { createApiKey } from "~/models/api-keys.server";
import { createInvite } from "~/models/invites.server";
import { createResetLink } from "~/models/password-resets.server";
import { ROUTE_TABLE, type RouteEntry } from "~/routes.table";
import { DAY } from "~/utils/time";
import { axeFindings } from "./axe";
import { expect, test } from "./fixtures";

// Issue #19, accessibility: every page of the route table, as each kind of person who sees a different
// page (a stranger, a signed-in person without rights, an administrator), at desktop and phone width,
// with JavaScript on (deno) and off (no-js): axe finds nothing (its default rules, WCAG 2.2 AA and best
// practice), every field's autocomplete is right, and no page scrolls sideways on a phone. A page added
// to the table is walked without anyone remembering to; its placeholder ids get a real resource here.

const SYSTEM = { userId: null, ip: null, userAgent: null };
// Every page a visitor can reach is read in full and checked for sideways scroll (ADR 031): without
// JavaScript at 390 px in light (the no-JS <details> menus), and with JavaScript at 1280 px in light and
// at 390 px in dark.
type View = { width: number; height: number; colorScheme: "light" | "dark" };
const NO_JS_VIEWS: View[] = [{ width: 390, height: 844, colorScheme: "light" }];
const JS_VIEWS: View[] = [
  { width: 1280, height: 800, colorScheme: "light" },
  { width: 390, height: 844, colorScheme: "dark" },
];

/** Pages only: JSON, CSV and redirects to elsewhere have nothing for axe to read. */
function pageRoutes(): [string, string, RouteEntry["access"]][] {
  return Object.entries(ROUTE_TABLE)
    .filter(([id, e]) => id !== "root" && !e.api && e.methods.includes("GET") && !e.path.endsWith(".csv"))
    .filter(([id]) => !["routes/auth.oidc", "routes/manage._index", "routes/settings"].includes(id))
    .map(([id, e]) => [id, e.path, e.access]);
}

/** The element reaching furthest past the right edge, for the message when a page scrolls sideways. */
function widestElement(): string {
  let worst: Element | null = null;
  let right = window.innerWidth;
  const clipped = (el: Element | null): boolean =>
    !!el && el !== document.body && (getComputedStyle(el).overflowX !== "visible" || clipped(el.parentElement));
  for (const el of document.body.querySelectorAll("*")) {
    if (clipped(el.parentElement)) continue; // inside its own scroller (a table's, the tab row's)
    const r = el.getBoundingClientRect().right;
    if (r > right + 0.5) [worst, right] = [el, r];
  }
  if (!worst) return "";
  const classes = [...worst.classList].slice(0, 5).join(".");
  return `${worst.tagName.toLowerCase()}${classes ? `.${classes}` : ""} "${(worst.textContent ?? "").trim().slice(0, 40)}"`;
}

/**
 * Fields whose `autocomplete` is missing or wrong (issue #19, WCAG 1.3.5): every text-like field says what
 * the browser may fill (`off` where it is someone else's data or none), passwords say current or new, and
 * a code field says one-time-code.
 */
function autocompleteFindings(): string[] {
  const skip = new Set(["hidden", "checkbox", "radio", "submit", "button", "reset", "file", "date", "datetime-local", "color", "range"]);
  const findings: string[] = [];
  for (const el of document.querySelectorAll<HTMLInputElement>("input")) {
    if (skip.has(el.type) || el.readOnly) continue;
    const ac = el.getAttribute("autocomplete");
    const what = `${el.type} field "${el.name || el.id}"`;
    if (!ac) findings.push(`${what} has no autocomplete`);
    else if (el.type === "password" && !["current-password", "new-password"].includes(ac)) findings.push(`${what}: autocomplete="${ac}"`);
    else if (/(^|-)code$/i.test(el.name) && ac !== "one-time-code") findings.push(`${what}: autocomplete="${ac}", not one-time-code`);
  }
  return findings;
}

/** A board with items, an integration, a group, two invites and a reset link: pages with real content. */
async function seed(sql: postgres.Sql) {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  const [admin] =
    await sql`insert into users (username, display_name, email) values (${`a11y_admin_${stamp}`}, 'Alex Administrator', ${`a11y-${stamp}@example.test`}) returning id`;
  await sql`insert into user_permissions (user_id, permission) values (${admin.id}, 'admin')`;
  const [plain] = await sql`insert into users (username) values (${`a11y_user_${stamp}`}) returning id`;
  const [board] =
    await sql`insert into boards (name, title, creator_id, is_public) values (${`a11y-${stamp}`}, 'Accessible board', ${admin.id}, true) returning id, name`;
  await sql`insert into board_items (board_id, position, kind, title, url) values (${board.id}, 1, 'app', 'Media', 'https://media.example.test/')`;
  await sql`insert into board_items (board_id, position, kind, body) values (${board.id}, 2, 'note', 'Backups run at night.')`;
  const [integration] =
    await sql`insert into integrations (name, kind, url, creator_id) values (${`a11y-${stamp}`}, 'http-status', 'http://127.0.0.1:9/', ${admin.id}) returning id`;
  const [group] = await sql`insert into groups (name) values (${`a11y-${stamp}`}) returning id`;
  await sql`insert into group_members (group_id, user_id) values (${group.id}, ${plain.id})`;
  const invite = await createInvite(sql, { ...SYSTEM, userId: admin.id }, DAY);
  await createInvite(sql, { ...SYSTEM, userId: admin.id }, DAY, [group.id]); // a second row, with a group
  const reset = await createResetLink(sql, SYSTEM, plain.id);
  for (const userId of [admin.id, plain.id]) {
    const key = { userId, description: "Backups from the NAS, nightly", permissions: [], actAsOwner: true, expiresAt: null };
    await createApiKey(sql, { ...SYSTEM, userId }, key);
  }
  const real: Record<string, string> = {
    "/boards/no-such-board": `/boards/${board.name}`,
    "/boards/no-such-board/settings": `/boards/${board.name}/settings`,
    "/boards/no-such-board/settings/access": `/boards/${board.name}/settings/access`,
    "/manage/integrations/00000000-0000-0000-0000-000000000000": `/manage/integrations/${integration.id}`,
    "/manage/integrations/00000000-0000-0000-0000-000000000000/access": `/manage/integrations/${integration.id}/access`,
    "/manage/users/00000000-0000-0000-0000-000000000000": `/manage/users/${plain.id}`,
    "/manage/users/groups/00000000-0000-0000-0000-000000000000": `/manage/users/groups/${group.id}`,
  };
  const pages = pageRoutes().map(([, path, access]) => ({ path: real[path] ?? path, access }));
  pages.push({ path: `/boards/${board.name}?mode=edit`, access: { board: "full" } }, { path: "/boards/no-such-board", access: "guest" });
  const links = [`/auth/invite/${invite.token}`, `/auth/reset/${reset}`].map((path) => ({ path, access: "public" as const }));
  return { admin: admin.id as string, plain: plain.id as string, pages, links };
}

type Access = RouteEntry["access"];
const needsPermission = (a: Access) => typeof a === "object" && "permission" in a;
// A stranger is sent to sign in from every page that needs it (the login page is read once): those are
// skipped, as are the admin pages for a signed-in person without rights but one (the refusal page).
const WALKS = [
  { who: "a stranger", part: "", only: (a: Access) => a !== "user" && !needsPermission(a) },
  { who: "a signed-in person", part: "", only: (a: Access, path: string) => !needsPermission(a) || path === "/manage/users" },
  // The longest walk: its Manage pages are a test of their own, so the two workers share it.
  { who: "an administrator", part: " (Manage)", only: (_: Access, path: string) => path.startsWith("/manage") },
  { who: "an administrator", part: " (outside Manage)", only: (_: Access, path: string) => !path.startsWith("/manage") },
] as const;

async function walk(
  { browser, baseURL, sql }: { browser: Browser; baseURL: string; sql: postgres.Sql },
  userId: string | null,
  paths: string[],
  views: View[],
  scripts: boolean,
): Promise<string[]> {
  // axe runs as JavaScript in the page, and with JavaScript off its timers never fire. Without
  // JavaScript the context keeps it on for axe, and every page forbids its own scripts instead
  // (script-src 'none'): the page is what a browser without JavaScript shows.
  const context = await browser.newContext({ baseURL, javaScriptEnabled: true });
  if (!scripts) {
    await context.route("**/*", async (route) => {
      if (route.request().resourceType() !== "document") return route.continue();
      const response = await route.fetch({ maxRedirects: 0 });
      await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": "script-src 'none'" } });
    });
  }
  if (userId) {
    const { token } = await createSession(sql, userId, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
    await context.addCookies([{ name: "porch_session", value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  }
  const page = await context.newPage();
  const findings: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    await page.setViewportSize(views[0]);
    await page.emulateMedia({ colorScheme: views[0].colorScheme });
    const response = await page.goto(path);
    if (!response?.headers()["content-type"]?.startsWith("text/html")) continue;
    const landed = new URL(page.url());
    if (landed.origin !== new URL(baseURL).origin) continue; // sent on to the OpenID provider
    // Each page a visitor can reach once: the login page they are sent to, or a refusal, is read once.
    const status = response.status();
    const sameRoute = landed.pathname === path.split("?")[0];
    const key = status >= 400 ? `a ${status} page` : landed.pathname + (sameRoute && path.includes("?") ? landed.search : "");
    if (seen.has(key)) continue;
    seen.add(key);
    if (scripts) {
      await page
        .locator("html[data-hydrated], html[data-static]")
        .waitFor({ state: "attached", timeout: 10_000 })
        .catch(() => findings.push(`${key}: never hydrated`));
    }
    // Every tab says what it holds, then whose it is (a screen reader's first words on the page).
    const title = await page.title();
    if (!/^\S.* · Porch$/.test(title)) findings.push(`${key}: title "${title}" isn't "<what> · Porch"`);
    for (const view of views) {
      await page.setViewportSize(view);
      await page.emulateMedia({ colorScheme: view.colorScheme });
      const where = `${key} at ${view.width} px, ${view.colorScheme}${scripts ? "" : ", no JavaScript"}`;
      findings.push(...(await axeFindings(page, where)));
      if (view === views[0]) findings.push(...(await page.evaluate(autocompleteFindings)).map((f) => `${key}: ${f}`));
      const sideways = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
      if (sideways > 0) findings.push(`${where}: scrolls ${sideways} px sideways, widest: ${await page.evaluate(widestElement)}`);
    }
  }
  await context.close();
  return findings;
}

for (const { who, part, only } of WALKS) {
  test(`every page as ${who}${part}: no axe violations, autocomplete right, no sideways scroll`, async ({ browser, baseURL, sql }) => {
    const scripts = test.info().project.use.javaScriptEnabled !== false;
    test.setTimeout(150_000);
    const world = await seed(sql);
    const userId = who === "a stranger" ? null : who === "an administrator" ? world.admin : world.plain;
    const pages = who === "a stranger" ? [...world.pages, ...world.links] : world.pages;
    const paths = pages.filter((p) => only(p.access, p.path)).map((p) => p.path);
    expect(await walk({ browser, baseURL: baseURL!, sql }, userId, paths, scripts ? JS_VIEWS : NO_JS_VIEWS, scripts)).toEqual([]);
  });
}
