import { createApiKey } from "~/models/api-keys.server";
import { expect, test } from "./fixtures";

const stamp = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

test(
  "the boards JSON API: create, read, patch items and settings, delete; clear JSON errors",
  { tag: "@http" },
  async ({ page, login }) => {
    await login({ permissions: ["board-create"] });
    const origin = new URL(test.info().project.use.baseURL!).origin;
    const api = page.request;
    const headers = { Origin: origin, "Content-Type": "application/json" };
    const name = `api-${stamp()}`;

    const created = await api.post("/api/boards", { headers, data: { name, title: "From curl" } });
    expect(created.status()).toBe(201);
    expect(created.headers().location).toBe(`/api/boards/${name}`);
    expect(await created.json()).toEqual({ name, title: "From curl", isPublic: false, access: "full" });
    expect((await api.post("/api/boards", { headers, data: { name, title: "Again" } })).status()).toBe(409);

    const bad = await api.post("/api/boards", { headers, data: { name: "Bad Name!", title: "", extra: 1 } });
    expect(bad.status()).toBe(400);
    const problems = await bad.json();
    expect(problems.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["name", "title"]));
    expect(problems.error).toContain("name: Use letters, digits and single dashes");
    expect((await api.post("/api/boards", { headers, data: "{not json" })).status()).toBe(400);
    expect((await api.post("/api/boards", { headers: { Origin: origin, "Content-Type": "text/plain" }, data: "{}" })).status()).toBe(415);
    expect(
      (await api.post("/api/boards", { headers, data: { __proto__: { admin: true }, name: `p-${stamp()}`, title: "x" } })).status(),
    ).toBeLessThan(500);

    const patched = await api.patch(`/api/boards/${name}`, {
      headers,
      data: {
        title: "Renamed",
        isPublic: true,
        items: [
          { kind: "app", title: "NAS", url: "https://nas.lan" },
          { kind: "note", body: "hi" },
        ],
      },
    });
    expect(patched.status()).toBe(200);
    const board = await (await api.get(`/api/boards/${name}`)).json();
    expect(board).toMatchObject({ name, title: "Renamed", isPublic: true, access: "full" });
    expect(board.items.map((i: { kind: string }) => i.kind)).toEqual(["app", "note"]);
    expect(board.items[0]).toMatchObject({ title: "NAS", url: "https://nas.lan", iconUrl: null, newTab: false });

    // One bad item: nothing of the patch lands.
    const half = await api.patch(`/api/boards/${name}`, {
      headers,
      data: { title: "Half", items: [{ kind: "app", title: "x", url: "javascript:alert(1)" }] },
    });
    expect(half.status()).toBe(400);
    expect((await (await api.get(`/api/boards/${name}`)).json()).title).toBe("Renamed");

    const list = await (await api.get("/api/boards?limit=500")).json();
    expect(list).toContainEqual({ name, title: "Renamed", isPublic: true, access: "full" });
    expect((await api.fetch(`/api/boards/${name}`, { method: "PUT", headers, data: {} })).status()).toBe(405);
    expect((await api.delete(`/api/boards/${name}`, { headers: { Origin: origin } })).status()).toBe(204);
    const gone = await api.get(`/api/boards/${name}`);
    expect(gone.status()).toBe(404);
    expect(await gone.json()).toEqual({ error: "No such board." });
  },
);

