import { createSession } from "~/auth/session.server";
import { createApiKey } from "~/models/api-keys.server";
import { ROUTE_TABLE, type RouteEntry } from "~/routes.table";
import { DAY } from "~/utils/time";
import { expect, test } from "./fixtures";

// Every route of the route table × the actors its rule names: anonymous, a plain user, a holder of the
// route's permission, an administrator, and API keys with and without that permission. Board and
// integration routes have their own matrices (board-matrix, integration-matrix), writes included.
// A route added to the table is covered here without anyone remembering to.

type Who = "anonymous" | "user" | "holder" | "admin" | "key-with" | "key-without";
const WHO: Who[] = ["anonymous", "user", "holder", "admin", "key-with", "key-without"];

/** What the rule promises for one GET; "ok" means allowed (200, or 404 for a placeholder id, or a redirect onwards). */
function expected(entry: RouteEntry, who: Who): "login" | "refused" | "ok" | "away" | "any" {
  const access = entry.access;
  const keyed = who.startsWith("key");
  const anonymous = who === "anonymous" || (keyed && !entry.api); // pages ignore API keys
  if (access === "public" || access === "onboarding" || access === "guest") return "any";
  if (access === "anonymous") return anonymous ? "ok" : "away";
  if (typeof access === "object" && !("permission" in access)) return "any"; // own matrices
  if (anonymous) return "login";
  if (access === "user") return "ok";
  const holds = who === "holder" || who === "admin" || who === "key-with";
  return holds ? "ok" : "refused";
}

test("every route × actor answers as the route table says", async ({ sql, playwright, baseURL }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const failures: string[] = [];
  const entries = Object.entries(ROUTE_TABLE).filter(([id]) => id !== "root");
  const contexts = new Map<string, Awaited<ReturnType<typeof playwright.request.newContext>>>();
  async function contextFor(who: Who, permission: string | null) {
    const cacheKey = `${who}:${permission}`;
    if (contexts.has(cacheKey)) return contexts.get(cacheKey)!;
    let headers: Record<string, string> = {};
    if (who !== "anonymous") {
      const [u] = await sql`insert into users (username) values (${`rm_${stamp}_${contexts.size}`}) returning id`;
      const granted = who === "admin" ? ["admin"] : (who === "holder" || who.startsWith("key")) && permission ? [permission] : [];
      for (const p of granted) await sql`insert into user_permissions (user_id, permission) values (${u.id}, ${p})`;
      if (who.startsWith("key")) {
        const scopes = who === "key-with" && permission ? [permission] : [];
        const { token } = await createApiKey(
          sql,
          { userId: null, ip: null, userAgent: null },
          { userId: u.id, description: "matrix", permissions: scopes as never, actAsOwner: true, expiresAt: null },
        );
        headers = { Authorization: `Bearer ${token}` };
      } else {
        headers = {
          Cookie: `porch_session=${(await createSession(sql, u.id, { remember: false }, { expiryMs: DAY, maxLifetimeMs: DAY })).token}`,
        };
      }
    }
    const context = await playwright.request.newContext({ baseURL, maxRedirects: 0, extraHTTPHeaders: headers });
    contexts.set(cacheKey, context);
    return context;
  }
  for (const [id, entry] of entries) {
    if (!entry.methods.includes("GET")) continue;
    const permission = typeof entry.access === "object" && "permission" in entry.access ? entry.access.permission : null;
    for (const who of WHO) {
      const want = expected(entry, who);
      const res = await (await contextFor(who, permission)).get(entry.path);
      const status = res.status();
      const location = res.headers().location ?? "";
      const where = `${id} (${entry.path}) as ${who}: ${status} ${location}`;
      if (status >= 500) failures.push(`${where}: server error`);
      else if (want === "login" && !(entry.api ? status === 401 : status === 302 && location.startsWith("/auth/login")))
        failures.push(`${where}: expected the login answer`);
      else if (want === "refused" && status !== 403) failures.push(`${where}: expected 403`);
      else if (want === "ok" && (status === 401 || status === 403 || location.startsWith("/auth/login")))
        failures.push(`${where}: expected to be let in`);
      else if (want === "away" && status !== 302) failures.push(`${where}: expected to be sent on`);
    }
  }
  for (const c of contexts.values()) await c.dispose();
  expect(failures).toEqual([]);
});

test("a display link's token is worth nothing anywhere but its own display: every route answers it as it answers a made-up one", async ({
  sql,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const [owner] = await sql`insert into users (username) values (${`rm_display_${Date.now().toString(36)}`}) returning id`;
  const [board] = await sql`
    insert into boards (name, title, creator_id) values (${`rm-display-${Date.now().toString(36)}`}, 'D', ${owner.id}) returning id, name`;
  const { createDisplayLink } = await import("~/models/display-links.server");
  const { token } = await createDisplayLink(sql as never, { userId: owner.id, ip: null, userAgent: null }, board.id, {
    name: "matrix",
    expiresAt: null,
    widgetsAsCreator: true,
    refreshSeconds: 300,
  });
  // The same shape, worth nothing: whatever a route answers it (401 for a bad bearer, say), it must answer the real one.
  const madeUp = "a".repeat(32);
  const plain = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
  const ways: Record<string, (t: string) => Record<string, string>> = {
    cookie: (t) => ({ Cookie: `porch_session=${t}; porch_display=${t}` }),
    bearer: (t) => ({ Authorization: `Bearer ${t}` }),
    basic: (t) => ({ Authorization: `Basic ${Buffer.from(`display:${t}`).toString("base64")}` }),
  };
  // Where a redirect goes, without its query (a sign-in's state is new each time).
  const to = (r: Awaited<ReturnType<typeof plain.get>>) => (r.headers().location ?? "").split("?")[0];
  const failures: string[] = [];
  for (const [id, entry] of Object.entries(ROUTE_TABLE)) {
    if (!entry.methods.includes("GET") || id === "routes/display.$token") continue;
    const path = entry.path.replace("no-such-board", board.name);
    for (const [way, headers] of Object.entries(ways)) {
      const real = await plain.get(path, { headers: headers(token) });
      const fake = await plain.get(path, { headers: headers(madeUp) });
      if (real.status() !== fake.status() || to(real) !== to(fake))
        failures.push(
          `${id} (${path}) with the token as ${way}: ${real.status()} ${to(real)}, a made-up one gets ${fake.status()} ${to(fake)}`,
        );
    }
    const query = (t: string) => `${path}${path.includes("?") ? "&" : "?"}token=${t}&display=${t}`;
    const [real, fake] = [await plain.get(query(token)), await plain.get(query(madeUp))];
    if (real.status() !== fake.status())
      failures.push(`${id} with the token in the query: ${real.status()}, a made-up one gets ${fake.status()}`);
  }
  expect((await plain.get(`/display/${token}`)).status()).toBe(200);
  await plain.dispose();
  expect(failures).toEqual([]);
});
