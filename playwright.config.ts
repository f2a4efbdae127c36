import { defineConfig } from "@playwright/test";

// Servers the tests start themselves (startup, operations) run as production, which needs a key.
const TEST_ENCRYPTION_KEY = "ab".repeat(32);
process.env.SECRET_ENCRYPTION_KEY ??= TEST_ENCRYPTION_KEY;

// scripts/test.mjs starts PostgreSQL, makes one database per server and sets these variables.
// E2E_PORT_BASE moves every port the e2e run listens on (two checkouts can test side by side).
const PORT_BASE = Number(process.env.E2E_PORT_BASE ?? 4300);
const servers = [
  { name: "deno", runtime: "deno", port: PORT_BASE + 1, db: process.env.E2E_DATABASE_URL_DENO, javaScriptEnabled: true },
  { name: "node", runtime: "node", port: PORT_BASE + 2, db: process.env.E2E_DATABASE_URL_NODE, javaScriptEnabled: true },
  { name: "no-js", runtime: "node", port: PORT_BASE + 3, db: process.env.E2E_DATABASE_URL_NOJS, javaScriptEnabled: false },
];

// Who runs what, so that each combination that can differ is tested once, not three times:
// - deno (production, JavaScript on): every test.
// - no-js (Node, JavaScript off): the pages, each test that drives them; server-side rendering on Node.
// - node (JavaScript on): the tests tagged @http, which speak HTTP only (the browser's JavaScript can't
//   change them) and so tell Node's request handling apart from Deno's.
// The client bundle is the same whatever serves it, so JavaScript-on pages are not tested again on Node.
const HTTP_ONLY = /@http/;
if (servers.some((s) => !s.db)) {
  throw new Error("Run the end-to-end tests with `npm run test:e2e` (or `npm test`): it prepares their databases.");
}

// Debian's chromium-headless-shell: Chromium's engine without the desktop browser around it, what
// Playwright itself runs headless by default. The same boards + users run: 178 s with /usr/bin/chromium,
// 84 s with it (ADR 032). E2E_CHROMIUM picks another binary (the full browser, to compare).
const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium-headless-shell";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Chromium took 75 % of the machine's CPU in a test run. Every page here is on localhost, so a renderer
  // per site buys nothing; these cut a boards + users run from 205 s to 170 s on 2 cores.
  "--disable-features=site-per-process,IsolateOrigins,Translate,MediaRouter,OptimizationHints,PaintHolding",
  "--disable-site-isolation-trials",
];

export default defineConfig({
  testDir: "tests/e2e",
  // Checked-in snapshots (aria.spec.ts: what a screen reader hears), one file per page: with and without
  // JavaScript the page must say the same.
  snapshotPathTemplate: "{testDir}/aria/{arg}{ext}",
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // Three on two cores: tests wait on timers, redirects and other processes often enough that a third
  // keeps the CPU busy (e2e 376 → 304 s on 2 cores, every test passing; the slow ones set their own timeout).
  workers: 3,
  timeout: 30_000,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    trace: "off",
  },
  projects: [
    // Per server: onboarding first (it needs the empty database), then everything else.
    ...servers.flatMap((s) => {
      const use = { baseURL: `http://localhost:${s.port}`, javaScriptEnabled: s.javaScriptEnabled };
      const metadata = { databaseUrl: s.db, runtime: s.runtime };
      const selection = s.name === "node" ? { grep: HTTP_ONLY } : s.name === "no-js" ? { grepInvert: HTTP_ONLY } : {};
      return [
        // Node with JavaScript only needs its administrator made (@setup) and the HTTP checks.
        {
          name: `${s.name}-onboarding`,
          testMatch: /auth\.spec\.ts/,
          ...(s.name === "node" ? { grep: /@http|@setup/ } : {}),
          use,
          metadata,
        },
        {
          name: s.name,
          // proxy and rebinding start a Porch of their own on the project's runtime: once per runtime is enough.
          testIgnore:
            s.name === "node"
              ? /(auth|startup|operations|body-memory|log-secrets|audit-secrets|server-settings|board-matrix|integration-matrix|route-matrix|load)\.spec\.ts/
              : s.name === "no-js"
                ? /(auth|startup|operations|body-memory|log-secrets|audit-secrets|server-settings|board-matrix|integration-matrix|route-matrix|load|fuzz|proxy|rebinding|protected-apps|proxy-sign-in)\.spec\.ts/
                : /(auth|startup|operations|body-memory|log-secrets|audit-secrets|server-settings|board-matrix|integration-matrix|route-matrix|load|fuzz)\.spec\.ts/,
          dependencies: [`${s.name}-onboarding`],
          ...selection,
          use,
          metadata,
        },
        // Last, alone: these read the whole audit log, flip instance-wide settings (guest access), or need
        // no other test granting `everyone` a permission meanwhile (the board matrix, on Node).
        {
          name: `${s.name}-audit`,
          // Two at a time, as before the third worker: their API-key refusals from one address add up to
          // the per-address throttle (route-matrix's 429 in a run where three overlapped).
          workers: 2,
          testMatch:
            s.name === "node"
              ? /(audit-secrets|server-settings|board-matrix|integration-matrix|route-matrix|load)\.spec\.ts/
              : /(audit-secrets|server-settings)\.spec\.ts/,
          dependencies: [s.name],
          use,
          metadata,
        },
      ];
    }),
    // Starts and stops Porch itself, as `npm start` does.
    // Each starts Porch processes of its own: two at a time is what they were measured with.
    { name: "startup", testMatch: /(startup|operations|body-memory|log-secrets)\.spec\.ts/, workers: 2 },
  ],
  webServer: servers.map((s) => ({
    command: `node scripts/start.mjs ${s.runtime}`,
    url: `http://localhost:${s.port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      PORT: String(s.port),
      DATABASE_URL: s.db!,
      PORCH_ACCESS_LOG: "false",
      NODE_ENV: "production",
      // Mail is on, so the public origin must be configured (reset links never follow the Host header).
      BASE_URL: `http://localhost:${s.port}`,
      SMTP_URL: process.env.E2E_SMTP_URL ?? "",
      SMTP_FROM: "Porch <porch@example.test>",
      SECRET_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      // The webhook tests' receivers listen on 127.0.0.1.
      WEBHOOK_ALLOWED_HOSTS: "loopback",
      ...(process.env.E2E_LDAP_URL
        ? {
            AUTH_PROVIDERS: process.env.E2E_OIDC_ISSUER ? "credentials,ldap,oidc" : "credentials,ldap",
            AUTH_OIDC_ISSUER: process.env.E2E_OIDC_ISSUER ?? "",
            AUTH_OIDC_CLIENT_ID: "porch",
            AUTH_OIDC_CLIENT_SECRET: "porch-test-client-secret-0123456789",
            AUTH_OIDC_CLIENT_NAME: "Test Provider",
            AUTH_OIDC_ADMIN_GROUP: "porch-admins",
            AUTH_LDAP_URI: process.env.E2E_LDAP_URL,
            AUTH_LDAP_BIND_DN: "cn=porch-bind,ou=services,dc=porch,dc=test",
            AUTH_LDAP_BIND_PASSWORD: "bind-secret",
            AUTH_LDAP_BASE: "dc=porch,dc=test",
            AUTH_LDAP_USER_SEARCH_FILTER: "(&(objectClass=inetOrgPerson)(uid={{username}}))",
            AUTH_LDAP_GROUP_SEARCH_FILTER: "(|(member={{dn}})(memberUid={{username}}))",
          }
        : {}),
    },
  })),
});
