import { describe, expect, it } from "vitest";
import { clearSessionCookie, readCookie, sessionCookie } from "~/auth/cookie.server";
import { answersTo, atTrustedOrigin, clientIp, isCrossOriginRefused, publicOrigin, requestHost } from "~/server/origin.server";
import { parseTrustProxy } from "~/server/trust";
import { throttledNetwork } from "~/server/ip";

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

describe("which client address we believe", () => {
  const trust = (value: string, onFly = false) => {
    const parsed = parseTrustProxy(value, onFly);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  };
  const req = (headers: Record<string, string>) => new Request("http://internal:3000/x", { headers });

  it("ignores every forwarded header unless TRUST_PROXY says whom to believe", () => {
    const forged = req({ "X-Forwarded-For": "203.0.113.9", "Fly-Client-IP": "198.51.100.1" });
    expect(clientIp(forged, "10.0.0.1", trust("false"))).toBe("10.0.0.1");
  });
  it("refuses a client address forged at the left of X-Forwarded-For: behind one proxy only its right-most entry counts", () => {
    // The client sent "6.6.6.6"; the proxy appended the address it saw.
    expect(clientIp(req({ "X-Forwarded-For": "6.6.6.6, 203.0.113.9" }), "10.0.0.5", trust("true"))).toBe("203.0.113.9");
    // The same with the client's guess in a header of its own, and the proxy's in a second copy.
    const twice = new Request("http://internal:3000/x", {
      headers: [
        ["X-Forwarded-For", "6.6.6.6"],
        ["X-Forwarded-For", "203.0.113.9"],
      ],
    });
    expect(clientIp(twice, "10.0.0.5", trust("true"))).toBe("203.0.113.9");
  });
  it("refuses forwarded headers from a public peer with TRUST_PROXY=true (someone past the proxy)", () => {
    expect(clientIp(req({ "X-Forwarded-For": "6.6.6.6" }), "198.51.100.7", trust("true"))).toBe("198.51.100.7");
  });
  it("counts proxies from the right with TRUST_PROXY=<number>", () => {
    const chain = req({ "X-Forwarded-For": "6.6.6.6, 203.0.113.9, 10.0.0.2" });
    expect(clientIp(chain, "10.0.0.3", trust("2"))).toBe("203.0.113.9");
    expect(clientIp(req({}), "10.0.0.3", trust("2"))).toBe("10.0.0.3");
  });
  it("refuses forwarded headers from a peer that isn't a listed proxy, and walks past the listed ones", () => {
    const chain = req({ "X-Forwarded-For": "6.6.6.6, 203.0.113.9, 10.0.0.2" });
    expect(clientIp(chain, "10.0.0.3", trust("10.0.0.0/8"))).toBe("203.0.113.9");
    expect(clientIp(chain, "192.0.2.1", trust("10.0.0.0/8"))).toBe("192.0.2.1");
    expect(clientIp(req({ "X-Forwarded-For": "2001:db8::7" }), "::ffff:10.1.2.3", trust("10.0.0.0/8,fd00::/8"))).toBe("2001:db8::7");
  });
  it("refuses a forged Fly-Client-IP unless Fly.io runs us", () => {
    const forged = req({ "Fly-Client-IP": "198.51.100.1", "X-Forwarded-For": "198.51.100.1, 203.0.113.9" });
    expect(clientIp(forged, "172.16.0.2", trust("true"))).toBe("203.0.113.9");
    expect(clientIp(forged, "172.16.0.2", trust("true", true))).toBe("198.51.100.1");
    expect(clientIp(forged, "172.16.0.2", trust("fly", true))).toBe("198.51.100.1");
    expect(parseTrustProxy("fly", false)).toMatchObject({ ok: false });
  });
  it("refuses a TRUST_PROXY spelled other than its documented values: `yes` or `on` could mean true or 1, which differ", () => {
    for (const word of ["yes", "no", "on", "off", "Y", "enabled", "true,", "1.5", "-1"]) {
      const parsed = parseTrustProxy(word, false);
      expect(parsed, word).toMatchObject({ ok: false });
      expect(!parsed.ok && parsed.error, word).toContain("TRUST_PROXY");
    }
    expect(parseTrustProxy("yes", false)).toMatchObject({ ok: false, error: expect.stringContaining("write true") });
    for (const word of ["false", "FALSE", " true ", "0", "1", "10.0.0.1"])
      expect(parseTrustProxy(word, false), word).toMatchObject({ ok: true });
    // Networks holding every address are no proxy list (found by the attacker).
    for (const all of ["0.0.0.0/0", "::/0", "10.0.0.1,0.0.0.0/0"]) expect(parseTrustProxy(all, false), all).toMatchObject({ ok: false });
    // Nor split into pieces that add up to much of the Internet (attack7), in either family.
    const slices = Array.from({ length: 128 }, (_, i) => `${i + 1}.0.0.0/8`).join(",");
    for (const wide of ["0.0.0.0/1,128.0.0.0/1", "::/1,8000::/1", "1.0.0.0/7", slices, "2000::/3", "::/64", "::/80"]) {
      const parsed = parseTrustProxy(wide, false);
      expect(parsed, wide).toMatchObject({ ok: false });
      expect(!parsed.ok && parsed.error, wide).toMatch(/trusts .* % of all IPv[46] addresses to name their own client address/);
    }
    // What people really list: private networks however wide, a CDN's published ranges, one public proxy.
    const cloudflare =
      "173.245.48.0/20,103.21.244.0/22,103.22.200.0/22,103.31.4.0/22,141.101.64.0/18,108.162.192.0/18,190.93.240.0/20,188.114.96.0/20,197.234.240.0/22,198.41.128.0/17,162.158.0.0/15,104.16.0.0/13,104.24.0.0/14,172.64.0.0/13,131.0.72.0/22,2400:cb00::/32,2606:4700::/32,2803:f800::/32,2405:b500::/32,2405:8100::/32,2a06:98c0::/29,2c0f:f248::/32";
    for (const fine of [
      "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7",
      cloudflare,
      "203.0.113.7",
      "2001:db8::/32",
      "44.0.0.0/8",
    ])
      expect(parseTrustProxy(fine, false), fine).toMatchObject({ ok: true });
  });
  it("refuses to store anything but an address: garbled entries fall back to what the proxy saw", () => {
    expect(clientIp(req({ "X-Forwarded-For": "<script>alert(1)</script>" }), "10.0.0.5", trust("true"))).toBe("10.0.0.5");
    expect(clientIp(req({ "X-Forwarded-For": "unknown" }), "10.0.0.5", trust("1"))).toBe("10.0.0.5");
    expect(clientIp(req({ "X-Forwarded-For": "[2001:DB8::1]:443" }), "10.0.0.5", trust("true"))).toBe("2001:db8::1");
    expect(clientIp(req({}), "::ffff:127.0.0.1", trust("false"))).toBe("127.0.0.1");
  });
});

