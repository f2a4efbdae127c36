import { describe, expect, it } from "vitest";
import { addResponseHeaders } from "~/server/steps/response-headers.server";

const answer = { requestId: "req-1", nonce: "bm9uY2U=", https: false, development: false };
const noOidc = { oidc: null };
const page = () => new Response("<!doctype html>", { headers: { "Content-Type": "text/html; charset=utf-8" } });
const at = (path: string) => new Request(`http://porch.test${path}`);

describe("the headers every answer carries", () => {
  it("adds the security headers and the request id, keeping any a route chose itself", () => {
    const response = new Response("{}", { headers: { "Cache-Control": "private, max-age=60" } });
    addResponseHeaders(response, at("/api/me"), answer, noOidc);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "cache-control": "private, max-age=60",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "same-origin",
      "cross-origin-opener-policy": "same-origin",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "x-request-id": "req-1",
    });
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("gives a page a CSP whose only inline scripts carry the nonce, and keeps the framing rules alone in development", () => {
    const response = page();
    addResponseHeaders(response, at("/"), answer, noOidc);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self' 'nonce-bm9uY2U='");
    const dev = page();
    addResponseHeaders(dev, at("/"), { ...answer, development: true }, noOidc);
    expect(dev.headers.get("content-security-policy")).toBe("frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
  });

  it("lets forms end up at the OpenID provider (sign-out there), and sends HSTS over https", () => {
    const response = page();
    addResponseHeaders(response, at("/"), { ...answer, https: true }, { oidc: { issuer: "https://id.example/realms/x" } as never });
    expect(response.headers.get("content-security-policy")).toContain("form-action 'self' https://id.example;");
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("refuses to send a Referer from a page whose address holds a token, whatever the route said", () => {
    const reset = new Response("x", { headers: { "Referrer-Policy": "origin" } });
    addResponseHeaders(reset, at("/auth/reset/abcdefabcdef"), answer, noOidc);
    expect(reset.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("sets its own request id over any the route sent", () => {
    const response = new Response("x", { headers: { "X-Request-Id": "forged" } });
    addResponseHeaders(response, at("/"), answer, noOidc);
    expect(response.headers.get("x-request-id")).toBe("req-1");
  });
});
