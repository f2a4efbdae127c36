import { chromium, type Browser } from "@playwright/test";
import postgres from "postgres";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { createApiKey } from "~/models/api-keys.server";
import { DAY } from "~/utils/time";
import { freePort } from "../../scripts/lib/embedded-db.mjs";
import { expect, test } from "./fixtures";
import { DOMAIN, startCaddyForwardAuth, startEchoApp, startNginxForwardAuth } from "./forward-proxies";
import { ownDatabase, raw, startPorch } from "./own-server";
import type { Running } from "./process";

// Issue #20: seeing the tile and being allowed to open the app are one rule, enforced by the reverse
// proxy the person already runs. Real nginx (auth_request) and real Caddy (forward_auth) in front of
// a small app; Porch at porch.home.example.com behind nginx, its session cookie for the whole domain.

test.describe.configure({ mode: "serial" });

const PASSWORD = "forward auth password 7";
const POLICY = { expiryMs: 7 * DAY, maxLifetimeMs: 30 * DAY };

let db: postgres.Sql;
let porch: Running & { port: number };
let stops: Array<() => Promise<void>> = [];
let nginxPort: number;
let caddyPort: number;
let people: { alice: string; bob: string };
let mediaGroup: string;

const porchOrigin = () => `http://porch.${DOMAIN}:${nginxPort}`;
const at = (app: string, port: number, path = "/") => `http://${app}.${DOMAIN}:${port}${path}`;

test.beforeAll(async ({}, testInfo) => {
  test.setTimeout(120_000);
  const url = await ownDatabase(testInfo, "porch_forward_auth");
  db = postgres(url, { max: 2, onnotice: () => {} });
  const app = await startEchoApp();
  stops.push(app.stop);
  nginxPort = await freePort();
  porch = await startPorch(testInfo, {
    DATABASE_URL: url,
    BASE_URL: porchOrigin(),
    AUTH_COOKIE_DOMAIN: DOMAIN,
    // As README says when Porch itself is behind the same nginx; and with proxy sign-in on, as an
    // identity-aware proxy on this machine would have it (attack16: forward auth must not sign in).
    TRUST_PROXY: "127.0.0.1",
    AUTH_PROVIDERS: "credentials,proxy",
    AUTH_PROXY_TRUSTED_NETWORKS: "127.0.0.1",
    AUTH_PROXY_HEADER_GROUPS: "Remote-Groups",
    AUTH_PROXY_ADMIN_GROUP: "admins",
  });
  stops.push(async () => {
    porch.child.kill("SIGTERM");
    await porch.exited;
  });
  stops.push((await startNginxForwardAuth({ port: nginxPort, porch: porch.port, app: app.port, apps: ["sonarr", "radarr"] })).stop);
  const caddy = await startCaddyForwardAuth({ porch: porch.port, app: app.port, apps: ["sonarr", "radarr"] });
  caddyPort = caddy.port;
  stops.push(caddy.stop);

  await db`insert into server_settings (key, value) values ('onboarded_at', to_jsonb(now())) on conflict do nothing`;
  const hash = await hashPassword(PASSWORD);
  const [alice] =
    // Her address is confirmed: only a confirmed one reaches apps as Remote-Email.
    await db`insert into users (username, display_name, email, email_verified_at, password_hash)
             values ('alice', 'Alice Liddell', 'alice@example.test', now(), ${hash}) returning id`;
  const [bob] = await db`insert into users (username, password_hash) values ('bob', ${hash}) returning id`;
  people = { alice: alice.id, bob: bob.id };
  const [group] = await db`insert into groups (name) values ('media') returning id`;
  mediaGroup = group.id;
  await db`insert into group_members (group_id, user_id) values (${mediaGroup}, ${alice.id})`;
  // Sonarr is protected behind both proxies and sits on the media board; radarr is protected nowhere.
  const [board] = await db`insert into boards (name, title) values ('media', 'Media') returning id`;
  // Tiles open apps only when someone who may protect apps placed them.
  const [placer] = await db`insert into users (username) values ('placer') returning id`;
  await db`insert into user_permissions (user_id, permission) values (${placer.id}, 'app-protect')`;
  await db`insert into board_group_permissions (board_id, group_id, level) values (${board.id}, ${mediaGroup}, 'view')`;
  for (const port of [nginxPort, caddyPort]) {
    const origin = at("sonarr", port, "").replace(/\/$/, "");
    await db`insert into protected_apps (origin) values (${origin})`;
    // Its admin pages are for nobody here (no rows, no tile).
    await db`insert into protected_apps (origin, path_prefix) values (${origin}, '/admin')`;
    await db`insert into board_items (board_id, position, kind, title, url, app_origin, app_path, placed_by)
             values (${board.id}, ${port}, 'app', 'Sonarr', ${origin + "/"}, ${origin}, '/', ${placer.id})`;
  }
});