describe("which origin we trust", () => {
  const config = (over: Partial<Parameters<typeof publicOrigin>[2]> = {}) => ({
    baseUrl: null,
    trustProxy: { kind: "none" } as const,
    allowedHosts: [],
    ...over,
  });
  const at = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

  it("takes the host a request was sent to from its Host header, and refuses an address or a Host that names another (attack12)", () => {
    expect(requestHost(at("http://127.0.0.1:3000/x", { Host: "127.0.0.1:3000" }))).toBe("127.0.0.1:3000");
    expect(requestHost(at("http://localhost/x", { Host: "LOCALHOST:80" }))).toBe("localhost");
    expect(requestHost(at("http://[::1]:3000/x", { Host: "[::1]:3000" }))).toBe("[::1]:3000");
    // Made in-process: no Host, the address alone.
    expect(requestHost(at("http://porch.test/x"))).toBe("porch.test");
    // Node read `//127.0.0.1:8080/x` as this address; Deno takes it from an absolute-form request line.
    expect(requestHost(at("http://127.0.0.1:8080/x", { Host: "127.0.0.1:3000" }))).toBeNull();
    for (const host of ["evil.com:80@127.0.0.1", "127.0.0.1:3000#@evil.com", "127.0.0.1:3000/x", "a, b", "", "a b", "a%00b", "x:99999"]) {
      expect(requestHost(at(`http://127.0.0.1:3000/x`, { Host: host })), host).toBeNull();
    }
    // And no origin is trusted for it.
    expect(publicOrigin(at("http://127.0.0.1:8080/x", { Host: "127.0.0.1:3000" }), "127.0.0.1", config())).toEqual({
      ok: false,
      host: "",
      origin: null,
    });
  });

  it("prefers BASE_URL: nothing is taken from the request", () => {
    const forged = at("http://evil.example/x", { "X-Forwarded-Host": "evil.example" });
    expect(
      publicOrigin(
        forged,
        "10.0.0.1",
        config({ baseUrl: new URL("https://p.example/"), trustProxy: { kind: "hops", hops: 1, privatePeers: true } }),
      ),
    ).toEqual({ ok: true, origin: "https://p.example" });
  });
  it("refuses a DNS-rebinding name without BASE_URL, and answers to addresses, localhost and ALLOWED_HOSTS", () => {
    expect(publicOrigin(at("http://rebind.evil.example:3000/"), "192.168.1.9", config())).toEqual({
      ok: false,
      host: "rebind.evil.example",
      origin: "http://rebind.evil.example:3000",
    });
    for (const url of ["http://192.168.1.5:3000/", "http://localhost:3000/", "http://[::1]:3000/", "http://porch.localhost/"]) {
      expect(publicOrigin(at(url), "192.168.1.9", config())).toEqual({ ok: true, origin: new URL(url).origin });
    }
    expect(answersTo("porch.home.arpa", [".home.arpa"])).toBe(true);
    expect(answersTo("home.arpa", [".home.arpa"])).toBe(true);
    expect(answersTo("evilhome.arpa", [".home.arpa"])).toBe(false);
    expect(answersTo("porch.lan", ["porch.lan"])).toBe(true);
    expect(answersTo("x.porch.lan", ["porch.lan"])).toBe(false);
    expect(answersTo("localhost.", [])).toBe(false);
  });
  it("refuses forwarded host and scheme from anyone but the trusted proxy", () => {
    const forwarded = at("http://10.0.0.9:3000/x", { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "porch.lan" });
    const trusted = config({ trustProxy: { kind: "hops", hops: 1, privatePeers: true }, allowedHosts: ["porch.lan"] });
    expect(publicOrigin(forwarded, "10.0.0.1", trusted)).toEqual({ ok: true, origin: "https://porch.lan" });
    expect(publicOrigin(forwarded, "198.51.100.7", trusted)).toEqual({ ok: true, origin: "http://10.0.0.9:3000" });
    expect(publicOrigin(forwarded, "10.0.0.1", config({ allowedHosts: ["porch.lan"] }))).toEqual({
      ok: true,
      origin: "http://10.0.0.9:3000",
    });
    // A forwarded name is held to the same rule as Host.
    const evil = at("http://10.0.0.9:3000/x", { "X-Forwarded-Host": "rebind.evil.example" });
    expect(publicOrigin(evil, "10.0.0.1", trusted)).toEqual({
      ok: false,
      host: "rebind.evil.example",
      origin: "http://rebind.evil.example",
    });
  });
});

