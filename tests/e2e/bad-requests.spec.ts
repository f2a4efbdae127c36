import type { APIRequestContext } from "@playwright/test";
import http from "node:http";
import net from "node:net";
import type postgres from "postgres";
import { ROUTE_TABLE } from "~/routes.table";
import { expect, test } from "./fixtures";

// Junk that used to reach a route (and PostgreSQL) and answer 500: NUL bytes, bodies that aren't forms,
// bodies of any size, methods a page never takes, cookies that don't decode. The request gate
// (app/server/request-gate.server.ts) answers each with a 4xx and a sentence, before any route runs.

const ROUTES = Object.values(ROUTE_TABLE);
const FORM_ROUTES = ROUTES.filter((e) => !e.api && e.methods.includes("POST")).map((e) => e.path);
const JSON_ROUTES = ROUTES.filter((e) => e.api).flatMap((e) =>
  e.methods.filter((m) => m === "POST" || m === "PATCH").map((m) => [m, e.path] as const),
);
const TABLES = ["users", "groups", "boards", "board_items", "integrations", "invites", "api_keys", "audit_log", "password_resets"];

/** Rows anywhere that mention `stamp`: nothing of a refused request may be written. */
async function written(sql: postgres.Sql, stamp: string): Promise<string[]> {
  const found: string[] = [];
  for (const t of TABLES) {
    const [{ n }] = await sql`select count(*)::int as n from ${sql(t)} x where x::text like ${`%${stamp}%`}`;
    if (n) found.push(`${t}: ${n}`);
  }
  return found;
}

const withQuery = (path: string, query: string) => `${path}${path.includes("?") ? "&" : "?"}${query}`;

async function adminContext(login: (o: { permissions: string[] }) => Promise<unknown>, page: { request: APIRequestContext }) {
  await login({ permissions: ["admin"] });
  return page.request;
}

