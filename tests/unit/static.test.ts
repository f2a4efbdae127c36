import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "~/server/static.server";

const script = "export const board = () => 'a board item';\n".repeat(100);
let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "porch-static-"));
  mkdirSync(path.join(root, "assets"));
  writeFileSync(path.join(root, "assets", "app-abc.js"), script);
  writeFileSync(path.join(root, "assets", "app-abc.js.br"), brotliCompressSync(script));
  writeFileSync(path.join(root, "assets", "app-abc.js.gz"), gzipSync(script));
  writeFileSync(path.join(root, "assets", "only-gzip.css"), "a{}".repeat(500));
  writeFileSync(path.join(root, "assets", "only-gzip.css.gz"), gzipSync("a{}".repeat(500)));
  writeFileSync(path.join(root, "assets", "tiny.js"), "export {};\n");
  writeFileSync(path.join(root, "logo.png"), "not really a png");
});

const ask = (file: string, headers: Record<string, string> = {}, method = "GET") =>
  serveStatic(new Request(`http://porch.test${file}`, { method, headers }), root) as Promise<Response>;

describe("static files, precompressed", () => {
  it("sends the .br or .gz the build made, as Accept-Encoding allows, with its own length and ETag", async () => {
    const seen = new Map<string | null, string>();
    for (const [accept, coding] of [
      ["br, gzip", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip", "gzip"],
      ["", null],
      ["gzip;q=0", null],
      ["junk", null],
    ] as const) {
      const res = await ask("/assets/app-abc.js", { "Accept-Encoding": accept });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-encoding"), accept).toBe(coding);
      expect(res.headers.get("vary")).toBe("Accept-Encoding");
      expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const body = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get("content-length"))).toBe(body.length);
      seen.set(coding, res.headers.get("etag")!);
    }
    expect(new Set(seen.values()).size).toBe(3);
  });

  it("falls back to the next coding the client accepts when the build made no copy in the best", async () => {
    const res = await ask("/assets/only-gzip.css", { "Accept-Encoding": "br, gzip" });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    const tiny = await ask("/assets/tiny.js", { "Accept-Encoding": "br, gzip" });
    expect(tiny.headers.get("content-encoding")).toBeNull();
    expect(await tiny.text()).toBe("export {};\n");
    const image = await ask("/logo.png", { "Accept-Encoding": "br, gzip" });
    expect(image.headers.get("content-encoding")).toBeNull();
    expect(image.headers.get("vary")).toBeNull();
  });

  it("answers HEAD with the GET's headers and no body", async () => {
    const get = await ask("/assets/app-abc.js", { "Accept-Encoding": "br" });
    const head = await ask("/assets/app-abc.js", { "Accept-Encoding": "br" }, "HEAD");
    for (const name of ["content-encoding", "content-length", "etag", "vary", "content-type"]) {
      expect(head.headers.get(name), name).toBe(get.headers.get(name));
    }
    expect(head.body).toBeNull();
  });

  it("answers If-None-Match with 304 for the same coding only", async () => {
    const br = await ask("/assets/app-abc.js", { "Accept-Encoding": "br" });
    const etag = br.headers.get("etag")!;
    const again = await ask("/assets/app-abc.js", { "Accept-Encoding": "br", "If-None-Match": `W/${etag}, "other"` });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("vary")).toBe("Accept-Encoding");
    expect(again.body).toBeNull();
    const gzip = await ask("/assets/app-abc.js", { "Accept-Encoding": "gzip", "If-None-Match": etag });
    expect(gzip.status).toBe(200);
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
  });

  it("ignores Range: the whole file, 200, said by Accept-Ranges: none", async () => {
    const res = await ask("/assets/app-abc.js", { Range: "bytes=0-9" });
    expect(res.status).toBe(200);
    expect(res.headers.get("accept-ranges")).toBe("none");
    expect(await res.text()).toBe(script);
  });

  it("serves a .br or .gz copy only as the coding of its original, never at its own URL", async () => {
    for (const url of ["/assets/app-abc.js.br", "/assets/app-abc.js.gz", "/assets/only-gzip.css.gz"]) {
      expect(await ask(url, { "Accept-Encoding": "br, gzip" }), url).toBeNull();
    }
  });

  it("serves only the files there when it started: no request touches the file system to look", async () => {
    expect((await ask("/logo.png")).status).toBe(200);
    writeFileSync(path.join(root, "late.txt"), "added after start");
    expect(await ask("/late.txt")).toBeNull();
  });

  it("still answers 400 to a path that climbs out of the root", async () => {
    for (const url of ["/assets/..%2f..%2fetc%2fpasswd", "/assets/%2e%2e%5c%2e%2e%5cetc", "/a%00b"]) {
      expect((await ask(url)).status, url).toBe(400);
    }
  });
});
