import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

// Vite puts content-hashed files under /assets/: they never change, so browsers may keep them a year.
const IMMUTABLE = "public, max-age=31536000, immutable";
const SHORT = "public, max-age=3600";

/**
 * Serves a file from `root` for GET/HEAD, or returns null to let the app answer.
 * Paths that climb out of `root` (../, encoded or not) get 400.
 */
export async function serveStatic(request: Request, root: string): Promise<Response | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  const { pathname } = new URL(request.url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return new Response("Bad request\n", { status: 400 });
  }
  if (decoded.includes("\0") || decoded.split(/[\\/]/).includes("..")) {
    return new Response("Bad request\n", { status: 400 });
  }
  const file = path.join(root, decoded);
  if (file !== root && !file.startsWith(root + path.sep)) return new Response("Bad request\n", { status: 400 });
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  const headers = new Headers({
    "Content-Type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
    "Content-Length": String(info.size),
    "Cache-Control": decoded.startsWith("/assets/") ? IMMUTABLE : SHORT,
    "X-Content-Type-Options": "nosniff",
  });
  if (request.method === "HEAD") return new Response(null, { headers });
  return new Response(new Uint8Array(await readFile(file)), { headers });
}
