// Brotli and gzip copies of the client build, made once at build time so that serving them costs a file
// read (app/server/static.server.ts picks one by Accept-Encoding). Maximum effort: it is paid once per build.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** Text-like files; images, fonts and archives are compressed already. */
const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".svg", ".json", ".map", ".txt", ".html", ".xml", ".webmanifest"]);
/** Below this, brotli saves a few bytes at most; above, a third or more (Vite's small chunks are 300–900 bytes). */
const MIN_BYTES = 256;

/** Writes `<file>.br` and `<file>.gz` beside each compressible file under `dir` where it is smaller; returns the totals. */
export function precompress(dir) {
  const totals = { files: 0, bytes: 0, br: 0, gzip: 0 };
  for (const entry of readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, String(entry));
    if (!COMPRESSIBLE.has(path.extname(file).toLowerCase()) || !statSync(file).isFile()) continue;
    const raw = readFileSync(file);
    if (raw.length < MIN_BYTES) continue;
    const br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    const gzip = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
    // A copy that isn't smaller is left out; the server then sends the file as it is.
    if (br.length < raw.length) writeFileSync(`${file}.br`, br);
    if (gzip.length < raw.length) writeFileSync(`${file}.gz`, gzip);
    totals.files++;
    totals.bytes += raw.length;
    totals.br += Math.min(br.length, raw.length);
    totals.gzip += Math.min(gzip.length, raw.length);
  }
  return totals;
}
