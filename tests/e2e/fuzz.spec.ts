import fc from "fast-check";
import { ROUTE_TABLE } from "~/routes.table";
import { expect, test } from "./fixtures";

// Every form action, fed generated junk: wrong types, huge and odd unicode strings, missing and repeated
// fields, prototype keys. Never a 5xx, never a stack trace. FUZZ_RUNS raises the count (default small).
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const FIELDS = [
  "intent",
  "username",
  "password",
  "confirmPassword",
  "email",
  "displayName",
  "avatarUrl",
  "status",
  "groups",
  "permissions",
  "name",
  "description",
  "userId",
  "id",
  "days",
  "code",
  "login",
  "sessionId",
  "required",
  "remember",
  "redirectTo",
  "title",
  "url",
  "iconUrl",
  "newTab",
  "body",
  "itemId",
  "isPublic",
  "level",
  "groupId",
  "boardId",
  "guestAccess",
  "defaultBoardId",
  "move",
  "integrationId",
  "field",
  "secret.apiKey",
  "secret.token",
  "clear.token",
  "secret.__proto__",
  "keyId",
  "expiresOn",
  "never",
  "actAsOwner",
  "provider",
  "directoryGroup",
  "__proto__",
  "constructor",
];
const INTENTS = [
  "profile",
  "status",
  "groups",
  "permissions",
  "password",
  "delete",
  "rename",
  "add-member",
  "remove-member",
  "create",
  "reset-link",
  "unlock",
  "end-sessions",
  "reset-2fa",
  "require-2fa",
  "begin",
  "confirm",
  "regenerate",
  "disable",
  "revoke",
  "revoke-others",
  "test",
  "find",
  "sync",
  "map-directory-group",
  "unmap-directory-group",
  "general",
  "add-app",
  "add-note",
  "edit-app",
  "edit-note",
  "move-up",
  "move-down",
  "remove",
  "grant-user",
  "grant-group",
  "revoke-user",
  "revoke-group",
  "home-board",
  "add-widget",
  "edit-widget",
  "recheck",
  "save",
  "verify-email",
];

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "0",
    "-1",
    "NaN",
    "null",
    "true",
    "[]",
    "{}",
    "%00",
    "\u0000",
    "a\u0000b",
    "' or 1=1 --",
    "<script>",
    "../../etc/passwd",
    "00000000-0000-0000-0000-000000000000",
  ),
  fc.integer().map(String),
  fc.constant("x".repeat(20_000)),
);
const entries = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 10 })), value), { maxLength: 12 });
const body = fc.tuple(fc.constantFrom(...INTENTS), entries).map(([intent, rest]) => {
  const form = new URLSearchParams();
  form.append("intent", intent);
  for (const [k, v] of rest) form.append(k, v);
  return form.toString();
});

test(
  "form actions answer junk without a 5xx or a stack trace, signed in as admin or not",
  { tag: "@http" },
  async ({ page, login, playwright, baseURL, sql }) => {
    test.setTimeout(120_000);
    const [someUser] = await sql`insert into users (username) values (${`fuzzed_${Date.now().toString(36)}`}) returning id`;
    const [someGroup] = await sql`insert into groups (name) values (${`fuzzed_${Date.now().toString(36)}`}) returning id`;
    const board = `fuzzed-${Date.now().toString(36)}`;
    await sql`insert into boards (name, title, is_public) values (${board}, 'Fuzzed', true)`;
    const [integration] =
      await sql`insert into integrations (name, kind, url) values (${board}, 'http-status', 'http://127.0.0.1:9/') returning id`;
    await login({ permissions: ["admin"] });
    const admin = page.request;
    const anonymous = await playwright.request.newContext({ baseURL });
    const origin = new URL(baseURL!).origin;
    const targets = Object.values(ROUTE_TABLE)
      .filter((e) => e.methods.includes("POST"))
      .map((e) => {
        const id = e.path.includes("groups") ? someGroup.id : e.path.includes("integrations") ? integration.id : someUser.id;
        return e.path.replace("00000000-0000-0000-0000-000000000000", id).replace("no-such-board", board);
      });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, fc.boolean(), async (path, form, admin0) => {
        // Server settings are shared by the tests running alongside (guest access): junk from an admin
        // could switch guests off under them, so only refused (anonymous) junk goes there.
        const asAdmin = admin0 && path !== "/manage/settings";
        const res = await (asAdmin ? admin : anonymous).post(path, {
          headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
          data: form,
          maxRedirects: 0,
        });
        const text = await res.text();
        expect(res.status(), `${path} ${form.slice(0, 200)}`).toBeLessThan(500);
        expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }),
      { numRuns: RUNS * targets.length, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    await anonymous.dispose();
  },
);