test(
  "refuses NUL bytes in paths, queries, forms and JSON with a 400 and a message, and writes nothing",
  { tag: "@http" },
  async ({ page, login, request, sql, baseURL }) => {
    test.setTimeout(90_000);
    const stamp = `nul${Date.now().toString(36)}`;
    const admin = await adminContext(login, page);
    const origin = new URL(baseURL!).origin;
    const failures: string[] = [];
    const check = async (what: string, res: Awaited<ReturnType<APIRequestContext["get"]>>, json: boolean) => {
      const text = await res.text();
      if (res.status() !== 400) failures.push(`${what}: ${res.status()}`);
      else if (!/NUL/.test(json ? String(JSON.parse(text).error) : text)) failures.push(`${what}: no message (${text.slice(0, 80)})`);
    };
    // The reported ones first.
    await check("GET /api/boards?after=%00", await admin.get("/api/boards?after=%00"), true);
    await check(
      "sign-in with a NUL in the username",
      await request.post("/auth/login", {
        headers: { Origin: origin },
        form: { username: `ad\u0000${stamp}`, password: "whatever-password" },
        maxRedirects: 0,
      }),
      false,
    );
    for (const who of [request, admin]) {
      for (const e of ROUTES.filter((r) => r.methods.includes("GET"))) {
        await check(`GET ${e.path}?q=%00`, await who.get(withQuery(e.path, `q=${stamp}%00`), { maxRedirects: 0 }), !!e.api);
      }
      await check(
        "a NUL in the path",
        await who.post(`/boards/${stamp}%00x`, { headers: { Origin: origin }, form: { intent: "add-note" }, maxRedirects: 0 }),
        false,
      );
      for (const path of FORM_ROUTES) {
        const form = {
          intent: "create",
          username: `u${stamp}\u0000`,
          name: `n${stamp}\u0000`,
          title: `t${stamp}`,
          [`k${stamp}\u0000`]: "v",
        };
        await check(`POST ${path} (form)`, await who.post(path, { headers: { Origin: origin }, form, maxRedirects: 0 }), false);
        const multipart = { intent: "create", title: `t${stamp}\u0000` };
        await check(`POST ${path} (multipart)`, await who.post(path, { headers: { Origin: origin }, multipart, maxRedirects: 0 }), false);
      }
      for (const [method, path] of JSON_ROUTES) {
        const data = JSON.stringify({ name: `j${stamp}`, title: `j${stamp}\u0000`, items: [{ type: "note", body: "\u0000" }] });
        await check(
          `${method} ${path} (JSON)`,
          await who.fetch(path, { method, headers: { Origin: origin, "Content-Type": "application/json" }, data, maxRedirects: 0 }),
          true,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(await written(sql, stamp)).toEqual([]);
  },
);

test(
  "refuses a form action whose body isn't a form: 415 with a message, and writes nothing",
  { tag: "@http" },
  async ({ page, login, request, sql, baseURL }) => {
    test.setTimeout(60_000);
    const stamp = `ct${Date.now().toString(36)}`;
    const admin = await adminContext(login, page);
    const origin = new URL(baseURL!).origin;
    const failures: string[] = [];
    const bodies: Array<[string, string]> = [
      ["text/plain", `username=${stamp}&password=x`],
      ["application/json", JSON.stringify({ username: stamp, name: stamp, title: stamp })],
      ["multipart/form-data", `username=${stamp}`],
      ["application/xml", `<u>${stamp}</u>`],
      ["", `username=${stamp}`],
    ];
    for (const who of [request, admin]) {
      for (const path of FORM_ROUTES) {
        for (const [type, data] of bodies) {
          const res = await who.post(path, { headers: { Origin: origin, "Content-Type": type }, data: Buffer.from(data), maxRedirects: 0 });
          const text = await res.text();
          if (res.status() !== 415) failures.push(`POST ${path} as ${type || "no type"}: ${res.status()}`);
          else if (!text.includes("application/x-www-form-urlencoded")) failures.push(`POST ${path} as ${type}: no message`);
        }
        // Labelled multipart, but not multipart inside.
        const broken = await who.post(path, {
          headers: { Origin: origin, "Content-Type": "multipart/form-data; boundary=zz" },
          data: Buffer.from(`junk ${stamp}`),
          maxRedirects: 0,
        });
        if (broken.status() !== 400) failures.push(`POST ${path} with a broken multipart body: ${broken.status()}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await written(sql, stamp)).toEqual([]);
    // A real multipart form still works.
    const multipart = await request.post("/auth/login", {
      headers: { Origin: origin },
      multipart: { username: `nobody-${stamp}`, password: "wrong-password-here" },
      maxRedirects: 0,
    });
    expect(multipart.status()).toBe(400);
    expect(await multipart.text()).toContain("Invalid username or password");
  },
);

test(
  "refuses methods a page never takes (PUT, PATCH, DELETE) with 405, never a 5xx",
  { tag: "@http" },
  async ({ page, login, request, baseURL }) => {
    const admin = await adminContext(login, page);
    const origin = new URL(baseURL!).origin;
    const failures: string[] = [];
    for (const who of [request, admin]) {
      for (const e of ROUTES.filter((r) => !r.api)) {
        for (const method of ["PUT", "PATCH", "DELETE"]) {
          const res = await who.fetch(e.path, { method, headers: { Origin: origin }, maxRedirects: 0 });
          if (res.status() !== 405) failures.push(`${method} ${e.path}: ${res.status()}`);
        }
      }
    }
    expect(failures).toEqual([]);
  },
);

/** One request with its method exactly as written (Node's client upper-cases it); resolves with the status line's code. */
function rawMethod(baseURL: string, method: string, path: string): Promise<number | null> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname, () => {
      socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`);
    });
    let head = "";
    socket.on("data", (chunk) => (head += chunk.toString("latin1")));
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]) || null));
    socket.on("error", () => resolve(null));
  });
}

test(
  "refuses methods no route takes (TRACE, TRACK, lower-case get) with a 4xx on every route, never a 5xx",
  { tag: "@http" },
  async ({ baseURL }) => {
    const answers: string[] = [];
    for (const path of ["/api/health", "/api/boards", "/api/users", "/api/openapi.json", "/auth/login", "/"]) {
      for (const method of ["TRACE", "TRACK", "get", "head", "Post", "PROPFIND"]) {
        const status = await rawMethod(baseURL!, method, path);
        if (status === null || status >= 500) answers.push(`${method} ${path}: ${status}`);
      }
    }
    expect(answers).toEqual([]);
    expect(await rawMethod(baseURL!, "GET", "/api/health")).toBe(200);
  },
);