test.afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  stops = [];
  await db?.end();
});

const sessionFor = async (userId: string) => (await createSession(db, userId, { remember: false }, POLICY)).token;
/** A request through a proxy, addressed to one of its sites, as a browser with this cookie would send it. */
const through = (port: number, app: string, path: string, headers: Record<string, string> = {}) =>
  raw(port, { path, headers: { Host: `${app}.${DOMAIN}:${port}`, ...headers } });
const seen = (body: string) => JSON.parse(/<pre id="seen">(.*)<\/pre>/.exec(body)![1]) as Record<string, string | null>;

async function domainBrowser(launchOptions: object | undefined): Promise<Browser> {
  const options = (launchOptions ?? {}) as { args?: string[] };
  return chromium.launch({ ...options, args: [...(options.args ?? []), `--host-resolver-rules=MAP *.${DOMAIN} 127.0.0.1`] });
}

test("signed out: each proxy sends the person to Porch's login and back to the app, which learns who they are", async ({}, testInfo) => {
  const browser = await domainBrowser(testInfo.project.use.launchOptions);
  try {
    const page = await (await browser.newContext()).newPage();
    for (const [proxy, port] of [
      ["nginx", nginxPort],
      ["caddy", caddyPort],
    ] as const) {
      await page.context().clearCookies();
      await page.goto(at("sonarr", port, "/calendar?week=2&view=list"));
      await expect(page, proxy).toHaveURL(new RegExp(`^${porchOrigin()}/auth/login\\?redirectTo=`));
      await page.getByLabel("Username").fill("alice");
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page, proxy).toHaveURL(at("sonarr", port, "/calendar?week=2&view=list"));
      const app = JSON.parse((await page.locator("#seen").textContent())!);
      expect(app, proxy).toMatchObject({
        url: "/calendar?week=2&view=list",
        "remote-user": "alice",
        "remote-name": "Alice Liddell",
        "remote-email": "alice@example.test",
        "remote-groups": "media",
      });
    }
    // One sign-in, every app under the domain: the other proxy's app opens without asking again.
    await page.goto(at("sonarr", nginxPort, "/series"));
    await expect(page.locator("#seen")).toContainText('"remote-user":"alice"');
  } finally {
    await browser.close();
  }
});

