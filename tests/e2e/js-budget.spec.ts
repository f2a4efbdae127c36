import { JS_BUDGETS, lazyChunk, pageScripts, readManifest, routeKinds } from "../../scripts/lib/page-scripts.mjs";
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createInvite } from "~/models/invites.server";
import { createResetLink } from "~/models/password-resets.server";
import { DAY } from "~/utils/time";
import { expect, test } from "./fixtures";

// JavaScript per page, in gzip bytes of the files the build makes each page load (issue #18). Counted
// from the build the e2e servers run (npm run test:e2e builds first), never timed.

const KB = 1024;
/** The sign-in pages: plain forms that work without JavaScript, sent with none (app/utils/hydration.ts). */
const SIGN_IN_PAGES = [
  "routes/auth.login",
  "routes/auth.2fa",
  "routes/auth.forgot",
  "routes/auth.invite.$token",
  "routes/auth.reset.$token",
];
/**
 * Where the build is still over the issue's budget, the most it may weigh until it is brought under:
 * it may not grow, and once it fits the budget this ceiling must go (the test says so). React, React DOM
 * and Remix's router alone are 82 KB gzip, so no hydrated page fits 80 KB yet (issue #18).
 */
const CEILINGS_TODAY = { otherPage: 112 * KB };

test("the sign-in pages load no JavaScript: no scripts, no modulepreload links", async ({ request }) => {
  const pages = pageScripts(readManifest(), await routeKinds());
  for (const id of SIGN_IN_PAGES) {
    expect(pages[id], id).toBeDefined();
    expect(pages[id].gzip, id).toBeLessThanOrEqual(JS_BUDGETS.signIn);
    expect(pages[id].files, id).toEqual([]);
  }
  for (const path of ["/auth/login", "/auth/2fa", "/auth/forgot", "/auth/invite/not-a-token", "/auth/reset/not-a-token"]) {
    const html = await (await request.get(path)).text();
    expect(html, path).toContain("data-static");
    expect(html, path).not.toMatch(/<script|modulepreload/);
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

test("a browser fetches no script on the login page", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(r.url());
  });
  await page.goto("/auth/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(scripts).toEqual([]);
});

test("every other page stays within its JavaScript budget, and none loads the password estimator", async () => {
  const manifest = readManifest();
  const pages = pageScripts(manifest, await routeKinds());
  const others = Object.entries(pages).filter(([id]) => !SIGN_IN_PAGES.includes(id));
  expect(others.length).toBeGreaterThan(20);
  const heaviest = Math.max(...others.map(([, p]) => p.gzip));
  const pageLimit = Math.max(JS_BUDGETS.otherPage, CEILINGS_TODAY.otherPage);
  for (const [id, p] of others) expect(p.gzip, `${id}: ${(p.gzip / KB).toFixed(1)} KB`).toBeLessThanOrEqual(pageLimit);
  expect(heaviest, "every page fits the budget now: remove CEILINGS_TODAY.otherPage").toBeGreaterThan(JS_BUDGETS.otherPage);

  // The estimator runs on the server only (/api/password-check, ADR 029): no browser ever loads it.
  expect(lazyChunk(manifest, "password-strength"), "a password-strength chunk in the client build").toBeNull();
  const shipped = readdirSync("build/client/assets").filter((f) => f.endsWith(".js"));
  for (const f of shipped) expect(readFileSync(`build/client/assets/${f}`, "utf8"), f).not.toContain("zxcvbn");
});
