import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { randomToken } from "~/auth/tokens.server";
import { createInvite } from "~/models/invites.server";
import { DAY } from "~/utils/time";
import { freePort } from "../../scripts/lib/embedded-db.mjs";
import { runtimeCommand, RUNTIME_ENV } from "../../scripts/lib/runtimes.mjs";
import { ownCluster } from "./own-cluster";
import { run } from "./process";

// The server's own output (access log on, as in production), read as a log shipper would: a live
// invite or reset token must never appear in it, however the path was spelled.
test.describe.configure({ mode: "serial" });

const cluster = ownCluster("porch-logs-");

async function accessLog(runtime: "deno" | "node") {
  const port = await freePort();
  const [command, args] = runtimeCommand(runtime);
  const server = run(command, args, {
    ...RUNTIME_ENV,
    PORT: String(port),
    DATABASE_URL: cluster.db.url,
    NODE_ENV: "production",
    PORCH_ACCESS_LOG: "true",
    AUDIT_LOG_STDOUT: "true",
  });
  cluster.servers.push(server);
  await server.waitFor("Porch is ready");
  const base = `http://localhost:${port}`;
  if (runtime === "deno") {
    const init = await fetch(`${base}/init`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: "username=logs&password=violet-cactus-umbrella&confirmPassword=violet-cactus-umbrella",
    });
    expect(init.status).toBe(302);
  }
  const sql = postgres(cluster.db.url, { max: 1, onnotice: () => {} });
  const { token: invite } = await createInvite(sql, { userId: null, ip: null, userAgent: null }, DAY);
  await sql.end();
  const tokens = [invite, ...Array.from({ length: 5 }, () => randomToken())];
  const paths = [
    `/auth/invite/${tokens[0]}`,
    `/auth/reset/${tokens[1]}`,
    `/AUTH/Reset/${tokens[2]}.data`,
    `/auth/invite/${tokens[3]}/`,
    `/auth//invite/${tokens[4]}`,
    `/auth/reset/${tokens[5].slice(0, 20)}%2F${tokens[5].slice(20)}`,
  ];
  for (const p of paths) await fetch(`${base}${p}`, { redirect: "manual" });
  const posted = await fetch(`${base}/auth/invite/${tokens[0]}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: "username=&password=x",
  });
  expect(posted.status).toBe(400);
  await server.waitFor(/"method":"POST","path":"\/auth\/invite\/[^"]*","status":400/);
  const output = server.output();
  for (const token of tokens) expect(output).not.toContain(token.slice(0, 12));
  expect(output).toContain('"path":"/auth/invite/[token]"');
  expect(output).toContain('"path":"/auth/reset/[token]"');
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
}

test("on deno, refuses to write invite and reset tokens into the access log", () => accessLog("deno"));
test("on node, refuses to write invite and reset tokens into the access log", () => accessLog("node"));
