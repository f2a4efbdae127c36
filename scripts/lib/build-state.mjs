// Decides whether build/ is older than the sources it is made from.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "db", "public", "server.ts", "vite.config.ts", "package.json", "package-lock.json"];
export const BUILD_MARKER = path.join("build", "server.mjs");

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const info = statSync(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/**
 * True when the build is missing or any source changed after it was made. An image that ships
 * only build/ (no app/ to build from) is never stale.
 */
export function buildIsStale(root = process.cwd()) {
  const marker = path.join(root, BUILD_MARKER);
  if (!existsSync(marker) || !existsSync(path.join(root, "build", "server", "index.js"))) return true;
  if (!existsSync(path.join(root, "app"))) return false;
  const built = statSync(marker).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}