test(
  "refuses numbers and times PostgreSQL can't hold (pages, cursors, dates) with a 4xx or by ignoring them, never a 5xx",
  { tag: "@http" },
  async ({ page, login, request }) => {
    const admin = await adminContext(login, page);
    const huge = "99999999999999999999";
    const urls = [
      `/boards?page=${huge}`,
      `/boards?q=x&page=${huge}`,
      `/manage/integrations?page=${huge}`,
      `/manage/users?page=${huge}`,
      `/api/users?page=${huge}`,
      `/api/boards?limit=${huge}`,
      "/boards?page=1e400",
      "/manage/tools/logs?from=0000-01-01T00:00",
      "/manage/tools/logs?to=0000-01-01T00:00",
      "/manage/tools/logs?from=275760-09-13T00:00",
      "/manage/tools/logs?to=9999-12-31T23:59",
      "/manage/tools/logs.csv?to=9999-12-31T23:59",
      "/manage/tools/logs?cursor=2026-13-45T99:99:99Z_1",
      `/manage/tools/logs?cursor=2026-11-27T22:16:22.165Z_${huge}`,
      "/manage/tools/logs.csv?from=0000-01-01T00:00",
      `/manage/tools/logs.csv?cursor=2026-11-27T22:16:22.165Z_${huge}`,
    ];
    const failures: string[] = [];
    for (const url of urls) {
      for (const [who, ctx] of [
        ["anonymous", request],
        ["admin", admin],
      ] as const) {
        const res = await ctx.get(url, { maxRedirects: 0 });
        const body = await res.text().catch(() => "(the answer broke off)");
        if (res.status() >= 500 || body === "(the answer broke off)") failures.push(`${who} ${url}: ${res.status()}`);
      }
    }
    expect(failures).toEqual([]);
  },
);

test("answers deeply nested JSON (100 000 levels) without a 5xx", { tag: "@http" }, async ({ page, login, baseURL }) => {
  const admin = await adminContext(login, page);
  const origin = new URL(baseURL!).origin;
  const depth = 100_000;
  for (const [method, path] of JSON_ROUTES) {
    const res = await admin.fetch(path, {
      method,
      headers: { Origin: origin, "Content-Type": "application/json" },
      data: "[".repeat(depth) + "]".repeat(depth),
    });
    expect(res.status(), `${method} ${path}`).toBeLessThan(500);
  }
});

test(
  "refuses a JSON body that isn't an object ([], a string, a number, null) on every JSON endpoint, with a 400",
  { tag: "@http" },
  async ({ page, login, baseURL }) => {
    const admin = await adminContext(login, page);
    const origin = new URL(baseURL!).origin;
    const failures: string[] = [];
    for (const [method, path] of JSON_ROUTES) {
      for (const data of ["[]", '["name"]', '"text"', "42", "null", "true"]) {
        const res = await admin.fetch(path, { method, headers: { Origin: origin, "Content-Type": "application/json" }, data });
        const body = await res.text();
        // A route may refuse sooner (404 for a placeholder id, 405): never may it take the body as {}.
        if (res.status() < 400 || res.status() >= 500) failures.push(`${method} ${path} ${data}: ${res.status()} ${body.slice(0, 80)}`);
        else if (res.status() === 400 && !body.includes("JSON object")) failures.push(`${method} ${path} ${data}: ${body.slice(0, 80)}`);
      }
    }
    expect(failures).toEqual([]);
  },
);

/** One request with a raw Host header; resolves with the status, or null when the connection died. */
function withHost(baseURL: string, host: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.request(`${baseURL}/auth/login`, { headers: { Host: host } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? null));
    });
    req.on("error", () => resolve(null));
    req.end();
  });
}

test("refuses a malformed Host header with a 400, and the server keeps running", { tag: "@http" }, async ({ request, baseURL }) => {
  const statuses: Record<string, number | null> = {};
  for (const host of ["a%00b", "localhost:99999", "[zz]", "a b", "exa mple.com:80"]) statuses[host] = await withHost(baseURL!, host);
  expect(statuses).toEqual({ "a%00b": 400, "localhost:99999": 400, "[zz]": 400, "a b": 400, "exa mple.com:80": 400 });
  expect((await request.get("/api/health")).status()).toBe(200);
});

