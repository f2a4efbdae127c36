// `npm run bench`: measurements, never pass/fail. For now: the audit log page at 1 000 000 rows
// (first page, a deep keyset page, each filter, a CSV export), served by the built server on Node,
// driven over HTTP from this process. Prints a table and writes bench/results.json.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import postgres from "postgres";
import { buildIsStale } from "./lib/build-state.mjs";
import { freePort, startEmbeddedPostgres } from "./lib/embedded-db.mjs";

const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

if (buildIsStale()) spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });

const tempDir = mkdtempSync(path.join(os.tmpdir(), "porch-bench-"));
const db = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "pg"), database: "porch_bench" });
const sql = postgres(db.url, { max: 2, onnotice: () => {} });
let server = null;
try {
  const migrate = spawnSync(process.execPath, ["scripts/cli.mjs", "migrate"], { env: { ...process.env, DATABASE_URL: db.url } });
  if (migrate.status !== 0) throw new Error(`migrate failed: ${migrate.stderr}`);

  console.log(`Seeding ${ROWS.toLocaleString("en")} audit rows…`);
  let t = performance.now();
  const [admin] = await sql`insert into users (username) values ('bench-admin') returning id`;
  await sql`insert into user_permissions (user_id, permission) values (${admin.id}, 'admin')`;
  await sql`insert into server_settings (key, value) values ('onboarded_at', '"bench"')`;
  await sql`
    insert into audit_log (created_at, actor_type, actor_user_id, action, target_type, target_id, ip, user_agent, details)
    select now() - (i * interval '7 seconds'),
           case when i % 5 = 0 then 'anonymous' else 'user' end,
           case when i % 5 = 0 then null else ${admin.id}::uuid end,
           (array['auth.sign-in', 'auth.sign-in.failed', 'user.profile-updated', 'group.member-added', 'access.denied'])[1 + i % 5],
           'user', (i % 1000)::text, '10.' || (i % 250) || '.' || (i % 7) || '.1', 'bench', jsonb_build_object('n', i)
      from generate_series(1, ${ROWS}) i`;
  await sql`analyze audit_log`;
  const seedMs = performance.now() - t;

  const id = randomBytes(20).toString("hex").slice(0, 32).replace(/[^a-z2-7]/g, "a");
  const secret = randomBytes(20).toString("hex").slice(0, 32).replace(/[^a-z2-7]/g, "b");
  const hash = createHash("sha256").update(secret).digest();
  await sql`
    insert into sessions (id, secret_hash, user_id, remember, expires_at, max_expires_at)
    values (${id}, ${hash}, ${admin.id}, true, now() + interval '1 day', now() + interval '1 day')`;
  const cookie = `porch_session=${id}.${secret}`;
  const [deep] = await sql`select created_at, id from audit_log order by created_at desc, id desc offset ${Math.floor(ROWS / 2)} limit 1`;
  const deepCursor = `${deep.created_at.toISOString()}_${deep.id}`;

  const port = await freePort();
  server = spawn(process.execPath, ["build/server.mjs"], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), PORCH_ACCESS_LOG: "false", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve) => server.stdout.on("data", (d) => String(d).includes("ready") && resolve()));

  const base = `http://127.0.0.1:${port}`;
  async function measure(name, url, runs = RUNS) {
    const times = [];
    let bytes = 0;
    for (let i = 0; i < runs + 2; i++) {
      const start = performance.now();
      const res = await fetch(base + url, { headers: { Cookie: cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
      if (i >= 2) times.push(performance.now() - start); // two warm-up requests
      bytes = body.byteLength;
    }
    times.sort((a, b) => a - b);
    const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    return { name, url, p50: +pct(0.5).toFixed(1), p95: +pct(0.95).toFixed(1), bytes };
  }
  const results = [
    await measure("logs: first page", "/manage/tools/logs"),
    await measure("logs: page at row 500 000 (keyset)", `/manage/tools/logs?cursor=${encodeURIComponent(deepCursor)}`),
    await measure("logs: action filter", "/manage/tools/logs?action=auth.sign-in.failed"),
    await measure("logs: action prefix filter", "/manage/tools/logs?action=auth."),
    await measure("logs: IP filter", "/manage/tools/logs?ip=10.42.0.1"),
    await measure("logs: actor filter", "/manage/tools/logs?actor=bench-admin"),
    await measure("logs: 30-day range, chart per day", `/manage/tools/logs?from=${new Date(Date.now() - 30 * 864e5).toISOString().slice(0, 16)}`),
    await measure("logs: CSV of one day (~12 000 rows)", `/manage/tools/logs.csv?from=${new Date(Date.now() - 864e5).toISOString().slice(0, 16)}`, 5),
  ];
  console.log(`\nSeeded in ${(seedMs / 1000).toFixed(1)} s. Audit log at ${ROWS.toLocaleString("en")} rows (ms, ${RUNS} runs each):\n`);
  console.log("| scenario | p50 ms | p95 ms | bytes |\n| --- | ---: | ---: | ---: |");
  for (const r of results) console.log(`| ${r.name} | ${r.p50} | ${r.p95} | ${r.bytes} |`);
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/results.json", JSON.stringify({ date: new Date().toISOString(), auditRows: ROWS, seedMs: Math.round(seedMs), results }, null, 2));
  console.log("\nWrote bench/results.json");
} finally {
  server?.kill("SIGTERM");
  await sql.end();
  await db.stop();
  rmSync(tempDir, { recursive: true, force: true });
}
