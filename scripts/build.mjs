// Builds the Remix app (build/client, build/server) and the runtime entry (build/server.mjs).
import { build as esbuild } from "esbuild";
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { precompress } from "./lib/precompress.mjs";

rmSync("build", { recursive: true, force: true });
const vite = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], {
  stdio: "inherit",
});
if (vite.status !== 0) process.exit(vite.status ?? 1);

// The sign-in pages' own scripts: those pages ship no React (issue #18), so each is bundled on its own.
// passkey.js: the passkey button; device-wait.js: the TV waiting for its code's approval (ADR 039).
for (const [entry, out] of [
  ["app/browser/passkey-answer.ts", "passkey.js"],
  ["app/browser/device-wait.ts", "device-wait.js"],
]) {
  await esbuild({
    entryPoints: [entry],
    outfile: `build/client/${out}`,
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    logLevel: "warning",
  });
}

const packed = precompress("build/client");
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.log(`Precompressed ${packed.files} files in build/client: ${kb(packed.bytes)} → ${kb(packed.br)} brotli, ${kb(packed.gzip)} gzip`);

// Written last: its time is the build's time (see scripts/lib/build-state.mjs).
await esbuild({
  entryPoints: ["server.ts"],
  outfile: "build/server.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "es2022",
  packages: "external",
  logLevel: "warning",
});
console.log("Built build/server.mjs");
