import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { breachSafe, compressResponse, MIN_COMPRESS_BYTES } from "~/server/steps/compression.server";

const html = "<!doctype html><main>" + "<p class='text-sm text-slate-700'>A board item</p>".repeat(200) + "</main>";
const page = (body: BodyInit | null = html, init: ResponseInit = {}) =>
  new Response(body, { ...init, headers: { "Content-Type": "text/html; charset=utf-8", ...(init.headers as Record<string, string>) } });
const get = (headers: Record<string, string> = {}, method = "GET") =>
  new Request("http://porch.test/boards/home", { method, headers: { "Accept-Encoding": "br, gzip", ...headers } });
const decode = async (response: Response) => {
  const bytes = Buffer.from(await response.arrayBuffer());
  const coding = response.headers.get("content-encoding");
  return (coding === "br" ? brotliDecompressSync(bytes) : coding === "gzip" ? gunzipSync(bytes) : bytes).toString("utf8");
};

describe("compressing the pipeline's answers", () => {
  it("sends brotli or gzip as accepted, decoding to the same bytes, with Vary", async () => {
    for (const [accept, coding] of [
      ["br, gzip", "br"],
      ["gzip", "gzip"],
      ["gzip;q=0, br", "br"],
      ["br;q=0, gzip", "gzip"],
    ]) {
      const response = await compressResponse(get({ "Accept-Encoding": accept }), page());
      expect(response.headers.get("content-encoding"), accept).toBe(coding);
      expect(response.headers.get("vary")).toBe("Accept-Encoding");
      expect(response.headers.get("content-length")).toBeNull();
      expect(await decode(response)).toBe(html);
    }
  });

  it("sends identity, still with Vary, when nothing acceptable is offered", async () => {
    for (const accept of ["", "identity", "gzip;q=0", "junk", "deflate"]) {
      const response = await compressResponse(get({ "Accept-Encoding": accept }), page());
      expect(response.headers.get("content-encoding"), accept).toBeNull();
      expect(response.headers.get("vary")).toBe("Accept-Encoding");
      expect(await response.text()).toBe(html);
    }
  });

  it("leaves small bodies, HEAD, 204/304, encoded bodies, no-transform and event streams alone", async () => {
    const small = "x".repeat(MIN_COMPRESS_BYTES - 1);
    expect((await compressResponse(get(), page(small))).headers.get("content-encoding")).toBeNull();
    expect(await (await compressResponse(get(), page(small))).text()).toBe(small);
    const cases: Array<[string, Request, Response]> = [
      ["HEAD", get({}, "HEAD"), page(null)],
      ["POST", get({}, "POST"), page()],
      ["304", get(), new Response(null, { status: 304, headers: { "Content-Type": "text/html" } })],
      ["204", get(), new Response(null, { status: 204, headers: { "Content-Type": "application/json" } })],
      ["already encoded", get(), page(html, { headers: { "Content-Encoding": "gzip" } })],
      ["no-transform", get(), page(html, { headers: { "Cache-Control": "no-store, no-transform" } })],
      ["event stream", get(), new Response(html, { headers: { "Content-Type": "text/event-stream" } })],
      ["image", get(), new Response(html, { headers: { "Content-Type": "image/png" } })],
    ];
    for (const [what, request, response] of cases) {
      const sent = await compressResponse(request, response);
      expect(sent.headers.get("content-encoding"), what).toBe(what === "already encoded" ? "gzip" : null);
    }
  });

  it("refuses to compress a cookie-carrying answer another site could have asked for (BREACH)", async () => {
    const cookie = { Cookie: "porch_session=abc.def" };
    for (const site of [undefined, "cross-site", "same-site", "junk"]) {
      const request = get({ ...cookie, ...(site ? { "Sec-Fetch-Site": site } : {}) });
      expect(breachSafe(request), String(site)).toBe(false);
      const sent = await compressResponse(request, page());
      expect(sent.headers.get("content-encoding"), String(site)).toBeNull();
      expect(sent.headers.get("vary")).toBe("Accept-Encoding");
    }
    for (const site of ["same-origin", "none"]) {
      for (const dest of ["document", "empty"]) {
        const sent = await compressResponse(get({ ...cookie, "Sec-Fetch-Site": site, "Sec-Fetch-Dest": dest }), page());
        expect(sent.headers.get("content-encoding"), `${site} ${dest}`).toBe("br");
      }
    }
    // Found by the outside attacker: a board item's icon URL pointing at one of our pages makes the
    // victim's browser fetch it as a same-origin image, once per item, with guesses in its query.
    for (const dest of [undefined, "image", "iframe", "script", "style", "object", "junk"]) {
      const request = get({ ...cookie, "Sec-Fetch-Site": "same-origin", ...(dest ? { "Sec-Fetch-Dest": dest } : {}) });
      expect(breachSafe(request), String(dest)).toBe(false);
      expect((await compressResponse(request, page())).headers.get("content-encoding"), String(dest)).toBeNull();
    }
    // No cookie, no ambient credential: a guest's page or an API key's answer holds nothing of a victim's.
    expect((await compressResponse(get({ "Sec-Fetch-Site": "cross-site" }), page())).headers.get("content-encoding")).toBe("br");
    expect((await compressResponse(get({ Authorization: "Bearer porch_x_y" }), page())).headers.get("content-encoding")).toBe("br");
  });

  it("keeps a streamed body streaming: what the page has sent arrives before the page ends", async () => {
    let release!: () => void;
    const later = new Promise<void>((resolve) => (release = resolve));
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(html));
        await later;
        controller.enqueue(encoder.encode("<p>deferred</p>"));
        controller.close();
      },
    });
    const sent = await compressResponse(get({ "Accept-Encoding": "gzip" }), page(body));
    const reader = sent.body!.getReader();
    const first: Uint8Array[] = [];
    // Everything written before the pause decodes on its own, while the source still waits.
    while (gunzipPartial(first).length < html.length) first.push((await reader.read()).value!);
    expect(gunzipPartial(first)).toBe(html);
    release();
    const rest: Uint8Array[] = [...first];
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest.push(r.value);
    expect(gunzipSync(Buffer.concat(rest)).toString()).toBe(html + "<p>deferred</p>");
  });

  it("weakens a strong ETag on the compressed representation", async () => {
    const sent = await compressResponse(get(), page(html, { headers: { ETag: '"abc"' } }));
    expect(sent.headers.get("etag")).toBe('W/"abc"');
  });

  it("stops reading the page when the client goes away", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(html));
      },
      cancel() {
        cancelled = true;
      },
    });
    const sent = await compressResponse(get(), page(body));
    const reader = sent.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(cancelled).toBe(true);
  });
});

/** The text a gzip stream's bytes so far decode to (a sync-flushed prefix decodes whole). */
function gunzipPartial(chunks: Uint8Array[]): string {
  if (!chunks.length) return "";
  return gunzipSync(Buffer.concat(chunks), { finishFlush: 2 /* Z_SYNC_FLUSH */ }).toString();
}
