import { readFile, stat } from "node:fs/promises";
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

/**
 * Serves a file from `root` for GET/HEAD, or returns null to let the app answer.
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
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  const headers = new Headers({
    "Content-Type": type,
    "Cache-Control": decoded.startsWith("/assets/") ? IMMUTABLE : SHORT,
    "X-Content-Type-Options": "nosniff",
    "Accept-Ranges": "none",
  });
  let chosen = { file, size: info.size, mtimeMs: info.mtimeMs, encoding: null as Encoding | null };
  if (isCompressibleType(type)) {
    varyOnAcceptEncoding(headers);
    const accepted = request.headers.get("accept-encoding");
    // Each coding the client accepts, best first, until one was built (tiny files have none).
    for (let offered = ["br", "gzip"] as Encoding[]; ;) {
      const encoding = preferredEncoding(accepted, offered);
      if (!encoding) break;
      const variant = await stat(file + SUFFIX[encoding]).catch(() => null);
      if (variant?.isFile()) {
        chosen = { file: file + SUFFIX[encoding], size: variant.size, mtimeMs: variant.mtimeMs, encoding };
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
