import { JS_BUDGETS, lazyChunk, pageScripts, readManifest, routeKinds } from "../../scripts/lib/page-scripts.mjs";
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createInvite } from "~/models/invites.server";
import { createResetLink } from "~/models/password-resets.server";
import { DAY } from "~/utils/time";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// JavaScript per page, in bytes sent (the build's brotli copies) of the files the build makes each page
// load (issue #18). Counted from the build the e2e servers run (npm run test:e2e builds first), never timed.

const KB = 1024;
/** The sign-in pages: plain forms that work without JavaScript, sent with none (app/utils/hydration.ts). */
const SIGN_IN_PAGES = [
  "routes/auth.login",
  "routes/auth.2fa",
  "routes/auth.forgot",
  "routes/auth.invite.$token",
  "routes/auth.reset.$token",
];
test("the sign-in pages load no JavaScript: no scripts, no modulepreload links", async ({ request }) => {
  const pages = pageScripts(readManifest(), await routeKinds());
  for (const id of SIGN_IN_PAGES) {
    expect(pages[id], id).toBeDefined();
    expect(pages[id].gzip, id).toBeLessThanOrEqual(JS_BUDGETS.signIn);
    expect(pages[id].files, id).toEqual([]);
  }
  for (const path of ["/auth/login", "/auth/2fa", "/auth/forgot", "/auth/invite/not-a-token", "/auth/reset/not-a-token"]) {
    const response = await request.get(path);
    const html = await response.text();
    expect(html, path).toContain("data-static");
    expect(html, path).not.toContain("modulepreload");
    // The login page (where /auth/2fa sends a browser without a pending sign-in) loads one plain script, the
    // passkey button's (passkeys are on here); the others none.
    const scripts = new URL(response.url()).pathname === "/auth/login" ? ['<script type="module" src="/passkey.js">'] : null;
    expect(html.match(/<script[^>]*>/g), path).toEqual(scripts);
  }
});

test("with a live invite or reset link, the page loads only the password hint's plain script, under 2 KB gzip", async ({ page, sql }) => {
  const system = { userId: null, ip: null, userAgent: null };
  const [user] = await sql`insert into users (username) values (${`jsb_${Date.now().toString(36)}`}) returning id`;
  const { token: invite } = await createInvite(sql, system, DAY);
  for (const path of [`/auth/invite/${invite}`, `/auth/reset/${await createResetLink(sql, system, user.id)}`]) {
    const scripts: { path: string; bytes: number }[] = [];
    page.on("response", async (r) => {
      if (r.request().resourceType() === "script")
        scripts.push({ path: new URL(r.url()).pathname, bytes: gzipSync(await r.body()).length });
    });
    await page.goto(path);
    await expect(page.getByRole("button", { name: /Create account|Set password/ })).toBeVisible();
    const html = await (await page.request.get(path)).text();
    expect(html.match(/<script[^>]*>/g), path).toEqual(['<script src="/password-hint.js" defer="">']);
    expect(html).not.toContain("modulepreload");
    if (test.info().project.use.javaScriptEnabled !== false) {
      await expect.poll(() => scripts.map((s) => s.path)).toEqual(["/password-hint.js"]);
      expect(scripts[0].bytes).toBeLessThan(2 * KB);
    }
    page.removeAllListeners("response");
  }
});

test("on the login page a browser fetches only the passkey script, under 3 KB sent", async ({ page }) => {
  const scripts: { path: string; bytes: number }[] = [];
  page.on("response", async (r) => {
    if (r.request().resourceType() === "script")
      scripts.push({ path: new URL(r.url()).pathname, bytes: (await r.request().sizes()).responseBodySize });
  });
  await page.goto("/auth/login");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  if (test.info().project.use.javaScriptEnabled === false) return expect(scripts).toEqual([]);
  await expect.poll(() => scripts.map((s) => s.path)).toEqual(["/passkey.js"]);
  expect(scripts[0].bytes).toBeLessThan(3 * KB);
  expect(scripts[0].bytes).toBeLessThanOrEqual(JS_BUDGETS.signIn);
});

