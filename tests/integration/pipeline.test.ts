import { afterEach, describe, expect, it, vi } from "vitest";
import { apiKeyIpKey } from "~/auth/api-key.server";
import { createSession } from "~/auth/session.server";
import { setConfigForTests, type Config } from "~/config.server";
import { createSql, setSqlForTests } from "~/db.server";
import { createApiKey } from "~/models/api-keys.server";
import { createPipeline } from "~/server/pipeline.server";
import { DAY, HOUR } from "~/utils/time";
import { TEST_CONFIG, useTestDatabase } from "../fixtures/database";
import { fakeBuild, type FakeRoute } from "../fixtures/remix-build";
import { makeUser } from "../fixtures/users";

// The whole request pipeline, in order, over a few routes written here: what each step answers, and
// what reaches the app.

const db = useTestDatabase();
const PEER = "203.0.113.9";
const policy = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };

function configure(overrides: Partial<Config> = {}) {
  setConfigForTests({ ...TEST_CONFIG, databaseUrl: db.url(), ...overrides });
}

afterEach(() => {
  vi.restoreAllMocks();
  configure();
  setSqlForTests(db.sql());
});

/** What a route saw: the request's URL and Host, and its load context. */
const echo: FakeRoute = {
  loader: ({ request, context }) => Response.json({ url: request.url, host: request.headers.get("host"), context }),
  action: ({ request, context }) => Response.json({ url: request.url, host: request.headers.get("host"), context }),
};

function pipelineWith(routes: Record<string, FakeRoute> = {}) {
  const build = fakeBuild({ echo, "api/echo": echo, ...routes });
  return { build, pipeline: createPipeline(build, "production", build.table) };
}

async function signedIn(remember = false, createdAgo = 0) {
  const user = await makeUser(db.sql());
  const { token } = await createSession(db.sql(), user.id, { remember }, policy, new Date(Date.now() - createdAgo));
  return { user, token, cookie: `porch_session=${token}` };
}

async function apiKey() {
  const owner = await makeUser(db.sql(), { permissions: ["admin"] });
  const key = await createApiKey(
    db.sql(),
    { userId: null, ip: null, userAgent: null },
    {
      userId: owner.id,
      description: "script",
      permissions: ["board-create"] as never,
      actAsOwner: false,
      expiresAt: new Date(Date.now() + DAY),
    },
  );
  return { owner, token: key.token };
}

const unreachable = () => createSql("postgres://porch@127.0.0.1:1/nowhere", { max: 1 });

