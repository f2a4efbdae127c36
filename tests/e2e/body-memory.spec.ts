import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import http from "node:http";
import { freePort } from "../../scripts/lib/embedded-db.mjs";
import { runtimeCommand, RUNTIME_ENV } from "../../scripts/lib/runtimes.mjs";
import { ownCluster } from "./own-cluster";
import { run } from "./process";

// The server's own memory under huge anonymous bodies, measured from /proc (peak RSS, VmHWM): before
// the request gate, one 60 MB sign-in took either runtime from ~100 MB to ~730 MB, and three 200 MB
// chunked bodies in parallel to 2.3–3.6 GB (the Fly VM has 512 MB).
test.describe.configure({ mode: "serial" });

const cluster = ownCluster("porch-memory-");

const megabytes = (pid: number, key: "VmRSS" | "VmHWM") =>
  Math.round(Number(readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${key}:\\s+(\\d+)`))![1]) / 1024);

/** POSTs `total` bytes (declared, or chunked without a length); stops sending once the server answers. */
function post(port: number, total: number, chunked: boolean): Promise<{ status: number | null; sentMb: number }> {
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string | number> = {
      Host: `localhost:${port}`,
      Origin: `http://localhost:${port}`,
      "Content-Type": "application/x-www-form-urlencoded",
      ...(chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": total }),
    };
    const req = http.request({ host: "127.0.0.1", port, path: "/auth/login", method: "POST", headers }, (res) => {
      answered = true;
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? null, sentMb: Math.round(sent / 2 ** 20) }));
    });
    req.on("error", () => resolve({ status: null, sentMb: Math.round(sent / 2 ** 20) }));
    const chunk = Buffer.alloc(2 ** 20, "a");
    const pump = () => {
      while (!answered && sent < total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

async function hugeBodies(runtime: "deno" | "node") {
  test.setTimeout(90_000);
  const port = await freePort();
  const [command, args] = runtimeCommand(runtime);
  const server = run(command, args, {
    ...RUNTIME_ENV,
    PORT: String(port),
    DATABASE_URL: cluster.db.url,
    NODE_ENV: "production",
    PORCH_ACCESS_LOG: "false",
  });
  cluster.servers.push(server);
  await server.waitFor("Porch is ready");
  const pid = server.child.pid!;
  for (let i = 0; i < 3; i++) expect((await post(port, 100, false)).status).toBeLessThan(500);
  const before = megabytes(pid, "VmHWM");
  const one = await post(port, 60 * 2 ** 20, false);
  const three = await Promise.all([1, 2, 3].map(() => post(port, 200 * 2 ** 20, true)));
  const peak = megabytes(pid, "VmHWM");
  console.log(
    `${runtime}: peak RSS ${before} MB → ${peak} MB (now ${megabytes(pid, "VmRSS")} MB); sent ${one.sentMb} MB, ${three.map((t) => t.sentMb).join(" / ")} MB`,
  );
  expect([one, ...three].map((r) => r.status)).toEqual([413, 413, 413, 413]);
  expect(peak - before).toBeLessThan(40);
  // And the server still answers.
  expect((await post(port, 100, false)).status).toBeLessThan(500);
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
}

test("on deno, refuses 60 MB and 3 × 200 MB anonymous sign-in bodies with 413 while memory stays flat", () => hugeBodies("deno"));
test("on node, refuses 60 MB and 3 × 200 MB anonymous sign-in bodies with 413 while memory stays flat", () => hugeBodies("node"));