describe("the request the app gets", () => {
  it("refuses to pass forwarding headers on: the app sees the origin we trust, and nothing else to believe", async () => {
    const sent = new Request("http://10.0.0.9:3000/auth/login?redirectTo=%2F", {
      method: "POST",
      headers: {
        Host: "evil.example",
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-For": "6.6.6.6",
        "Fly-Client-IP": "6.6.6.6",
        Forwarded: "for=6.6.6.6;host=evil.example",
        Origin: "https://porch.example.com",
        Cookie: "porch_session=a.b",
      },
      body: "username=alice",
    });
    const seen = atTrustedOrigin(sent, "https://porch.example.com");
    expect(seen.url).toBe("https://porch.example.com/auth/login?redirectTo=%2F");
    expect(seen.headers.get("host")).toBe("porch.example.com");
    for (const name of ["x-forwarded-host", "x-forwarded-for", "fly-client-ip", "forwarded", "origin"])
      expect(seen.headers.get(name)).toBeNull();
    expect(seen.headers.get("cookie")).toBe("porch_session=a.b");
    expect(await seen.text()).toBe("username=alice");
  });

  it("keeps a path that starts with // a path: it never becomes the address's host (attack12's sibling)", () => {
    const sent = new Request("http://10.0.0.9:3000//evil.example/manage/users/1?x=1", { headers: { Host: "10.0.0.9:3000" } });
    const seen = atTrustedOrigin(sent, "https://porch.example.com");
    expect(new URL(seen.url).host).toBe("porch.example.com");
    expect(new URL(seen.url).pathname).toBe("//evil.example/manage/users/1");
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

describe("the client as throttles count it", () => {
  it("refuses to count each address of one IPv6 /64 apart: the network is the client; IPv4 stays the address", () => {
    expect(throttledNetwork("2001:db8:aa:bb::1")).toBe("2001:db8:aa:bb::/64");
    expect(throttledNetwork("2001:DB8:AA:BB:ffff:1:2:3")).toBe("2001:db8:aa:bb::/64");
    expect(throttledNetwork("2001:db8:aa:bc::1")).toBe("2001:db8:aa:bc::/64");
    expect(throttledNetwork("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(throttledNetwork("203.0.113.7")).toBe("203.0.113.7");
    expect(throttledNetwork("::1")).toBe("0:0:0:0::/64");
  });
});
