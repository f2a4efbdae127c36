import { describe, expect, it } from "vitest";
import { clearSessionCookie, readCookie, sessionCookie } from "~/auth/cookie.server";
import { clientIp, isCrossOriginRefused, publicOrigin } from "~/server/origin.server";

const ours = "http://porch.test";
const post = (headers: Record<string, string>) => new Request(`${ours}/auth/login`, { method: "POST", headers });

describe("cross-site request forgery check", () => {
  it("lets a same-origin POST through", () => {
    expect(isCrossOriginRefused(post({ Origin: ours }), ours, true)).toBe(false);
    expect(isCrossOriginRefused(post({ "Sec-Fetch-Site": "same-origin" }), ours, true)).toBe(false);
  });
  it("refuses a cross-origin POST, with or without a session", () => {
    expect(isCrossOriginRefused(post({ Origin: "http://evil.example" }), ours, true)).toBe(true);
    expect(isCrossOriginRefused(post({ Origin: "http://evil.example" }), ours, false)).toBe(true);
    expect(isCrossOriginRefused(post({ "Sec-Fetch-Site": "cross-site" }), ours, false)).toBe(true);
    expect(isCrossOriginRefused(post({ "Sec-Fetch-Site": "same-site" }), ours, true)).toBe(true);
  });
  it("refuses a cookie-carrying POST that says nothing of its origin", () => {
    expect(isCrossOriginRefused(post({}), ours, true)).toBe(true);
    expect(isCrossOriginRefused(post({ Origin: "null" }), ours, false)).toBe(true);
  });
  it("allows a script without cookies (no ambient authority to abuse)", () => {
    expect(isCrossOriginRefused(post({}), ours, false)).toBe(false);
  });
  it("never checks GET", () => {
    expect(isCrossOriginRefused(new Request(ours, { headers: { Origin: "http://evil.example" } }), ours, true)).toBe(false);
  });
});

describe("public origin and client address", () => {
  const req = new Request("http://internal:3000/x", {
    headers: { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "porch.example.com", "X-Forwarded-For": "203.0.113.9, 10.0.0.1" },
  });
  it("ignores proxy headers unless TRUST_PROXY is on", () => {
    expect(publicOrigin(req, { baseUrl: null, trustProxy: false })).toBe("http://internal:3000");
    expect(clientIp(req, "10.0.0.1", false)).toBe("10.0.0.1");
  });
  it("honours proxy headers when trusted", () => {
    expect(publicOrigin(req, { baseUrl: null, trustProxy: true })).toBe("https://porch.example.com");
    expect(clientIp(req, "10.0.0.1", true)).toBe("203.0.113.9");
  });
  it("prefers BASE_URL", () => {
    expect(publicOrigin(req, { baseUrl: new URL("https://p.example/"), trustProxy: true })).toBe("https://p.example");
  });
});

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/, with Expires only when remembered", () => {
    const remembered = sessionCookie("a.b", { expires: new Date("2030-01-01T00:00:00Z"), secure: false });
    expect(remembered).toBe("porch_session=a.b; Path=/; HttpOnly; SameSite=Lax; Expires=Tue, 01 Jan 2030 00:00:00 GMT");
    // Secure means https: the __Host- prefix, so a sibling subdomain can't plant one (cookie tossing).
    expect(sessionCookie("a.b", { expires: null, secure: true })).toBe("__Host-porch_session=a.b; Path=/; HttpOnly; SameSite=Lax; Secure");
  });
  it("is removed with Max-Age=0", () => {
    expect(clearSessionCookie({ secure: false })).toContain("Max-Age=0");
  });
  it("is read from a Cookie header among others", () => {
    const r = new Request("http://x/", { headers: { Cookie: "a=1; porch_session=x.y; b=2" } });
    expect(readCookie(r, "porch_session")).toBe("x.y");
    expect(readCookie(r, "missing")).toBeUndefined();
  });
});

describe("security headers", () => {
  it("add HSTS only when the public origin is https", async () => {
    const { securityHeaders } = await import("~/server/headers.server");
    const https = securityHeaders({ nonce: "n", html: true, https: true, development: false });
    expect(https["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders({ nonce: "n", html: true, https: false, development: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(https["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-n'");
  });
});