// Every JSON endpoint that takes a body, fed generated JSON: wrong types, odd keys, `__proto__`.
const jsonBody = fc
  .oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(
      fc.constantFrom(
        "name",
        "title",
        "isPublic",
        "items",
        "kind",
        "url",
        "secrets",
        "username",
        "password",
        "permissions",
        "groupIds",
        "status",
        "addMembers",
        "removeMembers",
        "description",
        "__proto__",
        "constructor",
        "integrationId",
        "options",
      ),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), value),
      { maxKeys: 6 },
    ),
  )
  .map((v) => JSON.stringify(v));

test("JSON endpoints answer junk without a 5xx or a stack trace", { tag: "@http" }, async ({ page, login, playwright, baseURL, sql }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const [someUser] = await sql`insert into users (username) values (${`jfuzz_${stamp}`}) returning id`;
  const [someGroup] = await sql`insert into groups (name) values (${`jfuzz_${stamp}`}) returning id`;
  const board = `jfuzz-${stamp}`;
  await sql`insert into boards (name, title) values (${board}, 'Fuzzed')`;
  const [integration] =
    await sql`insert into integrations (name, kind, url) values (${board}, 'http-status', 'http://127.0.0.1:9/') returning id`;
  await login({ permissions: ["admin"] });
  const anonymous = await playwright.request.newContext({ baseURL });
  const origin = new URL(baseURL!).origin;
  const targets = Object.entries(ROUTE_TABLE)
    .filter(([, e]) => e.api)
    .flatMap(([, e]) => e.methods.filter((m) => m === "POST" || m === "PATCH").map((m) => [m, e.path] as const))
    .map(([m, path]) => {
      const id = path.includes("groups") ? someGroup.id : path.includes("integrations") ? integration.id : someUser.id;
      return [m, path.replace("00000000-0000-0000-0000-000000000000", id).replace("no-such-board", board)] as const;
    });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...targets), jsonBody, fc.boolean(), async ([method, path], data, asAdmin) => {
      const res = await (asAdmin ? page.request : anonymous).fetch(path, {
        method,
        headers: { Origin: origin, "Content-Type": "application/json" },
        data,
        maxRedirects: 0,
      });
      const text = await res.text();
      expect(res.status(), `${method} ${path} ${data.slice(0, 200)}`).toBeLessThan(500);
      expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }),
    { numRuns: RUNS * targets.length, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
  );
  await anonymous.dispose();
});

// Every page and endpoint that answers GET, fed generated query strings: NUL bytes, broken
// percent-encoding, odd unicode, huge values. Never a 5xx, never a stack trace.
const rawQuery = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom("after", "limit", "q", "page", "redirectTo", "error", "message", "action", "actor", "before", "id"),
        fc.string({ maxLength: 8 }),
      ),
      fc.oneof(value, fc.constantFrom("%", "%zz", "%E0%A4%A", "%00", "%C0%80", "%FF")),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${/^%/.test(v) ? v : encodeURIComponent(v)}`).join("&"));

test(
  "GET routes answer junk query strings without a 5xx or a stack trace, signed in as admin or not",
  { tag: "@http" },
  async ({ page, login, playwright, baseURL }) => {
    test.setTimeout(120_000);
    await login({ permissions: ["admin"] });
    const anonymous = await playwright.request.newContext({ baseURL });
    const paths = Object.values(ROUTE_TABLE)
      .filter((e) => e.methods.includes("GET"))
      .map((e) => e.path);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), rawQuery, fc.boolean(), async (path, query, asAdmin) => {
        const url = `${path}${path.includes("?") ? "&" : "?"}${query}`;
        const res = await (asAdmin ? page.request : anonymous).get(url, { maxRedirects: 0 });
        const text = await res.text();
        expect(res.status(), url).toBeLessThan(500);
        expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }),
      { numRuns: RUNS * paths.length, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    await anonymous.dispose();
  },
);