test("signed in before AUTH_COOKIE_DOMAIN was set: the login page sends the person on, with a cookie the app's host now sees", async ({}, testInfo) => {
  const browser = await domainBrowser(testInfo.project.use.launchOptions);
  try {
    const context = await browser.newContext();
    // What a sign-in from before the setting left: a cookie for Porch's own host only.
    const token = await sessionFor(people.alice);
    await context.addCookies([{ name: "porch_session", value: token, url: porchOrigin(), httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    await page.goto(at("sonarr", nginxPort, "/series?x=1"));
    await expect(page).toHaveURL(at("sonarr", nginxPort, "/series?x=1"));
    await expect(page.locator("#seen")).toContainText('"remote-user":"alice"');
    // The same session, now for the whole domain; the host-only copy is gone.
    const cookies = (await context.cookies()).filter((c) => c.name === "porch_session");
    expect(cookies.map((c) => [c.domain, c.value])).toEqual([[`.${DOMAIN}`, token]]);
  } finally {
    await browser.close();
  }
});

test("signed in without access: 403, with a page naming the app and what to do; audited once an hour", { tag: "@http" }, async () => {
  const cookie = `porch_session=${await sessionFor(people.bob)}`;
  const viaNginx = await through(nginxPort, "sonarr", "/", { Cookie: cookie });
  expect(viaNginx.status).toBe(403);
  const viaCaddy = await through(caddyPort, "sonarr", "/series/2", { Cookie: cookie });
  expect(viaCaddy.status).toBe(403);
  expect(viaCaddy.body).toContain(`You don't have access to http://sonarr.${DOMAIN}:${caddyPort}`);
  expect(viaCaddy.body).toContain("signed in to Porch as <strong>bob</strong>");
  await through(caddyPort, "sonarr", "/series/3", { Cookie: cookie });
  const rows = await db`select target_id, details from audit_log where action = 'app.access.denied' and actor_user_id = ${people.bob}`;
  // Two apps (one per proxy's origin), each once, however many paths were tried.
  expect(rows).toHaveLength(2);
  // An address nobody protected is refused too (fail closed), even to someone with access elsewhere.
  const alice = `porch_session=${await sessionFor(people.alice)}`;
  const unknown = await through(caddyPort, "radarr", "/", { Cookie: alice });
  expect(unknown.status).toBe(403);
  // The same page as for an app one may not open: it tells nobody which addresses are guarded.
  expect(unknown.body).toContain("Ask an administrator");
});

test("attack14: someone who may protect apps is told an address isn't protected; everyone else can't tell", { tag: "@http" }, async () => {
  const [keeper] = await db`insert into users (username) values ('keeper') returning id`;
  await db`insert into user_permissions (user_id, permission) values (${keeper.id}, 'app-protect')`;
  const theirs = `porch_session=${await sessionFor(keeper.id)}`;
  const told = await through(caddyPort, "radarr", "/queue", { Cookie: theirs });
  expect(told.status).toBe(403);
  expect(told.body).toContain(`No protected app covers http://radarr.${DOMAIN}:${caddyPort}/queue`);
  expect(told.body).toContain(`<a href="${porchOrigin()}/manage/apps">Protect it in Manage → Protected apps</a>`);
  // Bob may not open sonarr's admin pages, and nobody protected radarr: one page, but for the address.
  const bobs = `porch_session=${await sessionFor(people.bob)}`;
  const guarded = await through(caddyPort, "sonarr", "/admin", { Cookie: bobs });
  const unguarded = await through(caddyPort, "radarr", "/", { Cookie: bobs });
  expect([guarded.status, unguarded.status]).toEqual([403, 403]);
  const page = (body: string, address: string) => body.replaceAll(address, "ADDRESS");
  expect(page(unguarded.body, at("radarr", caddyPort, ""))).toBe(page(guarded.body, at("sonarr", caddyPort, "")));
  expect(unguarded.body).not.toContain("manage/apps");
  expect(unguarded.body).not.toContain("protected app covers");
});

test(
  "with the setting on, an address nobody protected lets signed-in people through, still never a stranger",
  { tag: "@http" },
  async () => {
    await db`insert into server_settings (key, value) values ('forward_auth_unknown_origins', 'true'::jsonb)`;
    try {
      const cookie = `porch_session=${await sessionFor(people.bob)}`;
      const open = await through(caddyPort, "radarr", "/", { Cookie: cookie });
      expect(open.status).toBe(200);
      expect(seen(open.body)["remote-user"]).toBe("bob");
      expect((await through(caddyPort, "radarr", "/")).status).toBe(302);
      // A protected app keeps its own rule.
      expect((await through(caddyPort, "sonarr", "/", { Cookie: cookie })).status).toBe(403);
    } finally {
      await db`delete from server_settings where key = 'forward_auth_unknown_origins'`;
    }
  },
);

test("a removed membership or an ended session is refused on the very next request", { tag: "@http" }, async () => {
  const token = await sessionFor(people.alice);
  const cookie = `porch_session=${token}`;
  expect((await through(nginxPort, "sonarr", "/", { Cookie: cookie })).status).toBe(200);
  await db`delete from group_members where group_id = ${mediaGroup} and user_id = ${people.alice}`;
  try {
    expect((await through(nginxPort, "sonarr", "/", { Cookie: cookie })).status).toBe(403);
    expect((await through(caddyPort, "sonarr", "/", { Cookie: cookie })).status).toBe(403);
  } finally {
    await db`insert into group_members (group_id, user_id) values (${mediaGroup}, ${people.alice})`;
  }
  expect((await through(caddyPort, "sonarr", "/", { Cookie: cookie })).status).toBe(200);
  await db`delete from sessions where user_id = ${people.alice}`;
  const ended = await through(nginxPort, "sonarr", "/x?y=1", { Cookie: cookie });
  expect(ended.status).toBe(302);
  expect(ended.headers.location).toBe(`${porchOrigin()}/auth/login?redirectTo=${encodeURIComponent(at("sonarr", nginxPort, "/x?y=1"))}`);
  const viaCaddy = await through(caddyPort, "sonarr", "/", { Cookie: cookie });
  expect(viaCaddy.status).toBe(302);
  expect(viaCaddy.headers.location).toContain(`${porchOrigin()}/auth/login?redirectTo=`);
});

test("identity headers sent by the client never reach the app as if Porch had said them", { tag: "@http" }, async () => {
  const forged = { "Remote-User": "admin", "Remote-Groups": "admins", "Remote-Email": "root@evil.test", "Remote-Name": "Root" };
  const noEmail = await db`update users set email = null where id = ${people.alice} returning id`;
  expect(noEmail).toHaveLength(1);
  try {
    const cookie = `porch_session=${await sessionFor(people.alice)}`;
    for (const port of [nginxPort, caddyPort]) {
      const answer = await through(port, "sonarr", "/", { Cookie: cookie, ...forged });
      expect(answer.status).toBe(200);
      const app = seen(answer.body);
      expect(app["remote-user"]).toBe("alice");
      expect(app["remote-groups"]).toBe("media");
      expect(app["remote-name"]).toBe("Alice Liddell");
      // Alice has no email: the app is told none, not the client's.
      expect(app["remote-email"] ?? "").toBe("");
    }
    // Without a session the forged headers get nobody in.
    for (const port of [nginxPort, caddyPort]) expect((await through(port, "sonarr", "/", forged)).status).toBe(302);
  } finally {
    await db`update users set email = 'alice@example.test' where id = ${people.alice}`;
  }
});

test("an API key on the original request works through forward auth, with its own scope", { tag: "@http" }, async () => {
  const system = { userId: null, ip: null, userAgent: null };
  const sql = db as never;
  const asOwner = await createApiKey(sql, system, {
    userId: people.alice,
    description: "script",
    permissions: [],
    actAsOwner: true,
    expiresAt: null,
  });
  const ownOnly = await createApiKey(sql, system, {
    userId: people.alice,
    description: "narrow",
    permissions: [],
    actAsOwner: false,
    expiresAt: null,
  });
  for (const port of [nginxPort, caddyPort]) {
    const ok = await through(port, "sonarr", "/api/v3/series", { Authorization: `Bearer ${asOwner.token}` });
    expect(ok.status).toBe(200);
    expect(seen(ok.body)["remote-user"]).toBe("alice");
    // A key that doesn't act as its owner carries no board rows: it sees no tile, so it may not open the app.
    expect((await through(port, "sonarr", "/", { Authorization: `Bearer ${ownOnly.token}` })).status).toBe(403);
  }
  // A wrong key is refused, never taken for a guest (nginx turns every 401 into its redirect).
  expect((await through(caddyPort, "sonarr", "/", { Authorization: "Bearer porch_nope" })).status).toBe(401);
  const viaNginx = await through(nginxPort, "sonarr", "/", { Authorization: "Bearer porch_nope" });
  expect(viaNginx.status).toBe(302);
  expect(viaNginx.body).not.toContain("seen");
});

test("the login page returns only into a protected app: any other absolute URL goes home", { tag: "@http" }, async () => {
  const sign = (redirectTo: string) =>
    raw(nginxPort, {
      path: "/auth/login",
      headers: { Host: `porch.${DOMAIN}:${nginxPort}`, Origin: porchOrigin() },
      form: { username: "alice", password: PASSWORD, redirectTo },
    });
  const back = at("sonarr", nginxPort, "/a?b=1");
  // By way of /auth/continue: the form's own redirects may only reach Porch (CSP form-action 'self').
  expect((await sign(back)).headers.location).toBe(`/auth/continue?to=${encodeURIComponent(back)}`);
  const onward = await raw(nginxPort, {
    path: `/auth/continue?to=${encodeURIComponent(back)}`,
    headers: { Host: `porch.${DOMAIN}:${nginxPort}` },
  });
  expect(onward.body).toContain(`<meta http-equiv="refresh" content="0;url=${back.replace("&", "&amp;")}">`);
  for (const evil of [at("radarr", nginxPort), `http://evil.test/`, `http://sonarr.${DOMAIN}:${nginxPort}@evil.test/`, "//evil.test/"]) {
    expect((await sign(evil)).headers.location, evil).toBe("/");
    const path = `/auth/continue?to=${encodeURIComponent(evil)}`;
    const straight = await raw(nginxPort, { path, headers: { Host: `porch.${DOMAIN}:${nginxPort}` } });
    expect([straight.status, straight.headers.location], evil).toEqual([302, "/"]);
  }
});

test("attack14: what a proxy reads differently from Porch can't carry a request past its rule", { tag: "@http" }, async () => {
  const cookie = `porch_session=${await sessionFor(people.alice)}`;
  // An absolute-form request line names another host than Host: nginx routes by the former, and so
  // does the question README's snippet asks ($host).
  const absolute = await raw(nginxPort, {
    path: at("radarr", nginxPort, "/"),
    headers: { Host: `sonarr.${DOMAIN}:${nginxPort}`, Cookie: cookie },
  });
  expect(absolute.status).toBe(403);
  // An encoded / is a separator to nginx when it proxies to a URI: both readings must be open.
  for (const path of ["/admin%2fx", "/x/..%2fadmin/y", "/x/%2e%2e%2fadmin"]) {
    expect((await through(nginxPort, "sonarr", path, { Cookie: cookie })).status, path).toBe(403);
  }
  expect((await through(nginxPort, "sonarr", "/files%2fx", { Cookie: cookie })).status).toBe(200);
  // Caddy passes header names with _ on; README's snippet drops them before the app sees them.
  const underscored = await through(caddyPort, "sonarr", "/", { Cookie: cookie, Remote_User: "admin", Remote_Groups: "admins" });
  expect(underscored.status).toBe(200);
  expect(seen(underscored.body)).toMatchObject({ remote_user: null, remote_groups: null, "remote-user": "alice" });
  // The app's own bearer token isn't taken for a Porch key: the person is still whoever the cookie says.
  const bearer = await through(nginxPort, "sonarr", "/api", { Cookie: cookie, Authorization: "Bearer the-apps-own-token" });
  expect(bearer.status).toBe(200);
  expect(seen(bearer.body)["remote-user"]).toBe("alice");
});

test(
  "attack14: with addresses nobody protected let through, a protected host is still closed on any port or spelling",
  { tag: "@http" },
  async () => {
    await db`insert into server_settings (key, value) values ('forward_auth_unknown_origins', 'true'::jsonb)`;
    try {
      const cookie = `porch_session=${await sessionFor(people.bob)}`;
      for (const host of [`sonarr.${DOMAIN}`, `sonarr.${DOMAIN}.`, `sonarr.${DOMAIN}.:${caddyPort}`, `SONARR.${DOMAIN}:${caddyPort}`]) {
        const answer = await raw(caddyPort, { path: "/admin", headers: { Host: host, Cookie: cookie } });
        // Refused, or not routed to the app at all (Caddy answers an empty 200 for a host no site has).
        expect(answer.body, host).not.toContain('id="seen"');
        if (answer.body) expect(answer.status, host).toBe(403);
      }
    } finally {
      await db`delete from server_settings where key = 'forward_auth_unknown_origins'`;
    }
  },
);

test("attack14: an email the person only typed never reaches the app", { tag: "@http" }, async () => {
  await db`update users set email_verified_at = null where id = ${people.alice}`;
  try {
    const cookie = `porch_session=${await sessionFor(people.alice)}`;
    expect(seen((await through(caddyPort, "sonarr", "/", { Cookie: cookie })).body)["remote-email"] ?? "").toBe("");
  } finally {
    await db`update users set email_verified_at = now() where id = ${people.alice}`;
  }
});

test("attack16: the proxy asks about the app it serves, whatever name or port the client writes in Host", { tag: "@http" }, async () => {
  // Bob may open two apps neither proxy serves: one by a name no nginx server block has (the request
  // lands in the first app's block), one on a port Caddy doesn't listen on (Caddy matches the name only).
  const bob = `porch_session=${await sessionFor(people.bob)}`;
  const elsewhere = [`http://nas.${DOMAIN}:${nginxPort}`, `http://sonarr.${DOMAIN}:9`];
  for (const origin of elsewhere) {
    const [app] = await db`insert into protected_apps (origin) values (${origin}) returning id`;
    await db`insert into protected_app_user_permissions (app_id, user_id) values (${app.id}, ${people.bob})`;
  }
  try {
    const nginx = await raw(nginxPort, { path: "/", headers: { Host: `nas.${DOMAIN}:${nginxPort}`, Cookie: bob } });
    expect(nginx.status, "nginx: the block's own app is asked about").toBe(403);
    const caddy = await raw(caddyPort, { path: "/", headers: { Host: `sonarr.${DOMAIN}:9`, Cookie: bob } });
    expect(caddy.status, "Caddy: the site's own origin is asked about").toBe(403);
  } finally {
    await db`delete from protected_apps where origin = any(${elsewhere})`;
  }
});

test("attack16: a client's own X-Forwarded-For through nginx is neither believed nor counted", { tag: "@http" }, async () => {
  const wrongKey = "Bearer porch_cccccccccccccccc_dddddddddddddddddddddddddddddddddddddddddddddddd";
  // From another address than the proxy's own (which TRUST_PROXY skips as a proxy).
  const headers = { Host: `sonarr.${DOMAIN}:${nginxPort}`, Authorization: wrongKey, "X-Forwarded-For": "10.66.66.66" };
  await raw(nginxPort, { path: "/", headers, from: "127.0.0.2" });
  const [row] = await db`select ip from audit_log where action = 'api-key.failed' order by created_at desc limit 1`;
  expect(row.ip).toBe("127.0.0.2");
});

test("attack16: identity headers a client sends through the proxy never sign anyone in to Porch", { tag: "@http" }, async () => {
  const forged = { "Remote-User": "mallory", "Remote-Groups": "admins" };
  for (const port of [nginxPort, caddyPort]) {
    const answer = await through(port, "sonarr", "/", forged);
    expect([302, 401]).toContain(answer.status);
    expect(answer.headers["set-cookie"] ?? []).toEqual([]);
  }
  expect(await db`select 1 from users where username = 'mallory'`).toHaveLength(0);
});

test("attack16: the refusal page doesn't tell where a protected path begins", { tag: "@http" }, async () => {
  const bob = `porch_session=${await sessionFor(people.bob)}`;
  const admin = await through(caddyPort, "sonarr", "/admin/users", { Cookie: bob });
  const other = await through(caddyPort, "sonarr", "/elsewhere", { Cookie: bob });
  expect([admin.status, other.status]).toEqual([403, 403]);
  expect(admin.body).toContain(`You don't have access to http://sonarr.${DOMAIN}:${caddyPort}<`);
  expect(admin.body.replace("/admin/users", "/elsewhere")).toBe(other.body);
});

test("attack17: a raw # in the request line carries nobody past a path prefix", { tag: "@http" }, async () => {
  // Alice may open sonarr but not its /admin pages; an app resolving `..` in the raw path would serve them.
  const alice = `porch_session=${await sessionFor(people.alice)}`;
  for (const port of [nginxPort, caddyPort]) {
    const answer = await through(port, "sonarr", "/x#/../admin/users", { Cookie: alice });
    expect(answer.status, String(port)).not.toBe(200);
  }
});

test(
  "attack20: raw bytes outside ASCII in the request line never reach an app as a path Porch didn't judge",
  { tag: "@http" },
  async () => {
    // nginx passes the raw line on; Porch read its UTF-8 as Latin-1 and judged another path than the app's.
    // Now it refuses such an address. Caddy sends the path percent-encoded: Porch and the app read the same.
    const alice = `porch_session=${await sessionFor(people.alice)}`;
    const viaNginx = await through(nginxPort, "sonarr", "/caf\u00c3\u00a9/calendar", { Cookie: alice });
    // Refused by Porch (nginx answers 500 when auth_request gets anything but 2xx, 401, 403), not by the app.
    expect(viaNginx.status).toBe(500);
    expect(viaNginx.body).not.toContain('id="seen"');
    const viaCaddy = await through(caddyPort, "sonarr", "/caf\u00c3\u00a9/calendar", { Cookie: alice });
    if (viaCaddy.status === 200) expect(seen(viaCaddy.body).url).toBe("/caf%C3%A9/calendar");
  },
);

test("attack22: a dot segment in the raw path carries nobody past a path prefix", { tag: "@http" }, async () => {
  // Alice may open sonarr but not its /admin pages; Porch resolved /admin/../calendar to /calendar while
  // an app routing on the raw path (which both proxies pass on) served /admin.
  const alice = `porch_session=${await sessionFor(people.alice)}`;
  for (const port of [nginxPort, caddyPort]) {
    for (const path of ["/admin/../calendar", "/admin/%2e%2e/calendar"]) {
      const answer = await through(port, "sonarr", path, { Cookie: alice });
      expect(answer.status, `${port} ${path}`).not.toBe(200);
      expect(answer.body, `${port} ${path}`).not.toContain('id="seen"');
    }
  }
});