test(
  "answers a same-origin form whatever Host and X-Forwarded-Host say (a proxy rewriting Host), and refuses a foreign Origin",
  { tag: "@http" },
  async ({ request, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const post = (headers: Record<string, string>) =>
      request.post("/auth/login", { headers, form: { username: "nobody-here", password: "wrong-password-here" }, maxRedirects: 0 });
    // nginx's default sends the upstream address as Host; anything may come as X-Forwarded-Host.
    const variants: Array<Record<string, string>> = [
      { Host: "127.0.0.1:3000" },
      { "X-Forwarded-Host": "attacker.test" },
      { Host: "internal", "X-Forwarded-Host": "x, y" },
    ];
    for (const headers of variants) {
      const res = await post({ Origin: origin, ...headers });
      expect(res.status(), JSON.stringify(headers)).toBe(400);
      expect(await res.text()).toContain("Invalid username or password");
    }
    expect((await post({ Origin: "http://attacker.test", Host: "attacker.test" })).status()).toBe(403);
  },
);

/**
 * Sends `total` bytes in chunks without a Content-Length; resolves with the status once the server answers.
 * Paced at about 100 MB/s (a pause after each MB) so "how much was sent before the answer" measures the server's
 * decision, not how fast a loaded machine schedules the client against it.
 */
function chunkedPost(url: string, total: number, headers: Record<string, string>): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, { method: "POST", headers: { ...headers, "Transfer-Encoding": "chunked" } }, (res) => {
      answered = true;
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body, sent }));
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        const more = req.write(chunk);
        if (sent % (1024 * 1024) === 0) return void setTimeout(pump, 10);
        if (!more) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

test(
  "refuses a body over the limit with 413 before reading it, with or without a Content-Length",
  { tag: "@http" },
  async ({ page, login, request, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const big = await request.post("/auth/login", {
      headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      data: Buffer.alloc(20 * 1024 * 1024, "a"),
      maxRedirects: 0,
    });
    expect(big.status()).toBe(413);
    expect(await big.text()).toContain("too large");
    const chunked = await chunkedPost(`${baseURL}/auth/login`, 200 * 1024 * 1024, {
      Origin: origin,
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(chunked.status).toBe(413);
    expect(chunked.sent).toBeLessThan(50 * 1024 * 1024);
    const admin = await adminContext(login, page);
    const json = await admin.post("/api/boards", {
      headers: { Origin: origin, "Content-Type": "application/json" },
      data: JSON.stringify({ name: "x", title: "y".repeat(1024 * 1024) }),
    });
    expect(json.status()).toBe(413);
    expect((await json.json()).error).toContain("too large");
  },
);

test("refuses cookies that don't decode or carry a NUL without a 5xx, on every route", { tag: "@http" }, async ({ request }) => {
  const junk = ["%E0%A4%A", "%00", "a%00b.c%00d", "%", "\u00ff"].map(
    (v, i) => `porch_session=${v}; porch_2fa=${v}; porch_oidc=${v}; porch_oidc_${i}=${v}; porch_signin_return=${v}`,
  );
  const failures: string[] = [];
  for (const e of ROUTES.filter((r) => r.methods.includes("GET"))) {
    for (const cookie of junk) {
      const res = await request.get(withQuery(e.path, "state=s&code=c"), { headers: { Cookie: cookie }, maxRedirects: 0 });
      if (res.status() >= 500) failures.push(`${e.path} with ${cookie.slice(0, 40)}: ${res.status()}`);
    }
  }
  expect(failures).toEqual([]);
});

test("refuses the old ?_data protocol on every route with a 400, never Remix's error answer", { tag: "@http" }, async ({ request }) => {
  const failures: string[] = [];
  for (const e of ROUTES.filter((r) => r.methods.includes("GET"))) {
    const res = await request.get(withQuery(e.path, "_data=routes%2F_index"), { maxRedirects: 0 });
    if (res.status() !== 400 || res.headers()["x-remix-error"])
      failures.push(`${e.path}: ${res.status()} ${res.headers()["x-remix-error"] ?? ""}`);
  }
  expect(failures).toEqual([]);
});