describe("the request pipeline", () => {
  it("answers what the request gate refuses, with the security headers and a request id, and calls no route", async () => {
    const { pipeline, build } = pipelineWith({ page: { loader: () => Response.json("reached") } });
    const response = await pipeline(new Request("http://localhost/page%00"), PEER);
    expect(response.status).toBe(400);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(build.errors).toEqual([]);
  });

  it("answers 421 to a host it doesn't answer to, without looking the API key up", async () => {
    const { pipeline } = pipelineWith();
    const request = new Request("http://porch.evil.example/api/echo", { headers: { Authorization: "Bearer porch_nonsense" } });
    const response = await pipeline(request, PEER);
    expect(response.status).toBe(421);
    expect(await response.text()).toContain("Porch doesn't answer to the name porch.evil.example.");
    expect(await db.sql()`select 1 from audit_log where action = 'api-key.failed'`).toHaveLength(0);
  });

  it("refuses a bad API key with 401 and WWW-Authenticate, and leaves the request's session cookie alone", async () => {
    const { pipeline } = pipelineWith();
    const headers = { Authorization: "Bearer porch_nonsense", Cookie: "porch_session=forged.cookie" };
    const response = await pipeline(new Request("http://localhost/api/echo", { headers }), PEER);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await response.json()).toEqual({ error: "Malformed API key: expected porch_<id>_<secret>." });
  });

  it("answers 429 with Retry-After to an address throttled for API key failures", async () => {
    const { pipeline } = pipelineWith();
    const throttled = "192.0.2.44";
    await db.sql()`insert into auth_throttle (key, failures, window_start, locked_until)
                   values (${apiKeyIpKey(throttled)}, 20, now(), now() + interval '90 seconds')`;
    const response = await pipeline(new Request("http://localhost/api/echo", { headers: { Authorization: "Bearer porch_x" } }), throttled);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(85);
    expect(await response.json()).toEqual({ error: "Too many failed API key attempts from this address. Try again later." });
  });

  it("refuses a cross-origin POST carrying the session cookie with 403, naming Porch's address", async () => {
    const { pipeline } = pipelineWith();
    const response = await pipeline(
      new Request("http://localhost/echo", {
        method: "POST",
        headers: { Origin: "http://evil.example", Cookie: "porch_session=a.b", "Content-Type": "application/x-www-form-urlencoded" },
        body: "a=1",
      }),
      PEER,
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("Cross-origin request refused: Porch's address is http://localhost. Open it there and try again.\n");
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a cookie-carrying PUT under /api/ without Origin in JSON, saying nobody was identified (attack9)", async () => {
    const { pipeline } = pipelineWith();
    const response = await pipeline(
      new Request("http://localhost/api/echo", { method: "PUT", headers: { Cookie: "porch_session=a.b" } }),
      PEER,
    );
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-porch-actor")).toBe("none");
    expect(await response.json()).toEqual({
      error: "Cross-origin request refused: Porch's address is http://localhost. Open it there and try again.",
    });
  });

  it("answers JSON under /api/ whatever step or route refused in plain text, keeping status and headers (attack9)", async () => {
    const plain = (status: number, text: string, headers: Record<string, string> = {}) => ({
      loader: () => new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } }),
    });
    const { pipeline } = pipelineWith({
      "api/gone": plain(404, "Not Found"),
      "api/slow": plain(429, "Too many attempts. Try again later.", { "Retry-After": "30" }),
    });
    const gone = await pipeline(new Request("http://localhost/api/gone"), PEER);
    expect([gone.status, gone.headers.get("content-type"), gone.headers.get("x-porch-actor")]).toEqual([404, "application/json", "guest"]);
    expect(await gone.json()).toEqual({ error: "No such API endpoint: see /api/openapi.json." });
    const slow = await pipeline(new Request("http://localhost/api/slow"), PEER);
    expect([slow.status, slow.headers.get("retry-after"), slow.headers.get("content-type")]).toEqual([429, "30", "application/json"]);
    expect(await slow.json()).toEqual({ error: "Too many attempts. Try again later." });
    // Outside /api/ a page's refusal stays what it was.
    const { pipeline: pages } = pipelineWith({ gone: plain(404, "Not Found") });
    expect((await pages(new Request("http://localhost/gone"), PEER)).headers.get("content-type")).toContain("text/plain");
  });

  it("lets a good API key in from any origin: the key is the request's only credential", async () => {
    const { pipeline } = pipelineWith();
    const { owner, token } = await apiKey();
    const response = await pipeline(
      new Request("http://localhost/api/echo", {
        method: "POST",
        headers: { Origin: "http://evil.example", Authorization: `Bearer ${token}`, Cookie: "porch_session=forged.cookie" },
      }),
      PEER,
    );
    expect(response.status).toBe(200);
    const { context } = await response.json();
    expect(context.actor).toMatchObject({ kind: "api-key", user: { id: owner.id }, apiKey: { actAsOwner: false } });
    expect(context.actor).not.toHaveProperty("session");
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("hands the route the request at the trusted origin, and a context of actor, client, origin, request id and nonce", async () => {
    configure({ baseUrl: new URL("https://porch.example"), trustProxy: { kind: "hops", hops: 1, privatePeers: false } });
    const { pipeline } = pipelineWith();
    const request = new Request("http://10.0.0.5:3000/echo?x=1", { headers: { "X-Forwarded-For": "198.51.100.1", "User-Agent": "ua/1" } });
    const response = await pipeline(request, "10.0.0.1");
    const seen = await response.json();
    expect(seen.url).toBe("https://porch.example/echo?x=1");
    expect(seen.host).toBe("porch.example");
    expect(seen.context).toMatchObject({
      actor: { kind: "guest" },
      client: { ip: "198.51.100.1", userAgent: "ua/1" },
      origin: "https://porch.example",
      requestId: response.headers.get("x-request-id"),
    });
    expect(seen.context.cspNonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    // The route guard adds the route's own call (its id, method, and whether it asked authorize()); `notes`
    // carries what a route tells the later steps (empty unless it does).
    expect(Object.keys(seen.context).sort()).toEqual(["actor", "client", "cspNonce", "notes", "origin", "requestId", "route"]);
    expect(seen.context.notes).toEqual({});
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("sends a remembered session's cookie again when its expiry slid forward", async () => {
    const { pipeline } = pipelineWith();
    const { token, cookie, user } = await signedIn(true, 2 * HOUR);
    const response = await pipeline(new Request("http://localhost/echo", { headers: { Cookie: cookie } }), PEER);
    expect((await response.json()).context.actor).toMatchObject({ kind: "session", user: { id: user.id } });
    expect(response.headers.get("set-cookie")).toMatch(
      new RegExp(`^porch_session=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=.+ GMT$`),
    );
  });

  it("sends no cookie for a session used within the hour, or one that isn't remembered", async () => {
    const { pipeline } = pipelineWith();
    for (const { cookie } of [await signedIn(true), await signedIn(false, 2 * HOUR)]) {
      const response = await pipeline(new Request("http://localhost/echo", { headers: { Cookie: cookie } }), PEER);
      expect(response.status).toBe(200);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });

  it("clears a session cookie that names no live session, and nothing for a request without one", async () => {
    const { pipeline } = pipelineWith();
    const forged = await pipeline(new Request("http://localhost/echo", { headers: { Cookie: "porch_session=forged.cookie" } }), PEER);
    expect((await forged.json()).context.actor).toEqual({ kind: "guest" });
    expect(forged.headers.get("set-cookie")).toBe("porch_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    const bare = await pipeline(new Request("http://localhost/echo"), PEER);
    expect(bare.headers.get("set-cookie")).toBeNull();
  });

  it("leaves the session cookie to a route that sets its own", async () => {
    const { pipeline } = pipelineWith({
      "sign-in": { loader: () => new Response("in", { headers: { "Set-Cookie": "porch_session=fresh.one; Path=/; HttpOnly" } }) },
    });
    const response = await pipeline(new Request("http://localhost/sign-in", { headers: { Cookie: "porch_session=forged.cookie" } }), PEER);
    expect(response.headers.getSetCookie()).toEqual(["porch_session=fresh.one; Path=/; HttpOnly"]);
  });

  it("records a signed-in user's refusal (403, 404) in the audit log, and a guest's not at all", async () => {
    const { pipeline } = pipelineWith({ forbidden: { loader: () => new Response("no", { status: 403 }) } });
    const { user, cookie } = await signedIn();
    expect(
      (await pipeline(new Request("http://localhost/forbidden", { headers: { Cookie: cookie, "User-Agent": "ua/2" } }), PEER)).status,
    ).toBe(403);
    expect((await pipeline(new Request("http://localhost/missing", { headers: { Cookie: cookie } }), PEER)).status).toBe(404);
    expect((await pipeline(new Request("http://localhost/forbidden"), PEER)).status).toBe(403);
    const rows = await db.sql()`
      select actor_user_id, target_id, ip, user_agent, details from audit_log where action = 'access.denied' order by id`;
    expect(rows).toEqual([
      { actorUserId: user.id, targetId: "/forbidden", ip: PEER, userAgent: "ua/2", details: { status: 403, method: "GET" } },
      { actorUserId: user.id, targetId: "/missing", ip: PEER, userAgent: null, details: { status: 404, method: "GET" } },
    ]);
  });

  it("writes one access log line per request: time, request id, method, masked path, status, ms, user id", async () => {
    configure({ accessLog: true });
    const { pipeline } = pipelineWith();
    const { user, cookie } = await signedIn();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const reset = await pipeline(new Request("http://localhost/auth/reset/abcdefabcdef"), PEER);
    const page = await pipeline(new Request("http://localhost/echo", { headers: { Cookie: cookie } }), PEER);
    const lines = log.mock.calls.map(([line]) => JSON.parse(line as string));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual(["time", "requestId", "method", "path", "status", "ms", "userId"]);
    expect(lines[0]).toMatchObject({
      requestId: reset.headers.get("x-request-id"),
      method: "GET",
      path: "/auth/reset/[token]",
      status: 404,
    });
    expect(lines[0].userId).toBeNull();
    expect(typeof lines[0].ms).toBe("number");
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
    expect(lines[1]).toMatchObject({ requestId: page.headers.get("x-request-id"), path: "/echo", status: 200, userId: user.id });
    expect(reset.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("keeps the headers a route sets and adds the rest; a page's CSP carries the nonce its context had", async () => {
    let nonce = "";
    const { pipeline } = pipelineWith({
      cached: { loader: () => new Response("x", { headers: { "Cache-Control": "public, max-age=60", "X-Frame-Options": "SAMEORIGIN" } }) },
      page: {
        page: true,
        loader: ({ context }) => {
          nonce = context.cspNonce;
          return null;
        },
      },
    });
    const cached = await pipeline(new Request("http://localhost/cached"), PEER);
    expect(cached.headers.get("cache-control")).toBe("public, max-age=60");
    expect(cached.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(cached.headers.get("x-content-type-options")).toBe("nosniff");
    expect(cached.headers.get("strict-transport-security")).toBeNull();
    const page = await pipeline(new Request("http://localhost/page"), PEER);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(page.headers.get("cache-control")).toBe("no-store");
  });
});

describe("the pipeline without its database", () => {
  const lostConnection = () => Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });

  it("answers 503 when the database is unreachable before Remix runs: a page for people, JSON under /api", async () => {
    const { pipeline } = pipelineWith();
    const { cookie } = await signedIn();
    setSqlForTests(unreachable());
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const page = await pipeline(new Request("http://localhost/echo", { headers: { Cookie: cookie } }), PEER);
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("5");
    expect(page.headers.get("x-request-id")).toBeTruthy();
    expect(await page.text()).toContain("Porch can't reach its database");
    const api = await pipeline(new Request("http://localhost/api/echo", { headers: { Cookie: cookie } }), PEER);
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({ error: "database_unavailable" });
    const logged = errors.mock.calls.map(([line]) => JSON.parse(line as string));
    expect(logged[0]).toMatchObject({ level: "error", msg: "database unavailable", requestId: page.headers.get("x-request-id") });
  });

  it("answers 503 when a loader loses the database mid-request, for a page and for the API", async () => {
    const loseIt: FakeRoute = {
      loader: () => {
        setSqlForTests(unreachable());
        throw lostConnection();
      },
    };
    const { pipeline } = pipelineWith({ board: { ...loseIt, page: true }, "api/boards": loseIt });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const page = await pipeline(new Request("http://localhost/board"), PEER);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("Porch can't reach its database");
    setSqlForTests(db.sql());
    const api = await pipeline(new Request("http://localhost/api/boards"), PEER);
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({ error: "database_unavailable" });
  });

  it("keeps a loader's 500 a 500 while the database answers", async () => {
    const { pipeline } = pipelineWith({
      broken: {
        loader: () => {
          throw new Error("a bug");
        },
      },
    });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await pipeline(new Request("http://localhost/broken"), PEER);
    expect(response.status).toBe(500);
  });
});
