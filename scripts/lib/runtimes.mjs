// How to run build/server.mjs on each runtime.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** The deno binary the `deno` npm package ships (nothing else to install). */
export function denoBinary() {
  const dir = path.dirname(require.resolve("deno/package.json"));
  return path.join(dir, "deno");
}

/** @returns {[string, string[]]} the command and its arguments */
export function runtimeCommand(runtime, entry = "build/server.mjs") {
  if (runtime === "deno") {
    // -A: the server reads env and files, opens sockets and loads argon2's native addon (FFI).
    // --unstable-no-legacy-abort: request.signal aborts only when the client goes away (Remix's meaning).
    return [denoBinary(), ["run", "-A", "--no-lock", "--node-modules-dir=manual", "--unstable-no-legacy-abort", entry]];
  }
  if (runtime === "node") return [process.execPath, [entry]];
  throw new Error(`Unknown runtime "${runtime}": use deno or node`);
}

export const RUNTIME_ENV = { DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" };
