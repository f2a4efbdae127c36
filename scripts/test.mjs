// `npm test`: everything. System packages → format check → lint → type check → unit + integration (real PostgreSQL)
// → build → Playwright on Deno, Node and with JavaScript off. One PostgreSQL serves the whole run.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "./lib/embedded-db.mjs";
import { startTestSmtp } from "./lib/test-smtp.mjs";
import { startSlapd } from "./lib/test-slapd.mjs";
import { startTestOidcProvider } from "./lib/test-oidc.mjs";
import { ensureSystemPackages } from "./lib/system-deps.mjs";

const only = process.argv[2]; // "unit" | "e2e" | undefined (everything)
const extraArgs = process.argv.slice(3); // e.g. npm run test:e2e -- -g "invite" --project deno
const started = Date.now();
const bin = (name) => path.join("node_modules", ".bin", name);

/** Runs a command without blocking this process (the tests' SMTP server lives here). */
async function step(title, command, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const t = Date.now();
  const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const status = await new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  console.log(`◀ ${title}: ${status === 0 ? "ok" : "FAILED"} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return status === 0;
}

ensureSystemPackages();

let adminUrl = process.env.DATABASE_URL;
let db = null;
let tempDir = null;
if (!adminUrl) {
  tempDir = mkdtempSync(path.join(os.tmpdir(), "porch-test-"));
  chmodSync(tempDir, 0o755); // PostgreSQL runs as "postgres" when we are root
  db = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "pg"), database: "postgres" });
  adminUrl = db.adminUrl;
}

async function cleanUp() {
  await db?.stop().catch(() => {});
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}

async function freshDatabases(names) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const urls = {};
  for (const name of names) {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    urls[name] = u.toString();
  }
  await admin.end();
  return urls;
}

// Machine-readable results, summed into the closing "N passed, N failed" line.
mkdirSync(".cache", { recursive: true });
const VITEST_JSON = ".cache/vitest-results.json";
const PLAYWRIGHT_JSON = ".cache/playwright-results.json";
rmSync(VITEST_JSON, { force: true });
rmSync(PLAYWRIGHT_JSON, { force: true });

function counts() {
  let passed = 0;
  let failed = 0;
  if (existsSync(VITEST_JSON)) {
    const v = JSON.parse(readFileSync(VITEST_JSON, "utf8"));
    passed += v.numPassedTests;
    failed += v.numFailedTests;
  }
  if (existsSync(PLAYWRIGHT_JSON)) {
    const p = JSON.parse(readFileSync(PLAYWRIGHT_JSON, "utf8")).stats;
    passed += p.expected + p.flaky;
    failed += p.unexpected;
  }
  return { passed, failed };
}

let ok = true;
try {
  if (!only || only === "unit") {
    ok =
      (await step("Format check (prettier; `npx prettier --write .` fixes it)", bin("prettier"), [
        "--check",
        "--log-level",
        "warn",
        ".",
      ])) && ok;
    ok = (await step("Lint (eslint, cached in .cache/eslint)", "npm", ["run", "--silent", "lint"])) && ok;
    ok = (await step("Type check", bin("tsc"), [])) && ok;
    ok =
      (await step(
        "Unit and integration tests (vitest, real PostgreSQL)",
        bin("vitest"),
        ["run", ...extraArgs, "--reporter=default", "--reporter=json", `--outputFile.json=${VITEST_JSON}`],
        {
          DATABASE_URL: adminUrl,
        },
      )) && ok;
  }
  if (ok && (!only || only === "e2e")) {
    ok = await step("Build", process.execPath, ["scripts/build.mjs"]);
    if (ok) {
      const urls = await freshDatabases(["porch_e2e_deno", "porch_e2e_node", "porch_e2e_nojs"]);
      // The servers mail through a real SMTP server that files each message for the tests to read.
      const mailDir = mkdtempSync(path.join(os.tmpdir(), "porch-mail-"));
      const smtp = await startTestSmtp(mailDir);
      // And sign in against a real OpenLDAP loaded with the test directory.
      const slapdDir = mkdtempSync(path.join(os.tmpdir(), "porch-slapd-"));
      const slapd = await startSlapd({
        dir: slapdDir,
        suffix: "dc=porch,dc=test",
        rootPassword: "root-secret",
        ldif: readFileSync("tests/fixtures/directory.ldif", "utf8"),
      });
      // And a real OpenID provider (oidc-provider, its own login form) for the three e2e servers
      // (the ports of playwright.config.ts).
      const portBase = Number(process.env.E2E_PORT_BASE ?? 4300);
      const e2eOrigins = [1, 2, 3].map((n) => portBase + n).map((port) => `http://localhost:${port}`);
      const oidc = await startTestOidcProvider({
        redirectUris: e2eOrigins.map((o) => `${o}/api/auth/callback/oidc`),
        postLogoutRedirectUris: e2eOrigins.map((o) => `${o}/auth/login?signedOut=1`),
      });
      ok = await step(
        "End-to-end tests (Playwright, Chromium; Deno, Node, no JavaScript)",
        bin("playwright"),
        ["test", "--reporter=list,json", ...extraArgs],
        {
          PLAYWRIGHT_JSON_OUTPUT_NAME: PLAYWRIGHT_JSON,
          E2E_DATABASE_URL_DENO: urls.porch_e2e_deno,
          E2E_DATABASE_URL_NODE: urls.porch_e2e_node,
          E2E_DATABASE_URL_NOJS: urls.porch_e2e_nojs,
          E2E_SMTP_URL: smtp.url,
          E2E_LDAP_URL: slapd.url,
          E2E_OIDC_ISSUER: oidc.issuer,
          E2E_MAIL_DIR: mailDir,
          DATABASE_URL: "",
        },
      );
      await smtp.close();
      await slapd.stop();
      await oidc.close();
      rmSync(mailDir, { recursive: true, force: true });
      rmSync(slapdDir, { recursive: true, force: true });
    }
  }
} finally {
  await cleanUp();
}
const { passed, failed } = counts();
console.log(`\n${ok ? "All tests passed" : "Tests FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
