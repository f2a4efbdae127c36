import type { APIRequestContext } from "@playwright/test";
import { createSession } from "~/auth/session.server";
import { createApiKey } from "~/models/api-keys.server";
import { ROUTE_TABLE } from "~/routes.table";
import { DAY } from "~/utils/time";
import { expect, test } from "./fixtures";

// Personal answers must never land in a browser's or a proxy's cache: the TOTP secret during set-up,
// recovery codes, a reset link, a user's page, /api/users. The pipeline sends `Cache-Control: no-store`
// on every answer unless the route opts out on purpose (and the route table says so, as `cache`).

test(
  "refuses to let any answer be cached unless its route opts out: every route × actor, pages, data and actions",
  { tag: "@http" },
  async ({ sql, playwright, baseURL }) => {
    test.setTimeout(120_000);
    const stamp = Date.now().toString(36);
    const origin = new URL(baseURL!).origin;
    const failures: string[] = [];
    const [admin] = await sql`insert into users (username) values (${`cache_${stamp}`}) returning id`;
    await sql`insert into user_permissions (user_id, permission) values (${admin.id}, 'admin')`;
    const session = async () => (await createSession(sql, admin.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY })).token;
    const { token: key } = await createApiKey(
      sql,
      { userId: null, ip: null, userAgent: null },
      { userId: admin.id, description: "cache", permissions: ["admin"] as never, actAsOwner: true, expiresAt: null },
    );
    const contexts: Record<string, APIRequestContext> = {
      anonymous: await playwright.request.newContext({ baseURL, maxRedirects: 0 }),
      session: await playwright.request.newContext({
        baseURL,
        maxRedirects: 0,
        extraHTTPHeaders: { Cookie: `porch_session=${await session()}` },
      }),
      "api key": await playwright.request.newContext({ baseURL, maxRedirects: 0, extraHTTPHeaders: { Authorization: `Bearer ${key}` } }),
    };
    const check = (what: string, want: string, got: string | undefined) => {
      if (got !== want) failures.push(`${what}: Cache-Control ${got ?? "(none)"}, expected ${want}`);
    };
    for (const [id, entry] of Object.entries(ROUTE_TABLE)) {
      if (!entry.methods.includes("GET")) continue;
      const want = entry.cache ?? "no-store";
      for (const [who, context] of Object.entries(contexts)) {
        const res = await context.get(entry.path);
        check(`GET ${entry.path} (${id}) as ${who} → ${res.status()}`, want, res.headers()["cache-control"]);
      }
      if (!entry.api) {
        // The same page's data, as Remix fetches it on client-side navigation.
        const url = new URL(entry.path, origin);
        const res = await contexts.session.get(`${url.pathname === "/" ? "/_root" : url.pathname}.data${url.search}`);
        check(`GET ${url.pathname}.data as session → ${res.status()}`, "no-store", res.headers()["cache-control"]);
      }
    }
    // Actions: every form action and JSON write answers no-store. A plain user, so that nothing
    // instance-wide changes under the tests running alongside; a fresh session each (one is sign-out).
    const [plain] = await sql`insert into users (username) values (${`cache_plain_${stamp}`}) returning id`;
    for (const entry of Object.values(ROUTE_TABLE)) {
      for (const method of entry.methods.filter((m) => m !== "GET")) {
        const { token } = await createSession(sql, plain.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY });
        const context = await playwright.request.newContext({
          baseURL,
          maxRedirects: 0,
          extraHTTPHeaders: { Origin: origin, Cookie: `porch_session=${token}` },
        });
        const res = entry.api
          ? await context.fetch(entry.path, { method, headers: { "Content-Type": "application/json" }, data: "{}" })
          : await context.fetch(entry.path, { method, form: { intent: "nothing" } });
        check(`${method} ${entry.path} → ${res.status()}`, "no-store", res.headers()["cache-control"]);
        await context.dispose();
      }
    }
    for (const c of Object.values(contexts)) await c.dispose();
    expect(failures).toEqual([]);
  },
);

test("refuses to cache personal pages in the browser: two-factor set-up, a user's page, sessions, /api/users", async ({ page, login }) => {
  const admin = await login({ permissions: ["admin"] });
  const seen: Array<[string, string | undefined]> = [];
  page.on("response", (r) => {
    if (r.request().resourceType() === "document" || r.url().includes(".data")) seen.push([r.url(), r.headers()["cache-control"]]);
  });
  await page.goto("/settings/security");
  await page.goto(`/manage/users/${admin.id}`);
  await page.goto("/settings/sessions");
  await page.goto("/api/users");
  expect(seen.length).toBeGreaterThanOrEqual(4);
  expect(seen.filter(([, value]) => value !== "no-store")).toEqual([]);
});
