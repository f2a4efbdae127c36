// How to run build/server.mjs on each runtime.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** The deno binary the `deno` npm package ships (nothing else to install). */
export function denoBinary() {
  const dir = path.dirname(require.resolve("deno/package.json"));
  return path.join(dir, "deno");
}

/**
 * V8's garbage collector, tuned for a small server (ADR 027): the old generation grows by 20 % between full
 * collections instead of up to 4x under load (Deno's peak RSS under 100 connections ~280 → ~190 MB), and on
 * Deno memory is handed back 2 s after the load stops instead of ~30 s (Node 20's V8 has no such flags).
 * On Deno (production) the young generation is capped at 4 MB semi-spaces (V8's default grows to 16): peak
 * RSS under 100 connections 207–226 → 143–180 MB, for about a tenth of the throughput (ADR 027, amended).
 */
const V8_FLAGS = ["--heap-growing-percent=20"];
const DENO_V8_FLAGS = [...V8_FLAGS, "--memory-reducer-delay-ms=2000", "--gc-memory-reducer-start-delay-ms=2000", "--max-semi-space-size=4"];

/** @returns {[string, string[]]} the command and its arguments */
export function runtimeCommand(runtime, entry = "build/server.mjs") {
  if (runtime === "deno") {
    // -A: the server reads env and files, opens sockets and loads argon2's native addon (FFI).
    // --unstable-no-legacy-abort: request.signal aborts only when the client goes away (Remix's meaning).
    const flags = [
      "run",
      "-A",
      "--no-lock",
      "--node-modules-dir=manual",
      "--unstable-no-legacy-abort",
      `--v8-flags=${DENO_V8_FLAGS.join(",")}`,
    ];
    return [denoBinary(), [...flags, entry]];
  }
  if (runtime === "node") return [process.execPath, [...V8_FLAGS, entry]];
  throw new Error(`Unknown runtime "${runtime}": use deno or node`);
}

export const RUNTIME_ENV = { DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" };
