// What a page costs over the wire: its HTML, stylesheets and scripts fetched from the running server as a
// browser asks for them (`Accept-Encoding: br, gzip`), counting the bytes that arrive, not what they decode to.
// Shared by the bench and the budget test (tests/e2e/compression.spec.ts), so both say the same.
import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

export const BROWSER_ENCODINGS = "br, gzip";

/**
 * One request, its answer as raw bytes: the body as sent (still encoded), its decoded form, and the headers.
 * @param {string} url
 * @param {{ method?: string; headers?: Record<string, string>; body?: string }} [options]
 */
export function rawFetch(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const wire = Buffer.concat(chunks);
        const encoding = res.headers["content-encoding"] ?? null;
        // HEAD and 304 carry the coding's headers and no body.
        const decoded =
          wire.length === 0 ? wire : encoding === "br" ? brotliDecompressSync(wire) : encoding === "gzip" ? gunzipSync(wire) : wire;
        resolve({ status: res.statusCode, headers: res.headers, encoding, wire, body: decoded });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const kb = (n) => +(n / 1024).toFixed(1);

/**
 * The page at `path` and every stylesheet and script its HTML names (links, module preloads, module
 * scripts and imports): files, KB over the wire and KB decoded, per kind, and the coding each arrived in.
 */
export async function wireBytes(base, path, headers = {}) {
  const ask = { ...headers, "accept-encoding": BROWSER_ENCODINGS };
  const page = await rawFetch(base + path, { headers: ask });
  const html = page.body.toString("utf8");
  // The build's modules, and the plain scripts some pages add (the password hint, the passkey button).
  const scripts = new Set([...html.matchAll(/(?:href|src)="(\/(?:assets\/)?[^"/]+\.js)"/g)].map((m) => m[1]));
  for (const m of html.matchAll(/import\s+(?:\*\s+as\s+\w+\s+from\s+)?"(\/assets\/[^"]+\.js)"/g)) scripts.add(m[1]);
  const styles = new Set([...html.matchAll(/href="(\/assets\/[^"]+\.css)"/g)].map((m) => m[1]));
  const encodings = { [path]: page.encoding };
  const sum = async (sources) => {
    let wire = 0;
    let decoded = 0;
    for (const src of sources) {
      const res = await rawFetch(base + src, { headers: ask });
      encodings[src] = res.encoding;
      wire += res.wire.length;
      decoded += res.body.length;
    }
    return { files: sources.size, wireKb: kb(wire), decodedKb: kb(decoded) };
  };
  return {
    status: page.status,
    html: { files: 1, wireKb: kb(page.wire.length), decodedKb: kb(page.body.length) },
    css: await sum(styles),
    js: await sum(scripts),
    encodings,
  };
}

/**
 * The login page's HTML + CSS + JavaScript over the wire with brotli, in KB: 97.5 when compression came
 * (91.5 of it JavaScript, 9 files); ~6 since the sign-in pages ship no JavaScript (ADR 024). The issue's
 * target for its JavaScript alone is 20 KB.
 */
export const LOGIN_PAGE_WIRE_BUDGET_KB = 20;
