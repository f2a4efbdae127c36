import { expect, test } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "../../scripts/lib/embedded-db.mjs";
import { run } from "./process";

// How Porch starts and stops, as `npm start` runs it: the built server, embedded PostgreSQL, signals.
test.describe.configure({ mode: "serial" });

const PORT = Number(process.env.E2E_PORT_BASE ?? 4300) + 10;
const base = `http://localhost:${PORT}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "porch-start-"));
test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test("npm start runs embedded PostgreSQL, serves onboarding, and stops both on SIGTERM", async () => {
  const started = Date.now();
  const porch = run("node", ["scripts/start.mjs", "deno"], { PORT: String(PORT), PORCH_DATA_DIR: dataDir, DATABASE_URL: "" });
  await porch.waitFor(`Porch is ready on http://localhost:${PORT} (Deno`);
  test.info().annotations.push({ type: "first start to ready", description: `${Date.now() - started} ms` });
  expect(porch.output()).toContain(`Starting embedded PostgreSQL in ${path.join(dataDir, "postgres")}`);
  // A fresh instance says where to go first, and that until then whoever reaches it first can claim it.
  await porch.waitFor("HOST=127.0.0.1 listens for this machine only");
  expect(porch.output()).toMatch(/\(Deno; applied \d+ database migrations\)\n/);
  expect(porch.output()).toContain(`Open http://localhost:${PORT}/init to create the first administrator.`);
  const first = await fetch(`${base}/`, { redirect: "manual" });
  expect(first.headers.get("location")).toBe("/init");
  const init = await fetch(`${base}/init`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: "username=owner&password=violet-cactus-umbrella&confirmPassword=violet-cactus-umbrella",
  });
  expect(init.status).toBe(302);
  porch.child.kill("SIGTERM");
  expect(await porch.exited).toBe(0);
  expect(porch.output()).toContain("Embedded PostgreSQL stopped.");
});

test("a second npm start keeps the data: onboarding stays done", async () => {
  const started = Date.now();
  const porch = run("node", ["scripts/start.mjs", "deno"], { PORT: String(PORT), PORCH_DATA_DIR: dataDir, DATABASE_URL: "" });
  await porch.waitFor("Porch is ready");
  test.info().annotations.push({ type: "second start to ready", description: `${Date.now() - started} ms` });
  expect(porch.output()).not.toContain("applied");
  expect(porch.output()).not.toContain("/init");
  const home = await fetch(`${base}/`, { redirect: "manual" });
  expect(home.headers.get("location")).toBe("/auth/login");
  expect((await fetch(`${base}/init`)).status).toBe(404);
  porch.child.kill("SIGINT");
  expect(await porch.exited).toBe(0);
  expect(porch.output()).toContain("Embedded PostgreSQL stopped.");
});

for (const runtime of ["deno", "node"] as const) {
  test(`on ${runtime}, an unreachable database stops the start with one clear line`, async () => {
    const porch = run("node", ["scripts/start.mjs", runtime], {
      PORT: String(PORT),
      DATABASE_URL: "postgres://porch:s3cret@127.0.0.1:1/porch",
    });
    expect(await porch.exited).toBe(1);
    const lines = porch.output().trim().split("\n");
    expect(lines.at(-1)).toMatch(/^Cannot reach PostgreSQL at postgres:\/\/porch:\*\*\*@127\.0\.0\.1:1\/porch: .*ECONNREFUSED/);
    expect(porch.output()).not.toContain("s3cret");
  });
}

test("bad configuration is refused at start, one line per problem", async () => {
  const porch = run("node", ["scripts/start.mjs", "node"], {
    PORT: "http",
    AUTH_SESSION_EXPIRY_TIME: "a week",
    DATABASE_URL: "postgres://porch:s3cret@127.0.0.1:1/porch",
  });
  expect(await porch.exited).toBe(1);
  const problems = porch
    .output()
    .split("\n")
    .filter((l) => l.startsWith("Configuration: "));
  expect(problems).toEqual([
    'Configuration: PORT must be a port number (got "http")',
    'Configuration: AUTH_SESSION_EXPIRY_TIME must be seconds (604800) or a duration like 30d, 12h, 90m (got "a week")',
  ]);
});

test("the route table lists exactly the routes of the built app's manifest", async () => {
  const build = await import(pathToFileURL(path.resolve("build/server/index.js")).href);
  const { ROUTE_TABLE } = await import("~/routes.table");
  expect(Object.keys(build.routes).sort()).toEqual(Object.keys(ROUTE_TABLE).sort());
});

test("production with its own database refuses to start without SECRET_ENCRYPTION_KEY", async () => {
  const porch = run("node", ["scripts/start.mjs", "node"], {
    PORT: String(PORT),
    DATABASE_URL: "postgres://porch:s3cret@127.0.0.1:1/porch",
    SECRET_ENCRYPTION_KEY: "",
  });
  expect(await porch.exited).toBe(1);
  const problems = porch
    .output()
    .split("\n")
    .filter((l) => l.startsWith("Configuration: "));
  expect(problems).toEqual([expect.stringMatching(/^Configuration: SECRET_ENCRYPTION_KEY is required in production/)]);
});

for (const runtime of ["deno", "node"] as const) {
  test(`on ${runtime}, a port already in use stops the start with one line naming PORT`, async () => {
    const port = await freePort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const porch = run("node", ["scripts/start.mjs", runtime], {
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: process.env.E2E_DATABASE_URL_NODE!,
      });
      expect(await porch.exited).toBe(1);
      const problems = porch
        .output()
        .split("\n")
        .filter((l) => l.startsWith("Configuration: "));
      expect(problems).toEqual([
        `Configuration: port ${port} on 127.0.0.1 is already in use: stop what listens there, or set PORT to another port`,
      ]);
      expect(porch.output()).not.toMatch(/\bat .*\.(js|ts|mjs):\d+/); // no stack trace
    } finally {
      squatter.close();
    }
  });
}
