import { readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isCompressibleType, preferredEncoding, varyOnAcceptEncoding, type Encoding } from "./accept-encoding";

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

/** scripts/build.mjs writes `<file>.br` and `<file>.gz` beside each compressible file big enough to gain. */
const SUFFIX: Record<Encoding, string> = { br: ".br", gzip: ".gz" };

interface Entry {
  file: string;
  size: number;
  mtimeMs: number;
}
interface Indexed extends Entry {
  variants: Partial<Record<Encoding, Entry>>;
}

// One index per root, made on the first request: the build is immutable in production (in development
// Vite serves the assets itself, scripts/dev.mjs), so no request ever stats the file system.
const indexes = new Map<string, Map<string, Indexed>>();

/** Every file under `root` by URL path; `.br`/`.gz` copies hang off their original, never at their own URL. */
function indexFiles(root: string): Map<string, Indexed> {
  const entries = new Map<string, Entry>();
  const walk = (dir: string, prefix: string) => {
    let names: import("node:fs").Dirent[];
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const dirent of names) {
      const file = path.join(dir, dirent.name);
      if (dirent.isDirectory()) walk(file, `${prefix}${dirent.name}/`);
      else if (dirent.isFile()) {
        const info = statSync(file);
        entries.set(`${prefix}${dirent.name}`, { file, size: info.size, mtimeMs: info.mtimeMs });
      }
    }
  };
  walk(root, "/");
  const index = new Map<string, Indexed>();
  for (const [url, entry] of entries) {
    const coding = (Object.keys(SUFFIX) as Encoding[]).find((e) => url.endsWith(SUFFIX[e]));
    if (coding && entries.has(url.slice(0, -SUFFIX[coding].length))) continue;
    const variants: Indexed["variants"] = {};
    for (const e of Object.keys(SUFFIX) as Encoding[]) {
      const variant = entries.get(url + SUFFIX[e]);
      if (variant) variants[e] = variant;
    }
    index.set(url, { ...entry, variants });
  }
  return index;
}

/** Reads `root` now rather than on the first request (server start). */
export function indexStatic(root: string): void {
  indexes.set(root, indexFiles(root));
}

/**
 * Serves a file from `root` for GET/HEAD, or returns null to let the app answer.
 * Only files present when `root` was indexed are served (see indexStatic).
 * Paths that climb out of `root` (../, encoded or not) get 400.
 * A compressible file goes out as its precompressed `.br` or `.gz` when the request accepts it and the
 * build made one (`Vary: Accept-Encoding` either way), each coding with its own ETag; `If-None-Match`
 * answers 304. `Range` is ignored: the whole representation, 200, as before (RFC 9110 allows it).
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
  let index = indexes.get(root);
  if (!index) indexes.set(root, (index = indexFiles(root)));
  const found = index.get(decoded);
  if (!found) return null;
  const type = TYPES[path.extname(decoded).toLowerCase()] ?? "application/octet-stream";
  const headers = new Headers({
    "Content-Type": type,
    "Cache-Control": decoded.startsWith("/assets/") ? IMMUTABLE : SHORT,
    "X-Content-Type-Options": "nosniff",
    "Accept-Ranges": "none",
  });
  let chosen = { ...(found as Entry), encoding: null as Encoding | null };
  if (isCompressibleType(type)) {
    varyOnAcceptEncoding(headers);
    const accepted = request.headers.get("accept-encoding");
    // Each coding the client accepts, best first, until one was built (tiny files have none).
    for (let offered = ["br", "gzip"] as Encoding[]; ;) {
      const encoding = preferredEncoding(accepted, offered);
      if (!encoding) break;
      const variant = found.variants[encoding];
      if (variant) {
        chosen = { ...variant, encoding };
        headers.set("Content-Encoding", encoding);
        break;
      }
      offered = offered.filter((e) => e !== encoding);
    }
  }
  // Size and time of the bytes sent, and their coding: a cache never takes one coding's bytes for another's.
  const etag = `"${chosen.size.toString(16)}-${Math.floor(chosen.mtimeMs).toString(16)}${chosen.encoding ? `-${chosen.encoding}` : ""}"`;
  headers.set("ETag", etag);
  if (matchesEtag(request.headers.get("if-none-match"), etag)) {
    const kept = ["ETag", "Cache-Control", "Vary"]
      .filter((name) => headers.has(name))
      .map((name): [string, string] => [name, headers.get(name)!]);
    return new Response(null, { status: 304, headers: kept });
  }
  headers.set("Content-Length", String(chosen.size));
  if (request.method === "HEAD") return new Response(null, { headers });
  return new Response(new Uint8Array(await readFile(chosen.file)), { headers });
}

/** `If-None-Match` names this ETag (weak comparison, as RFC 9110 asks for GET and HEAD), or is `*`. */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}