test("every other page stays within its JavaScript budget, and none loads the password estimator", async () => {
  const manifest = readManifest();
  const pages = pageScripts(manifest, await routeKinds());
  const others = Object.entries(pages).filter(([id]) => !SIGN_IN_PAGES.includes(id));
  expect(others.length).toBeGreaterThan(20);
  for (const [id, p] of others) {
    const budget = p.liveForm ? JS_BUDGETS.liveFormPage : JS_BUDGETS.otherPage;
    expect(p.sent, `${id}: ${(p.sent / KB).toFixed(1)} KB`).toBeLessThanOrEqual(budget);
  }
  // Pages that everyone sees carry no live form: a board's item forms load only for its editors, in edit
  // mode (app/components/lazy-parts.tsx); home and the board list have none.
  for (const id of ["root", "routes/_index", "routes/boards._index", "routes/boards.$name._index"]) {
    expect(pages[id].liveForm, id).toBe(false);
    expect(pages[id].sent, id).toBeLessThanOrEqual(JS_BUDGETS.otherPage);
  }

  // The estimator runs on the server only (/api/password-check, ADR 029): no browser ever loads it.
  expect(lazyChunk(manifest, "password-strength"), "a password-strength chunk in the client build").toBeNull();
  const shipped = readdirSync("build/client/assets").filter((f) => f.endsWith(".js"));
  for (const f of shipped) expect(readFileSync(`build/client/assets/${f}`, "utf8"), f).not.toContain("zxcvbn");
});

/** The scripts a page fetches that hold Conform's form runtime (the live forms' script), as they arrive. */
function conformScripts(target: Page): string[] {
  const found: string[] = [];
  target.on("response", async (r) => {
    if (r.request().resourceType() === "script" && (await r.text()).includes("__intent__")) found.push(new URL(r.url()).pathname);
  });
  return found;
}

test("a board's viewers never load its item forms' script; its editors get the forms in edit mode, loaded or navigated to", async ({
  page,
  login,
  sql,
  browser,
  baseURL,
}) => {
  const editor = await login({ permissions: ["board-create"] });
  const name = `jsb-${Date.now().toString(36)}`;
  const [board] =
    await sql`insert into boards (name, title, creator_id, is_public) values (${name}, 'Forms', ${editor.id}, true) returning id`;
  await sql`insert into board_items (board_id, position, kind, title, url) values (${board.id}, 0, 'app', 'Router', 'http://192.168.1.1/')`;
  const jsOn = test.info().project.use.javaScriptEnabled !== false;

  // A viewer (here: anyone, the board is public) sees the board; the forms' script stays on the server.
  const viewer = await browser.newContext({ baseURL, javaScriptEnabled: jsOn });
  const guestPage = await viewer.newPage();
  const guestScripts = conformScripts(guestPage);
  await guestPage.goto(`/boards/${name}`);
  await expect(guestPage.getByRole("link", { name: /^Router/ })).toBeVisible();
  await guestPage.waitForLoadState("networkidle");
  expect(guestScripts).toEqual([]);
  await viewer.close();

  // The editor opens edit mode directly: the forms are in the HTML and check as one types at once.
  const editorScripts = conformScripts(page);
  await page.goto(`/boards/${name}?mode=edit`);
  const addNote = page.getByRole("form", { name: "Add a note" });
  await addNote.getByRole("button", { name: "Add note" }).click();
  await expect(addNote.getByText("Write the note")).toBeVisible();
  if (jsOn) await expect.poll(() => editorScripts.length).toBeGreaterThan(0);

  // From the dashboard to edit mode without a reload: the forms appear once their script is there.
  await page.goto(`/boards/${name}`);
  await page.getByRole("link", { name: "Edit board" }).click();
  await page.getByRole("link", { name: "Edit Router" }).click();
  const edit = page.getByRole("form", { name: "Edit app" });
  await edit.getByLabel("App title").fill("Gateway");
  await edit.getByRole("button", { name: "Save app" }).click();
  await expect(page.getByRole("status")).toHaveText("App saved.");
  await expect(page.getByRole("link", { name: /^Gateway/ })).toBeVisible();
});
