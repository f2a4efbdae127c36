import { expect, test } from "@playwright/test";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-db.mjs";
import { runtimeCommand, RUNTIME_ENV } from "../../scripts/lib/runtimes.mjs";
import postgres from "postgres";
import { startWebhookReceiver } from "../../scripts/lib/test-webhook-receiver.mjs";
import { run, type Running } from "./process";

// Production behaviour of the built server: several instances on one database, the database going
// away and coming back, and SIGTERM in the middle of a request.
test.describe.configure({ mode: "serial" });

const dataDir = mkdtempSync(path.join(os.tmpdir(), "porch-ops-"));
let db: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
let pgPort: number;
const servers: Running[] = [];

test.beforeAll(async () => {
  pgPort = await freePort();
  db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: pgPort });
});
test.afterAll(async () => {
  for (const s of servers) s.child.kill("SIGKILL");
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startServer(runtime: "deno" | "node", port: number): Promise<Running> {
  const [command, args] = runtimeCommand(runtime);
  const server = run(command, args, {
    ...RUNTIME_ENV,
    PORT: String(port),
    DATABASE_URL: db.url,
    NODE_ENV: "production",
    // The webhook receiver below listens on 127.0.0.1.
    WEBHOOK_ALLOWED_HOSTS: "loopback",
  });
  servers.push(server);
  await server.waitFor("Porch is ready");
  return server;
}

function form(base: string, pathname: string, body: string, cookie?: string) {
  return fetch(`${base}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body,
  });
}

const sessionOf = async (base: string, cookie: string) => (await fetch(`${base}/api/auth/session`, { headers: { Cookie: cookie } })).json();

test("two instances share sessions and lockout counts: sign in on one, use and sign out on the other; jobs run once", async () => {
  const [portA, portB] = [await freePort(), await freePort()];
  const a = await startServer("deno", portA);
  const b = await startServer("node", portB);
  const [A, B] = [`http://localhost:${portA}`, `http://localhost:${portB}`];
  const init = await form(A, "/init", "username=ops&password=violet-cactus-umbrella&confirmPassword=violet-cactus-umbrella");
  expect(init.status).toBe(302);
  const cookie = init.headers.get("set-cookie")!.split(";")[0];
  expect((await sessionOf(B, cookie)).user.username).toBe("ops");

  // Webhooks: each event's message is sent once, whichever instance recorded it and whichever sends it.
  const receiver = await startWebhookReceiver();
  try {
    const added = await form(
      A,
      "/manage/webhooks",
      `name=ops&url=${encodeURIComponent(`${receiver.url}/ops`)}&events=api-key.created`,
      cookie,
    );
    expect(added.status).toBe(200);
    receiver.setSecret(/value="(whsec_[^"]+)"/.exec(await added.text())![1]);
    for (let i = 0; i < 6; i++) {
      const made = await form(i % 2 ? A : B, "/settings/api-keys", `intent=create&description=key-${i}&never=on`, cookie);
      expect(made.status, (await made.text()).slice(0, 300)).toBe(200);
    }
    await expect.poll(() => receiver.messages.length, { timeout: 20_000 }).toBe(6);
    await new Promise((r) => setTimeout(r, 2_000));
    const ids = receiver.messages.map((m) => m.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(6);
    expect(receiver.messages).toHaveLength(6);
    expect(receiver.messages.every((m) => m.verified)).toBe(true);
  } finally {
    await receiver.close();
  }

  expect((await form(B, "/api/auth/signout", "", cookie)).status).toBe(302);
  expect(await sessionOf(A, cookie)).toBeNull();
  // Failed attempts count across instances: 5 spread over both lock the account on both.
  for (let i = 0; i < 5; i++) await form(i % 2 ? A : B, "/auth/login", "username=ops&password=wrong-password");
  for (const base of [A, B]) {
    const locked = await form(base, "/auth/login", "username=ops&password=violet-cactus-umbrella");
    expect(locked.status).toBe(400);
    expect(await locked.text()).toContain("Too many attempts");
  }
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  await sql`delete from auth_throttle`;
  await sql.end();
  const sweeps = (a.output() + b.output()).match(/"job":"sessions\.sweep"/g) ?? [];
  expect(sweeps).toHaveLength(1);
  for (const s of [a, b]) s.child.kill("SIGTERM");
  expect(await a.exited).toBe(0);
  expect(await b.exited).toBe(0);
});

test("when PostgreSQL stops under load: 503s, no crash, and all good soon after it is back", async () => {
  const port = await freePort();
  const server = await startServer("deno", port);
  const base = `http://localhost:${port}`;
  const signIn = await form(base, "/auth/login", "username=ops&password=violet-cactus-umbrella");
  const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
  // What the load saw, per phase: answered before the stop, during it, and after PostgreSQL is back.
  const phases = { before: new Set<number>(), down: new Set<number>(), back: new Set<number>() };
  let phase: keyof typeof phases = "before";
  let loading = true;
  const load = (async () => {
    while (loading) {
      const seenIn = phase;
      const res = await fetch(`${base}/`, { headers: { Cookie: cookie }, redirect: "manual" }).catch(() => null);
      if (res) phases[seenIn].add(res.status);
      await res?.arrayBuffer();
    }
  })();
  await expect.poll(() => phases.before.has(200)).toBe(true);
  phase = "down";
  await db.stop();
  const page = await fetch(`${base}/`, { headers: { Cookie: cookie } });
  expect(page.status).toBe(503);
  expect(await page.text()).toContain("Porch can't reach its database");
  const api = await fetch(`${base}/api/auth/session`, { headers: { Cookie: cookie } });
  expect(api.status).toBe(503);
  expect(await api.json()).toMatchObject({ error: "database_unavailable" });

  db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: pgPort });
  const backAt = Date.now();
  await expect
    .poll(async () => (await fetch(`${base}/`, { headers: { Cookie: cookie } })).status, { timeout: 5_000, intervals: [100] })
    .toBe(200);
  test.info().annotations.push({ type: "recovered after", description: `${Date.now() - backAt} ms` });
  phase = "back";
  await expect.poll(() => phases.back.has(200)).toBe(true);
  loading = false;
  await load;
  // Requests sent before the stop may still be answered 503 (or 200) while it happens: never anything else.
  const seen = [...phases.before, ...phases.down, ...phases.back];
  expect(seen.filter((s) => s !== 200 && s !== 503)).toEqual([]);
  expect((await sessionOf(base, cookie)).user.username).toBe("ops");
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
});

