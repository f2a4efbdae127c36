import { writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { freePort } from "../../scripts/lib/embedded-db.mjs";
import { expect, test } from "./fixtures";
import { ownDatabase, raw, runNginx, startPorch } from "./own-server";
import type { Running } from "./process";

// Trusted-header sign-in (issue #20 part 2, ADR 034): Porch behind an identity-aware proxy. Here the proxy
// is Debian's nginx doing HTTP basic auth and naming the person in Remote-User, as Authelia, authentik or
// oauth2-proxy do after their own sign-in. nginx talks to Porch from 127.0.0.2, the one trusted address;
// a client reaching Porch's port itself comes from 127.0.0.1.

test.describe.configure({ mode: "serial" });

let db: postgres.Sql;
let porch: Running & { port: number };
let proxyPort: number;
let stopNginx: () => Promise<void>;
let mediaGroup: string;

const LONG = "l".repeat(70);
const basic = (user: string) => `Basic ${Buffer.from(`${user}:${user}-pw`).toString("base64")}`;
const cookieOf = (setCookie: string | string[] | undefined) =>
  [setCookie ?? []]
    .flat()
    .find((c) => c.startsWith("porch_session="))!
    .split(";")[0];
/** Through the proxy, signed in there as `user`; `groups` is what the proxy says of them (the test's stand-in for its directory). */
const viaProxy = (
  user: string,
  options: { path?: string; method?: string; cookie?: string; groups?: string; headers?: Record<string, string> } = {},
) =>
  raw(proxyPort, {
    method: options.method,
    path: options.path ?? "/api/me",
    headers: {
      Host: `127.0.0.1:${proxyPort}`,
      Authorization: basic(user),
      "X-Test-Groups": options.groups ?? "",
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...options.headers,
    },
  });

test.beforeAll(async ({}, testInfo) => {
  test.setTimeout(120_000);
  const url = await ownDatabase(testInfo, "porch_proxy_sign_in");
  db = postgres(url, { max: 2, onnotice: () => {} });
  porch = await startPorch(testInfo, {
    DATABASE_URL: url,
    AUTH_PROVIDERS: "credentials,proxy",
    AUTH_PROXY_TRUSTED_NETWORKS: "127.0.0.2",
    // Read only when named (the proxy below sets both on every request).
    AUTH_PROXY_HEADER_EMAIL: "Remote-Email",
    AUTH_PROXY_HEADER_GROUPS: "Remote-Groups",
  });
  await db`insert into server_settings (key, value) values ('onboarded_at', to_jsonb(now())) on conflict do nothing`;
  const [group] = await db`insert into groups (name) values ('media') returning id`;
  mediaGroup = group.id;
  await db`insert into group_directory_mappings (group_id, provider, directory_group) values (${mediaGroup}, 'proxy', 'media')`;
  await db`insert into users (username) values ('dave')`;

  proxyPort = await freePort();
  const nginx = await runNginx([proxyPort], (dir) => {
    writeFileSync(path.join(dir, "htpasswd"), ["alice", "bob", "dave", "erin", LONG].map((u) => `${u}:{PLAIN}${u}-pw`).join("\n") + "\n");
    return `
      map $remote_user $porch_email { alice "alice@example.test"; default ""; }
      server {
        listen 127.0.0.1:${proxyPort};
        location / {
          auth_basic "Porch";
          auth_basic_user_file ${dir}/htpasswd;
          proxy_pass http://127.0.0.1:${porch.port};
          proxy_bind 127.0.0.2;
          proxy_set_header Host $http_host;
          # Whatever the client sent, the proxy names the person it signed in.
          proxy_set_header Remote-User $remote_user;
          proxy_set_header Remote-Email $porch_email;
          proxy_set_header Remote-Groups $http_x_test_groups;
        }
      }`;
  });
  stopNginx = nginx.stop;
});

test.afterAll(async () => {
  await stopNginx?.();
  porch?.child.kill("SIGTERM");
  await porch?.exited;
  await db?.end();
});

test("the person the proxy names is signed in on first sight, made an account, and given the mapped groups", { tag: "@http" }, async () => {
  const first = await viaProxy("alice", { path: "/boards?x=1", groups: "media,unmapped" });
  expect(first.status).toBe(303);
  expect(first.headers.location).toBe("/boards?x=1");
  const cookie = cookieOf(first.headers["set-cookie"]);
  const me = await viaProxy("alice", { cookie, groups: "media,unmapped" });
  expect(me.status).toBe(200);
  expect(JSON.parse(me.body).user).toMatchObject({ username: "alice", email: "alice@example.test" });
  const [account] = await db`select provider, external_id from users where username = 'alice'`;
  expect(account).toEqual({ provider: "proxy", external_id: "alice" });
  const members =
    await db`select source from group_members where group_id = ${mediaGroup} and user_id = (select id from users where username = 'alice')`;
  expect(members).toEqual([{ source: "proxy" }]);
  const [signIn] =
    await db`select details from audit_log where action = 'auth.sign-in' and actor_user_id = (select id from users where username = 'alice')`;
  expect(signIn.details).toMatchObject({ provider: "proxy" });
});

test("a change of groups at the proxy applies on the very next request", { tag: "@http" }, async () => {
  const cookie = cookieOf((await viaProxy("alice", { groups: "media" })).headers["set-cookie"]);
  expect((await viaProxy("alice", { cookie, groups: "media" })).status).toBe(200);
  const memberOfMedia = async () =>
    (await db`select 1 from group_members where group_id = ${mediaGroup} and user_id = (select id from users where username = 'alice')`)
      .length;
  expect(await memberOfMedia()).toBe(1);
  expect((await viaProxy("alice", { cookie, groups: "" })).status).toBe(200);
  expect(await memberOfMedia()).toBe(0);
  expect((await viaProxy("alice", { cookie, groups: "media" })).status).toBe(200);
  expect(await memberOfMedia()).toBe(1);
});

test("another person at the proxy replaces the session; a write never signs anyone in", { tag: "@http" }, async () => {
  const alice = cookieOf((await viaProxy("alice")).headers["set-cookie"]);
  const sessionsOfAlice = async () =>
    (await db`select 1 from sessions where user_id = (select id from users where username = 'alice')`).length;
  const before = await sessionsOfAlice();
  const switched = await viaProxy("bob", { cookie: alice });
  expect(switched.status).toBe(303);
  const bob = cookieOf(switched.headers["set-cookie"]);
  expect(JSON.parse((await viaProxy("bob", { cookie: bob })).body).user.username).toBe("bob");
  // The browser's session (Alice's) ended with the switch: her cookie is worth nothing now.
  expect(await sessionsOfAlice()).toBe(before - 1);
  expect(
    (await raw(proxyPort, { path: "/api/me", headers: { Host: `127.0.0.1:${proxyPort}`, Authorization: basic("alice"), Cookie: alice } }))
      .status,
  ).toBe(303);
  const post = await viaProxy("alice", {
    method: "POST",
    path: "/settings",
    cookie: bob,
    headers: { Origin: `http://127.0.0.1:${proxyPort}`, "Content-Type": "application/x-www-form-urlencoded" },
  });
  expect(post.status).toBe(401);
  expect(post.body).toContain("reload the page");
});

test("identity headers from anywhere but the proxy sign nobody in, and are audited", { tag: "@http" }, async () => {
  const direct = await raw(porch.port, { path: "/api/me", headers: { "Remote-User": "alice", "Remote-Groups": "admins" } });
  expect(direct.status).toBe(401);
  const page = await raw(porch.port, { path: "/boards", headers: { "Remote-User": "alice" } });
  // A guest's page (guests may list public boards): nobody signed in, no cookie set.
  expect(page.status).toBe(200);
  expect(page.body).not.toContain("Sign out");
  expect(page.headers["set-cookie"]).toBeUndefined();
  const rows = await db`select ip, details from audit_log where action = 'auth.proxy-header-ignored'`;
  expect(rows).toHaveLength(1); // once per address an hour
  expect(rows[0]).toMatchObject({ ip: "127.0.0.1", details: { header: "Remote-User" } });
  // Sent through the proxy, the client's own Remote-User is overwritten by the name the proxy signed in.
  const spoof = await viaProxy("bob", { headers: { "Remote-User": "alice" } });
  const cookie = cookieOf(spoof.headers["set-cookie"]);
  expect(JSON.parse((await viaProxy("bob", { cookie })).body).user.username).toBe("bob");
});

test("a name that belongs to a password account here is refused, saying why", { tag: "@http" }, async () => {
  const refused = await viaProxy("dave", { path: "/boards" });
  expect(refused.status).toBe(403);
  expect(refused.body).toContain('"dave", but that name belongs to another account here');
  expect((await db`select provider from users where username = 'dave'`)[0].provider).toBe("credentials");
});

test(
  "attack15: the way back after a first sign-in stays on Porch, a name Porch can't use is refused, never a 500",
  { tag: "@http" },
  async () => {
    for (const path of ["//evil.example/", "/\\evil.example/", "/.//evil.example/"]) {
      const first = await viaProxy("bob", { path });
      expect([first.status, first.headers.location], path).toEqual([303, "/"]);
    }
    const long = await viaProxy(LONG, { path: "/boards" });
    expect(long.status).toBe(403);
    expect(long.body).toContain("isn't one Porch can use");
    // Two first requests at once make one account, both signed in.
    const both = await Promise.all([viaProxy("erin", { path: "/boards" }), viaProxy("erin", { path: "/boards" })]);
    expect(both.map((a) => a.status)).toEqual([303, 303]);
    expect(await db`select 1 from users where external_id = 'erin'`).toHaveLength(1);
  },
);

test(
  "attack15: a proxy account in a group that requires two-factor can set it up without a password it never had",
  { tag: "@http" },
  async () => {
    await db`update groups set require_2fa = true where id = ${mediaGroup}`;
    try {
      const cookie = cookieOf((await viaProxy("alice", { groups: "media" })).headers["set-cookie"]);
      expect((await viaProxy("alice", { cookie, groups: "media", path: "/boards" })).headers.location).toBe(
        "/settings/security?required=1",
      );
      const page = await viaProxy("alice", { cookie, groups: "media", path: "/settings/security" });
      expect(page.body).not.toContain("Your password");
      const begin = await raw(proxyPort, {
        path: "/settings/security",
        headers: {
          Host: `127.0.0.1:${proxyPort}`,
          Authorization: basic("alice"),
          "X-Test-Groups": "media",
          Cookie: cookie,
          Origin: `http://127.0.0.1:${proxyPort}`,
        },
        form: { intent: "begin" },
      });
      expect([begin.status, begin.headers.location]).toEqual([302, "/settings/security"]);
      expect(await db`select 1 from user_totp where user_id = (select id from users where username = 'alice')`).toHaveLength(1);
    } finally {
      await db`update groups set require_2fa = false where id = ${mediaGroup}`;
    }
  },
);
