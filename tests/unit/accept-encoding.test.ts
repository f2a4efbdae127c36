import { describe, expect, it } from "vitest";
import { isCompressibleType, preferredEncoding, varyOnAcceptEncoding } from "~/server/accept-encoding";

describe("choosing a content coding from Accept-Encoding", () => {
  it("prefers brotli, then gzip, then identity", () => {
    expect(preferredEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(preferredEncoding("gzip, deflate")).toBe("gzip");
    expect(preferredEncoding("deflate")).toBeNull();
    expect(preferredEncoding(null)).toBeNull();
    expect(preferredEncoding("")).toBeNull();
    expect(preferredEncoding("identity")).toBeNull();
  });

  it("respects q=0 and the client's weights, and reads * as every coding not named", () => {
    expect(preferredEncoding("gzip;q=0")).toBeNull();
    expect(preferredEncoding("br;q=0, gzip")).toBe("gzip");
    expect(preferredEncoding("br;q=0.5, gzip;q=0.8")).toBe("gzip");
    expect(preferredEncoding("*")).toBe("br");
    expect(preferredEncoding("*;q=0.5, gzip")).toBe("gzip");
    expect(preferredEncoding("*, br;q=0")).toBe("gzip");
    expect(preferredEncoding("BR ; Q=1.0")).toBe("br");
  });

  it("sends identity for junk instead of failing", () => {
    for (const junk of ["junk", "gzip;q=abc", "gzip;q=2", "br;q=-1", ";;;", "\u00ff\u00fe", "gzip;q=0.0001", "x".repeat(5000)]) {
      expect(preferredEncoding(junk), junk).toBeNull();
    }
    expect(preferredEncoding("gzip;q=abc, br")).toBe("br");
  });

  it("offers only what the caller has", () => {
    expect(preferredEncoding("br, gzip", ["gzip"])).toBe("gzip");
    expect(preferredEncoding("br", ["gzip"])).toBeNull();
  });
});

describe("what is worth compressing", () => {
  it("takes text, JSON, JavaScript, SVG and XML, never event streams, images or fonts", () => {
    for (const type of [
      "text/html; charset=utf-8",
      "application/json",
      "text/javascript",
      "text/css",
      "image/svg+xml",
      "text/csv",
      "application/problem+json",
    ]) {
      expect(isCompressibleType(type), type).toBe(true);
    }
    for (const type of ["text/event-stream", "image/png", "font/woff2", "application/octet-stream", "application/zip", null]) {
      expect(isCompressibleType(type), String(type)).toBe(false);
    }
  });

  it("adds Accept-Encoding to Vary once, keeping what is there", () => {
    const headers = new Headers();
    varyOnAcceptEncoding(headers);
    varyOnAcceptEncoding(headers);
    expect(headers.get("vary")).toBe("Accept-Encoding");
    const other = new Headers({ Vary: "Cookie" });
    varyOnAcceptEncoding(other);
    expect(other.get("vary")).toBe("Cookie, Accept-Encoding");
  });
});