for (const runtime of ["deno", "node"] as const) {
  test(`on ${runtime}, SIGTERM during a slow request lets it finish, then exits 0`, async () => {
    const port = await freePort();
    const server = await startServer(runtime, port);
    const body = "username=ops&password=wrong-password";
    const answer = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/auth/login",
          method: "POST",
          headers: {
            Origin: `http://localhost:${port}`,
            Host: `localhost:${port}`,
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": body.length,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      // Half the body now, the rest after the server was told to stop.
      req.write(body.slice(0, 10));
      setTimeout(() => {
        server.child.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    expect(await answer).toBe(400);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain("Porch received SIGTERM");
  });
}

test("the Docker image's layout (build and scripts, no sources) migrates and starts without rebuilding", async () => {
  const image = mkdtempSync(path.join(os.tmpdir(), "porch-image-"));
  try {
    for (const entry of ["build", "scripts", "package.json"]) cpSync(entry, path.join(image, entry), { recursive: true });
    symlinkSync(path.resolve("node_modules"), path.join(image, "node_modules"));
    const env = { ...RUNTIME_ENV, DATABASE_URL: db.url, NODE_ENV: "production" };
    const migrate = run("node", [path.join(image, "scripts/cli.mjs"), "migrate"], env, image);
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toContain("The database is up to date.");
    const port = await freePort();
    const server = run("node", [path.join(image, "scripts/start.mjs"), "deno"], { ...env, PORT: String(port) }, image);
    servers.push(server);
    await server.waitFor("Porch is ready");
    expect(server.output()).not.toContain("Building Porch");
    expect((await fetch(`http://localhost:${port}/api/health`)).status).toBe(200);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  } finally {
    rmSync(image, { recursive: true, force: true });
  }
});

test("the CLI rescues a locked-out instance: recreate-admin, then reset-password", async () => {
  const env = { ...RUNTIME_ENV, DATABASE_URL: db.url, NODE_ENV: "production" };
  const created = run("node", ["scripts/cli.mjs", "recreate-admin", "rescuer"], env);
  expect(await created.exited).toBe(0);
  const first = /Created administrator rescuer with password: (\S+)/.exec(created.output())![1];
  const reset = run("node", ["scripts/cli.mjs", "reset-password", "RESCUER"], env);
  expect(await reset.exited).toBe(0);
  const second = /New password for rescuer: (\S+)/.exec(reset.output())![1];
  expect(second).not.toBe(first);
  const unknown = run("node", ["scripts/cli.mjs", "reset-password", "nobody-at-all"], env);
  expect(await unknown.exited).toBe(1);
  expect(unknown.output()).toContain('No user is called "nobody-at-all".');

  const port = await freePort();
  const server = await startServer("node", port);
  const base = `http://localhost:${port}`;
  expect((await form(base, "/auth/login", `username=rescuer&password=${first}`)).status).toBe(400);
  const signIn = await form(base, "/auth/login", `username=rescuer&password=${second}`);
  expect(signIn.status).toBe(302);
  const session = await sessionOf(base, signIn.headers.get("set-cookie")!.split(";")[0]);
  expect(session.permissions).toContain("admin");
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
});

test("refuses a session cookie a sibling subdomain could plant: over https only __Host-porch_session counts", async () => {
  const admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe("drop database if exists porch_host_cookies with (force)");
  await admin.unsafe("create database porch_host_cookies");
  await admin.end();
  const url = new URL(db.url);
  url.pathname = "/porch_host_cookies";
  const port = await freePort();
  const [command, args] = runtimeCommand("deno");
  // Served over https behind a proxy (here: reached directly, the cookies are what matters).
  const origin = `https://localhost:${port}`;
  const server = run(command, args, {
    ...RUNTIME_ENV,
    PORT: String(port),
    DATABASE_URL: url.toString(),
    NODE_ENV: "production",
    BASE_URL: origin,
  });
  servers.push(server);
  await server.waitFor("Porch is ready");
  const base = `http://localhost:${port}`;
  const init = await fetch(`${base}/init`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: "username=hostly&password=violet-cactus-umbrella&confirmPassword=violet-cactus-umbrella",
  });
  expect(init.status).toBe(302);
  const set = init.headers.get("set-cookie")!;
  expect(set).toMatch(/^__Host-porch_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax(; [^;]+)*; Secure/);
  expect(set).not.toMatch(/Domain=/i);
  const token = set.split(";")[0].split("=")[1];
  // What evil.example.com can set for the whole domain: the same token under the bare name.
  expect(await sessionOf(base, `porch_session=${token}`)).toBeNull();
  expect((await sessionOf(base, `__Host-porch_session=${token}`)).user.username).toBe("hostly");
  server.child.kill("SIGTERM");
  await server.exited;
});