test("GET /api/boards pages with a Link header", { tag: "@http" }, async ({ page, login, sql }) => {
  const me = await login();
  const prefix = `page-${stamp()}`;
  for (let i = 0; i < 5; i++) await sql`insert into boards (name, title, creator_id) values (${`${prefix}-${i}`}, 'P', ${me.id})`;
  const names: string[] = [];
  let url: string | null = "/api/boards?limit=2";
  while (url) {
    const res: import("@playwright/test").APIResponse = await page.request.get(url);
    names.push(...(await res.json()).map((b: { name: string }) => b.name));
    url = /<([^>]+)>; rel="next"/.exec(res.headers().link ?? "")?.[1] ?? null;
  }
  expect(names.filter((n) => n.startsWith(prefix))).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}-${i}`));
});

test(
  "refuses a JSON edit carrying an unpaired surrogate (which no audit row could hold) with 400, and changes nothing",
  { tag: "@http" },
  async ({ page, login, sql }) => {
    await login({ permissions: ["board-create"] });
    const origin = new URL(test.info().project.use.baseURL!).origin;
    const headers = { Origin: origin, "Content-Type": "application/json" };
    const name = `lone-${stamp()}`;
    expect((await page.request.post("/api/boards", { headers, data: { name, title: "Before" } })).status()).toBe(201);
    const [before] = await sql`select row_to_json(b)::text as row from boards b where name = ${name}`;
    for (const body of [
      `{"title":"ok\\ud800","isPublic":true}`,
      `{"title":"x","items":[{"kind":"note","body":"\\udfff hidden"}]}`,
      `{"\\ud800":1}`,
    ]) {
      const res = await page.request.patch(`/api/boards/${name}`, { headers, data: body });
      expect(res.status(), body).toBe(400);
      expect((await res.json()).error, body).toMatch(/Unicode/);
    }
    const [after] = await sql`select row_to_json(b)::text as row from boards b where name = ${name}`;
    expect(after.row).toBe(before.row);
  },
);

test(
  "every JSON answer says who answered (X-Porch-Actor): a forgotten key shows as guest, not as 'no boards'",
  { tag: "@http" },
  async ({ playwright, baseURL, login, page, sql }) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    const bare = await anonymous.get("/api/boards");
    expect(bare.headers()["x-porch-actor"]).toBe("guest");
    expect((await anonymous.get("/api/me")).headers()["x-porch-actor"]).toBe("guest"); // a 401 says it too
    // Refused before anyone is known (attack7): a key that isn't one, a body too large, a NUL: "none".
    const badKey = await anonymous.get("/api/boards", { headers: { Authorization: "Bearer porch_x" } });
    expect([badKey.status(), badKey.headers()["x-porch-actor"]]).toEqual([401, "none"]);
    const tooLarge = await anonymous.post("/api/boards", { headers: { "Content-Type": "application/json" }, data: "x".repeat(2_000_000) });
    expect([tooLarge.status(), tooLarge.headers()["x-porch-actor"]]).toEqual([413, "none"]);
    // An API path nobody serves answers in JSON too, not with the site's HTML page.
    const nope = await anonymous.get("/api/nope");
    expect([nope.status(), nope.headers()["content-type"], nope.headers()["x-porch-actor"]]).toEqual([404, "application/json", "guest"]);
    expect(await nope.json()).toEqual({ error: "No such API endpoint: see /api/openapi.json." });
    // The same under /api/auth/, which says who answered too (attack8).
    const authNope = await anonymous.get("/api/auth/nope");
    expect([authNope.status(), authNope.headers()["content-type"], authNope.headers()["x-porch-actor"]]).toEqual([
      404,
      "application/json",
      "guest",
    ]);
    expect((await anonymous.get("/api/auth/session")).headers()["x-porch-actor"]).toBe("guest");
    // A method a route doesn't take: 405 in JSON, not Remix's "Unexpected Server Error".
    for (const [method, path] of [
      ["PUT", "/api/health"],
      ["DELETE", "/api/me"],
      ["POST", "/api/openapi.json"],
      ["PATCH", "/api/docs"],
    ] as const) {
      const wrong = await anonymous.fetch(path, { method, headers: { Origin: new URL(baseURL!).origin } });
      expect([wrong.status(), wrong.headers()["content-type"]], `${method} ${path}`).toEqual([405, "application/json"]);
      expect(await wrong.json()).toEqual({ error: `This endpoint doesn't take ${method}: see /api/openapi.json.` });
    }
    await anonymous.dispose();

    const me = await login();
    expect((await page.request.get("/api/boards")).headers()["x-porch-actor"]).toBe("session");
    // A write carrying the session cookie but no Origin is refused as cross-origin: in JSON too (attack9).
    const noOrigin = await page.request.fetch("/api/me", { method: "PUT" });
    expect([noOrigin.status(), noOrigin.headers()["content-type"], noOrigin.headers()["x-porch-actor"]]).toEqual([
      403,
      "application/json",
      "none",
    ]);
    expect((await noOrigin.json()).error).toMatch(/^Cross-origin request refused/);
    const { token } = await createApiKey(
      sql,
      { userId: null, ip: null, userAgent: null },
      { userId: me.id, description: "actor header", permissions: [], actAsOwner: true, expiresAt: null },
    );
    const keyed = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    expect((await keyed.get("/api/boards")).headers()["x-porch-actor"]).toBe("api-key");
    await keyed.dispose();
    // Pages don't carry it: it is for scripts reading the API.
    expect((await page.request.get("/boards")).headers()["x-porch-actor"]).toBeUndefined();
  },
);

test(
  "a key that doesn't act as its owner is told the access it has to the board it made, not the creator's (attack11)",
  { tag: "@http" },
  async ({ login, sql, playwright, baseURL }) => {
    const owner = await login({ permissions: ["board-create"] });
    const system = { userId: null, ip: null, userAgent: null };
    const { token } = await createApiKey(sql, system, {
      userId: owner.id,
      description: "not me",
      permissions: ["board-create"],
      actAsOwner: false,
      expiresAt: null,
    });
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    for (const isPublic of [false, true]) {
      const name = `detached-${stamp()}`;
      const created = await api.post("/api/boards", { data: { name, title: "By a script", isPublic } });
      expect(created.status()).toBe(201);
      const said = (await created.json()).access;
      const read = await api.get(`/api/boards/${name}`);
      // What the answer says is what the key can then do: nothing on a private board, view on a public one.
      expect(said, `isPublic ${isPublic}`).toBe(isPublic ? "view" : null);
      expect(read.status()).toBe(isPublic ? 200 : 404);
    }
    await api.dispose();
  },
);
