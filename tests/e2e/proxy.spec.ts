import postgres from "postgres";
import { expect, test } from "./fixtures";
import { ownDatabase, raw, startNginx, startPorch } from "./own-server";
import type { Running } from "./process";

// Porch behind a real reverse proxy (Debian's nginx, configured as the usual guides say). Which client
// address, host and scheme Porch believes decides the per-address throttle, the audit log, the
// cross-origin check and the links it shows: only what the trusted proxy itself wrote may count.

test.describe.configure({ mode: "serial" });

let db: postgres.Sql;
let url: string;

test.beforeAll(async ({}, testInfo) => {
  url = await ownDatabase(testInfo, "porch_proxy");
  db = postgres(url, { max: 2, onnotice: () => {} });
});
test.afterAll(async () => {
  await db?.end();
});
test.beforeEach(async () => {
  await db`delete from auth_throttle`;
});

const LOCKOUT = { AUTH_LOCKOUT_IP_ATTEMPTS: "3", AUTH_LOCKOUT_ATTEMPTS: "50" };

/** Porch with these settings, and nginx in front of it (`site` says how nginx talks to it). */
function behindNginx(env: Record<string, string>, site: { bind?: string; setForwardedHost?: boolean } = {}) {
  const running: { porch?: Running & { port: number }; nginx?: Awaited<ReturnType<typeof startNginx>> } = {};
  test.beforeAll(async ({}, testInfo) => {
    test.setTimeout(120_000);
    running.porch = await startPorch(testInfo, { DATABASE_URL: url, ...LOCKOUT, ...env });
    await db`insert into server_settings (key, value) values ('onboarded_at', to_jsonb(now())) on conflict do nothing`;
    running.nginx = await startNginx([{ upstream: running.porch.port, ...site }]);
  });
  test.afterAll(async () => {
    await running.nginx?.stop();
    running.porch?.child.kill("SIGTERM");
    await running.porch?.exited;
  });
  return { porch: () => running.porch!.port, proxy: () => running.nginx!.ports[0] };
}

/** Accounts for the names these tests sign in as: a failure names an account it found, never an unknown name (it may be a password). */
const accounts = (...names: string[]) => db`insert into users ${db(names.map((username) => ({ username })))} on conflict do nothing`;

const failures = (prefix: string) =>
  db<
    { ip: string | null }[]
  >`select ip from audit_log where action = 'auth.sign-in.failed' and details->>'username' like ${`${prefix}%`} order by id`;

test.describe("with TRUST_PROXY=true (one proxy on a private network)", () => {
  const server = behindNginx({ TRUST_PROXY: "true" });

  test(
    "refuses a client address rotated through X-Forwarded-For or Fly-Client-IP behind a proxy: the throttle counts the real client",
    { tag: "@http" },
    async () => {
      const origin = `http://127.0.0.1:${server.proxy()}`;
      await accounts("rotating1", "rotating2", "rotating3", "rotating4");
      const answers = [];
      for (let i = 1; i <= 4; i++) {
        answers.push(
          await raw(server.proxy(), {
            path: "/auth/login",
            headers: { Origin: origin, "X-Forwarded-For": `203.0.113.${i}`, "Fly-Client-IP": `198.51.100.${i}` },
            form: { username: `rotating${i}`, password: "not the password" },
          }),
        );
      }
      expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
      // AUTH_LOCKOUT_IP_ATTEMPTS=3: the fourth, from the same real client, is throttled whatever it claimed.
      expect(answers[3].body).toContain("Too many attempts");
      expect((await failures("rotating")).map((r) => r.ip)).toEqual(["127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1"]);
      const forged = await db`select key from auth_throttle where key like 'ip:203.0.113.%' or key like 'ip:198.51.100.%'`;
      expect(forged).toEqual([]);
    },
  );
});

// The proxy's own address listed: nginx connects from 127.0.0.2 and passes the host as X-Forwarded-Host,
// leaving Host to nginx's default (the upstream's own address).
test.describe("with TRUST_PROXY=<the proxy's address>", () => {
  const server = behindNginx({ TRUST_PROXY: "127.0.0.2" }, { bind: "127.0.0.2", setForwardedHost: true });

  test("refuses forwarded headers from a client that isn't the configured proxy (address, host, scheme)", { tag: "@http" }, async () => {
    const direct = `http://127.0.0.1:${server.porch()}`;
    const forged = { "X-Forwarded-For": "203.0.113.50", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" };
    await accounts("direct1", "direct2");
    // Straight to Porch, past the proxy: every forwarded header is ignored.
    const login = await raw(server.porch(), {
      path: "/auth/login",
      headers: { Origin: direct, ...forged },
      form: { username: "direct1", password: "nope" },
    });
    expect(login.status).toBe(400);
    expect((await failures("direct")).map((r) => r.ip)).toEqual(["127.0.0.1"]);
    const doc = await raw(server.porch(), { path: "/api/openapi.json", headers: forged });
    expect(JSON.parse(doc.body).servers[0].url).toBe(direct);
    expect(doc.headers["strict-transport-security"]).toBeUndefined();
    // A page on "evil.example" can't pass the cross-origin check by naming itself in X-Forwarded-Host.
    const csrf = await raw(server.porch(), {
      path: "/auth/login",
      headers: { ...forged, Origin: "https://evil.example" },
      form: { username: "direct2", password: "nope" },
    });
    expect(csrf.status).toBe(403);
    expect(await failures("direct2")).toEqual([]);
  });

  test("believes the configured proxy: the client it saw, and the host it was asked for", { tag: "@http" }, async () => {
    const origin = `http://127.0.0.1:${server.proxy()}`;
    await accounts("proxied1");
    // The client claims an address; nginx appends the one it saw (127.0.0.1) and connects from 127.0.0.2.
    const login = await raw(server.proxy(), {
      path: "/auth/login",
      headers: { Origin: origin, "X-Forwarded-For": "203.0.113.60" },
      form: { username: "proxied1", password: "nope" },
    });
    expect(login.status).toBe(400);
    expect((await failures("proxied")).map((r) => r.ip)).toEqual(["127.0.0.1"]);
    const doc = await raw(server.proxy(), { path: "/api/openapi.json" });
    expect(JSON.parse(doc.body).servers[0].url).toBe(origin);
  });
});
