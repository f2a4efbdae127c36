import type { Browser } from "@playwright/test";
import os from "node:os";
import postgres from "postgres";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { DAY } from "~/utils/time";
import { expect, test } from "./fixtures";
import { ownDatabase, raw, startPorch } from "./own-server";
import type { Running } from "./process";

// DNS rebinding: a page on rebind.evil.test has its name re-pointed at the Porch on your network. For the
// browser it is still rebind.evil.test, so its scripts read and post to Porch "same-origin", and Porch, if
// it believed whatever Host it was sent, would agree. Without BASE_URL, Porch answers only to IP
// addresses, localhost and the names in ALLOWED_HOSTS. Chromium's own resolver plays the DNS.

test.describe.configure({ mode: "serial" });

let db: postgres.Sql;
let porch: Running & { port: number };
let browser: Browser;

test.beforeAll(async ({ playwright }, testInfo) => {
  test.setTimeout(120_000);
  const url = await ownDatabase(testInfo, "porch_rebind");
  // A fresh install, as `npm start` makes it: no BASE_URL, onboarding open.
  porch = await startPorch(testInfo, { DATABASE_URL: url, ALLOWED_HOSTS: "porch.home.test" });
  db = postgres(url, { max: 1, onnotice: () => {} });
  browser = await playwright.chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--host-resolver-rules=MAP rebind.evil.test 127.0.0.1, MAP porch.home.test 127.0.0.1",
      // Recent Chrome asks before a public page reaches the local network; Firefox and Safari don't.
      // Off here, so that what stops the attack is Porch itself.
      "--disable-features=LocalNetworkAccessChecks,LocalNetworkAccessChecksWebSockets,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults",
    ],
  });
});

test.afterAll(async () => {
  await browser?.close();
  porch?.child.kill("SIGTERM");
  await db?.end();
});

test("refuses a DNS-rebinding page on a fresh install: another site's name can't read or take /init", async () => {
  const page = await browser.newPage();
  const first = await page.goto(`http://rebind.evil.test:${porch.port}/init`);
  expect(first!.status()).toBe(421);
  const explanation = await page.locator("body").innerText();
  expect(explanation).toContain("BASE_URL");
  expect(explanation).toContain("ALLOWED_HOSTS");
  // The attacker's own page, served while the name still pointed at the attacker (no Porch CSP on it);
  // after the rebinding, its same-origin requests reach Porch.
  await page.route(`http://rebind.evil.test:${porch.port}/attacker`, (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>cats</title>" }),
  );
  await page.goto(`http://rebind.evil.test:${porch.port}/attacker`);
  const attempt = await page.evaluate(async () => {
    const read = await fetch("/init");
    const body = new URLSearchParams({
      username: "intruder",
      password: "violet-cactus-umbrella",
      confirmPassword: "violet-cactus-umbrella",
    });
    const post = await fetch("/init", { method: "POST", body, redirect: "manual" });
    return { read: read.status, post: post.status, text: await read.text() };
  });
  expect(attempt).toMatchObject({ read: 421, post: 421 });
  expect(attempt.text).not.toContain("confirmPassword");
  expect(await db`select username from users`).toEqual([]);
  expect(await db`select 1 from server_settings where key = 'onboarded_at'`).toEqual([]);
  await page.close();
});

test("keeps a fresh install reachable by IP address, localhost and a name in ALLOWED_HOSTS", async () => {
  const page = await browser.newPage();
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
  const origins = [`http://127.0.0.1:${porch.port}`, `http://localhost:${porch.port}`, `http://porch.home.test:${porch.port}`];
  if (lan) origins.push(`http://${lan}:${porch.port}`);
  for (const origin of origins) {
    const answer = await page.goto(`${origin}/`);
    expect(answer!.status(), origin).toBe(200);
    expect(page.url(), origin).toBe(`${origin}/init`);
    await expect(page.getByLabel("Confirm password")).toBeVisible();
  }
  await page.close();
});

test("refuses a Host that isn't a host name with 400, and keeps serving", { tag: "@http" }, async () => {
  for (const host of ["a b", "porch.lan:99999", "[::1"]) {
    const answer = await raw(porch.port, { path: "/api/health", headers: { Host: host } });
    expect(answer.status, host).toBe(400);
    expect(answer.body).toContain("Host header");
  }
  // Still up (on Node a bad Host used to throw out of the request handler and end the process).
  expect((await raw(porch.port, { path: "/api/health" })).status).toBe(200);
});

test(
  "refuses a page on another port of the same host acting through a // path: no admin rights given, no sign-in planted (attack12)",
  { tag: "@http" },
  async () => {
    // Same host, other port: the same site for cookies (SameSite=Lax goes along with a form's POST), another origin.
    const evil = `127.0.0.1:${porch.port + 7}`;
    await db`insert into server_settings (key, value) values ('onboarded_at', ${db.json(new Date().toISOString())}) on conflict do nothing`;
    const [admin] = await db`insert into users (username) values ('target-admin') returning id`;
    await db`insert into user_permissions (user_id, permission) values (${admin.id}, 'admin')`;
    const [mallory] =
      await db`insert into users (username, password_hash) values ('mallory', ${await hashPassword("mallory password 42")}) returning id`;
    const { token } = await createSession(db, admin.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
    const grant = await raw(porch.port, {
      path: `//${evil}/manage/users/${mallory.id}`,
      headers: { Origin: `http://${evil}`, Cookie: `porch_session=${token}` },
      form: { intent: "permissions", permissions: "admin" },
    });
    expect(grant.status).toBeGreaterThanOrEqual(400);
    expect(await db`select permission from user_permissions where user_id = ${mallory.id}`).toEqual([]);
    // Login CSRF from a page on any address: the visitor would end up signed in as mallory.
    const planted = await raw(porch.port, {
      path: `//127.0.0.2:${porch.port + 7}/auth/login`,
      headers: { Origin: `http://127.0.0.2:${porch.port + 7}` },
      form: { username: "mallory", password: "mallory password 42" },
    });
    expect(planted.status).toBe(403);
    expect(String(planted.headers["set-cookie"] ?? "")).not.toContain("porch_session=");
    // And a rebinding name can't hide behind one either.
    const rebound = await raw(porch.port, {
      path: `//127.0.0.1:${porch.port}/auth/login`,
      headers: { Host: `rebind.evil.test:${porch.port}` },
    });
    expect(rebound.status).toBe(421);
  },
);
