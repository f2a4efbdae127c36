import zlib from "node:zlib";
import { isCompressibleType, preferredEncoding, varyOnAcceptEncoding, type Encoding } from "../accept-encoding";
import { concatBytes } from "../read-limited.server";

/** Below this a body gains too little to pay for the compressor and the framing. */
export const MIN_COMPRESS_BYTES = 1024;

/**
 * Compresses the pipeline's HTML and JSON (and other text) with brotli or gzip when the request accepts
 * it, the body is at least MIN_COMPRESS_BYTES, and compressing can't leak a secret (`breachSafe`). The
 * body stays a stream: the first kilobyte is read to decide, the rest is compressed as it comes, and
 * whatever has come goes out whenever the page pauses (Remix streams deferred data).
 * Never compressed: answers to anything but GET (HEAD has no body), 204/206/304, a body already
 * encoded or marked `no-transform`, event streams. Every compressible answer says `Vary: Accept-Encoding`.
 */
export async function compressResponse(request: Request, response: Response): Promise<Response> {
  if (!isCompressibleType(response.headers.get("content-type"))) return response;
  varyOnAcceptEncoding(response.headers);
  if (
    request.method !== "GET" ||
    !response.body ||
    [204, 206, 304].includes(response.status) ||
    response.headers.has("content-encoding") ||
    /\bno-transform\b/i.test(response.headers.get("cache-control") ?? "") ||
    !breachSafe(request)
  ) {
    return response;
  }
  const encoding = preferredEncoding(request.headers.get("accept-encoding"));
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (!encoding || declared < MIN_COMPRESS_BYTES) return response;

  const reader = response.body.getReader();
  const head: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  try {
    while (length < MIN_COMPRESS_BYTES) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      head.push(value);
      length += value.byteLength;
    }
  } catch (error) {
    reader.releaseLock();
    throw error;
  }
  const headers = new Headers(response.headers);
  const init = { status: response.status, statusText: response.statusText, headers };
  if (ended) return new Response(concatBytes(head, length), init);
  headers.set("Content-Encoding", encoding);
  headers.delete("Content-Length");
  // The compressed bytes are another representation: a strong ETag of the original no longer names them.
  const etag = headers.get("etag");
  if (etag && !etag.startsWith("W/")) headers.set("ETag", `W/${etag}`);
  return new Response(compressStream(head, reader, encoding), init);
}

/**
 * BREACH: a compressed body's length tells whether attacker-chosen text in it (a page echoing its query,
 * a search filter, `redirectTo`) matches a secret beside it that stays the same between requests (a
 * pending TOTP secret; not the CSP nonce, new every time). The attacker must make the victim's browser
 * send many such requests with its cookie, from their own site, and watch the lengths. So a request
 * carrying a cookie is compressed only when the browser says it came from our own pages or from the
 * person (`Sec-Fetch-Site: same-origin` or `none`); cross-site and same-site requests, and browsers that
 * don't say, get identity. Without a cookie (guests, API keys, which a browser can't attach cross-site)
 * there is no ambient credential, so nothing of a victim's in the answer. Answers to anything but GET
 * (where new API keys, recovery codes, invite and reset links are shown) are never compressed. ADR 023.
 * Same-origin isn't enough alone: content someone else placed on our pages (a board item's icon URL)
 * makes the browser fetch any of our pages as an image, many at once. So the request must also be a
 * navigation or our own script's fetch (`Sec-Fetch-Dest: document` or `empty`): one a person chose.
 */
export function breachSafe(request: Request): boolean {
  if (!request.headers.has("cookie")) return true;
  const site = request.headers.get("sec-fetch-site");
  const dest = request.headers.get("sec-fetch-dest");
  return (site === "same-origin" || site === "none") && (dest === "document" || dest === "empty");
}

// On the fly: a fast setting (most of the gain at a fraction of the CPU) and a 256 KB brotli window,
// which keeps an open compressor near 0.7 MB instead of several (100 at once under load).
function compressor(encoding: Encoding): { stream: zlib.BrotliCompress | zlib.Gzip; flushKind: number } {
  if (encoding === "br") {
    const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 18 };
    return { stream: zlib.createBrotliCompress({ params }), flushKind: zlib.constants.BROTLI_OPERATION_FLUSH };
  }
  return { stream: zlib.createGzip({ level: 6 }), flushKind: zlib.constants.Z_SYNC_FLUSH };
}

const IDLE = Symbol("idle");
const idle = () => new Promise<typeof IDLE>((resolve) => setTimeout(() => resolve(IDLE), 0));

/**
 * `head` then the rest of `reader`, compressed. A chunk that is ready at once joins the current block;
 * when the source pauses, what was written so far is flushed, so streamed HTML reaches the browser as
 * soon as without compression. The source is read only as fast as the client takes the output.
 */
function compressStream(
  head: Uint8Array[],
  reader: ReadableStreamDefaultReader<Uint8Array>,
  encoding: Encoding,
): ReadableStream<Uint8Array> {
  const { stream: z, flushKind } = compressor(encoding);
  let demand: (() => void) | null = null;
  let cancelled = false;
  const write = (chunk: Uint8Array) =>
    new Promise<void>((resolve, reject) => z.write(chunk, (error) => (error ? reject(error) : resolve())));
  const flush = () => new Promise<void>((resolve) => z.flush(flushKind, () => resolve()));
  return new ReadableStream<Uint8Array>({
    start(controller) {
      z.on("data", (chunk: Buffer) => {
        if (!cancelled) controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
      z.on("end", () => {
        if (!cancelled) controller.close();
      });
      z.on("error", (error) => {
        if (!cancelled) controller.error(error);
      });
      const wantMore = () => ((controller.desiredSize ?? 1) > 0 ? Promise.resolve() : new Promise<void>((resolve) => (demand = resolve)));
      void (async () => {
        for (const chunk of head) await write(chunk);
        let next = reader.read();
        while (!cancelled) {
          let result = await Promise.race([next, idle()]);
          if (result === IDLE) {
            await flush();
            result = await next;
          }
          if (result.done) break;
          await write(result.value);
          await wantMore();
          next = reader.read();
        }
        if (!cancelled) z.end();
      })().catch((error) => {
        z.destroy();
        if (!cancelled) controller.error(error);
        void reader.cancel(error).catch(() => {});
      });
    },
    pull() {
      demand?.();
      demand = null;
    },
    cancel(reason) {
      cancelled = true;
      z.destroy();
      demand?.();
      return reader.cancel(reason);
    },
  });
}
