import { describe, expect, it } from "vitest";
import { appAddress, covers, normalizePath, normalizePrefix, parseOrigin } from "~/permissions/app-address";
import { readForwardedTarget } from "~/forward-auth/target.server";

describe("where an app lives (one rule for links, protected apps and the proxy's question)", () => {
  it("reads origin and path as a browser and a typical app would", () => {
    expect(appAddress("HTTPS://Sonarr.Home.Example:443/a/b?x=1#y")).toEqual({
      origin: "https://sonarr.home.example",
      hostname: "sonarr.home.example",
      path: "/a/b",
    });
    expect(appAddress("http://10.0.0.5:8989")).toEqual({ origin: "http://10.0.0.5:8989", hostname: "10.0.0.5", path: "/" });
    expect(appAddress("http://[::1]:8989/")).toMatchObject({ origin: "http://[::1]:8989", hostname: "[::1]" });
    expect(appAddress("ftp://x/")).toBeNull();
    expect(appAddress("/relative")).toBeNull();
    expect(appAddress("javascript:alert(1)")).toBeNull();
  });

  it("reads a host with a trailing dot as the host, and an encoded separator both ways (attack14)", () => {
    expect(appAddress("https://NAS.example.:8443/x")).toEqual({ origin: "https://nas.example:8443", hostname: "nas.example", path: "/x" });
    expect(appAddress("https://g.example/admin%2fx")).toMatchObject({ path: "/admin%2Fx", altPath: "/admin/x" });
    expect(appAddress("https://g.example/x/..%2fadmin/y")).toMatchObject({ altPath: "/admin/y" });
    expect(appAddress("https://g.example/x/%2e%2e%5cadmin")).toMatchObject({ altPath: "/admin" });
    expect(appAddress("https://g.example/plain")).not.toHaveProperty("altPath");
  });

  it("normalizes the ways a path prefix could be stepped around", () => {
    expect(normalizePath("/%61dmin")).toBe("/admin");
    expect(normalizePath("/%2e%2e/admin")).toBe("/admin");
    expect(normalizePath("/public/..%2fadmin")).toBe("/public/..%2Fadmin");
    expect(normalizePath("//admin///x")).toBe("/admin/x");
    expect(normalizePath("/public/%2E%2E/admin")).toBe("/admin");
    expect(normalizePath("/a/./b/../c")).toBe("/a/c");
    expect(appAddress("https://h/public/%2e%2e/%61dmin/")?.path).toBe("/admin/");
  });

  it("takes path prefixes with or without a trailing slash, and refuses what isn't a path", () => {
    expect(normalizePrefix("/admin/")).toBe("/admin");
    expect(normalizePrefix("/")).toBe("/");
    expect(normalizePrefix("//")).toBe("/");
    expect(normalizePrefix("admin")).toBeNull();
    expect(normalizePrefix("/a?b")).toBeNull();
    expect(normalizePrefix("/a#b")).toBeNull();
  });

  it("covers the prefix itself and what lies below it, never a longer name", () => {
    expect(covers("/", "/anything")).toBe(true);
    expect(covers("/admin", "/admin")).toBe(true);
    expect(covers("/admin", "/admin/")).toBe(true);
    expect(covers("/admin", "/admin/users")).toBe(true);
    expect(covers("/admin", "/administrator")).toBe(false);
    expect(covers("/admin", "/")).toBe(false);
  });

  it("accepts an origin only, with a reason for anything else", () => {
    expect(parseOrigin("https://Sonarr.home.example/")).toEqual({ origin: "https://sonarr.home.example" });
    expect(parseOrigin("http://nas:5000")).toEqual({ origin: "http://nas:5000" });
    expect(parseOrigin("sonarr.home.example")).toHaveProperty("error");
    expect(parseOrigin("https://u:p@sonarr.home.example")).toHaveProperty("error");
    expect(parseOrigin("https://sonarr.home.example/admin")).toHaveProperty("error");
    expect(parseOrigin("https://sonarr.home.example/?x")).toHaveProperty("error");
    // Stored as forward auth compares them (attack15): a trailing dot dropped, wildcards refused.
    expect(parseOrigin("http://app3.home.example.:6841")).toEqual({ origin: "http://app3.home.example:6841" });
    expect(parseOrigin("http://*.home.example")).toHaveProperty("error");
    expect(parseOrigin("http://[::1]:8080")).toEqual({ origin: "http://[::1]:8080" });
  });
});

describe("the request a proxy asks about", () => {
  const ask = (path: string, headers: Record<string, string>) => new Request(`http://porch.test${path}`, { headers });

  it("reads Traefik's and Caddy's X-Forwarded-* (the nearest proxy's value)", () => {
    const target = readForwardedTarget(
      ask("/api/auth/forward-auth", {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "evil.example, sonarr.home.example",
        "X-Forwarded-Uri": "/calendar?x=1",
        "X-Forwarded-Method": "post",
      }),
      "forward-auth",
    );
    expect(target).toEqual({
      ok: true,
      url: "https://sonarr.home.example/calendar?x=1",
      address: { origin: "https://sonarr.home.example", hostname: "sonarr.home.example", path: "/calendar" },
      method: "POST",
    });
  });

  it("reads a path starting with // after the host as a path, never as another host", () => {
    const target = readForwardedTarget(
      ask("/api/auth/forward-auth", {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "a.example",
        "X-Forwarded-Uri": "//evil.example/x",
      }),
      "forward-auth",
    );
    expect(target).toMatchObject({ ok: true, address: { origin: "https://a.example", path: "/evil.example/x" } });
  });

  it("reads nginx's X-Original-URL", () => {
    const target = readForwardedTarget(ask("/api/auth/auth-request", { "X-Original-URL": "http://nas:5000/%61dmin" }), "auth-request");
    expect(target).toMatchObject({ ok: true, address: { origin: "http://nas:5000", path: "/admin" } });
  });

  it("refuses a fragment: no request line holds one, and the app may read past it where Porch wouldn't (attack17)", () => {
    for (const url of ["http://app.example/x#/../admin", "http://app.example/#", "http://app.example/a%23b#c"]) {
      expect(readForwardedTarget(ask("/api/auth/auth-request", { "X-Original-URL": url }), "auth-request").ok, url).toBe(false);
    }
    const caddy = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "app.example", "X-Forwarded-Uri": "/x#/../admin" };
    expect(readForwardedTarget(ask("/api/auth/forward-auth", caddy), "forward-auth").ok).toBe(false);
    // Encoded, it is a character of the path like any other.
    expect(readForwardedTarget(ask("/api/auth/auth-request", { "X-Original-URL": "http://app.example/a%23b" }), "auth-request").ok).toBe(
      true,
    );
  });

  it("refuses bytes outside ASCII, which Porch and the app would read as different paths (attack20)", () => {
    // nginx passes a raw request line on: UTF-8 bytes arrive as Latin-1 characters, so Porch read
    // /café/secret as /caf%C3%83%C2%A9/secret (under the parent app) while the app read /café/secret.
    for (const url of ["http://app.example/caf\u00c3\u00a9/secret", "http://app.example/caf\u00e9/x", "http://app.example/x?q=\u00e9"]) {
      const target = readForwardedTarget(ask("/api/auth/auth-request", { "X-Original-URL": url }), "auth-request");
      expect(target.ok, url).toBe(false);
      expect(target.ok || target.error).toContain("outside ASCII");
    }
    const caddy = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "app.example", "X-Forwarded-Uri": "/caf\u00c3\u00a9/secret" };
    expect(readForwardedTarget(ask("/api/auth/forward-auth", caddy), "forward-auth").ok).toBe(false);
    // Percent-encoded, as browsers send it, the same path is judged as it is.
    const encoded = readForwardedTarget(
      ask("/api/auth/auth-request", { "X-Original-URL": "http://app.example/caf%C3%A9/x" }),
      "auth-request",
    );
    expect(encoded).toMatchObject({ ok: true, address: { path: "/caf%C3%A9/x" } });
  });

  it("refuses a path holding a . or .. segment, which Porch resolves and an app behind a proxy may not (attack22)", () => {
    // nginx and Caddy pass the raw path on: Porch judged /admin/../photos/x as /photos/x while an app
    // routing on the raw path served /admin. Browsers resolve dot segments before they send a request.
    for (const path of ["/admin/../photos/x", "/admin/%2e%2e/photos/x", "/admin/.%2E/photos/x", "/a/./b", "/x/..", "/%2E/admin"]) {
      const target = readForwardedTarget(ask("/api/auth/auth-request", { "X-Original-URL": `http://app.example${path}` }), "auth-request");
      expect(target.ok, path).toBe(false);
      expect(target.ok || target.error, path).toContain("dot segment");
      const caddy = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "app.example", "X-Forwarded-Uri": path };
      expect(readForwardedTarget(ask("/api/auth/forward-auth", caddy), "forward-auth").ok, path).toBe(false);
    }
    // Dots inside a name, and dot segments in the query, are characters like any other.
    for (const path of ["/a.b/c..d/.well-known/x", "/x?next=/../admin", "/..;/x"]) {
      expect(
        readForwardedTarget(ask("/api/auth/auth-request", { "X-Original-URL": `http://app.example${path}` }), "auth-request").ok,
        path,
      ).toBe(true);
    }
  });

  it("refuses a host with an empty label: only one trailing dot is DNS's root (attack20)", () => {
    for (const host of ["app.example..", "app..example", ".app.example"]) {
      const target = readForwardedTarget(ask("/api/auth/auth-request", { "X-Original-URL": `http://${host}/` }), "auth-request");
      expect(target.ok, host).toBe(false);
    }
    expect(appAddress("http://app.example./x")).toMatchObject({ origin: "http://app.example" });
  });

  it("refuses a question that names no request, or names one a URL parser reads as another host", () => {
    const cases: Array<[Record<string, string>, "forward-auth" | "auth-request"]> = [
      [{}, "forward-auth"],
      [{}, "auth-request"],
      [{ "X-Forwarded-Proto": "https", "X-Forwarded-Host": "a@b", "X-Forwarded-Uri": "/" }, "forward-auth"],
      [{ "X-Forwarded-Proto": "https", "X-Forwarded-Host": "a/b", "X-Forwarded-Uri": "/" }, "forward-auth"],
      [{ "X-Forwarded-Proto": "gopher", "X-Forwarded-Host": "a", "X-Forwarded-Uri": "/" }, "forward-auth"],
      [{ "X-Forwarded-Proto": "https", "X-Forwarded-Host": "a", "X-Forwarded-Uri": "x" }, "forward-auth"],
      [{ "X-Original-URL": "http://allowed.example@protected.example/" }, "auth-request"],
      [{ "X-Original-URL": "http://a\\b/" }, "auth-request"],
      [{ "X-Original-URL": "/just/a/path" }, "auth-request"],
    ];
    for (const [headers, flavour] of cases) {
      const target = readForwardedTarget(ask(`/api/auth/${flavour}`, headers), flavour);
      expect(target.ok, JSON.stringify(headers)).toBe(false);
    }
    const missing = readForwardedTarget(ask("/api/auth/auth-request", {}), "auth-request");
    expect(missing.ok || missing.error).toContain("proxy_set_header X-Original-URL");
  });
});

describe("which path is a forward-auth question", () => {
  it("is matched as Remix matches routes", async () => {
    const { forwardAuthFlavour } = await import("~/forward-auth/target.server");
    expect(forwardAuthFlavour("/api/auth/forward-auth")).toBe("forward-auth");
    expect(forwardAuthFlavour("/API/Auth/Auth-Request/")).toBe("auth-request");
    expect(forwardAuthFlavour("/api/auth/forward-auth.data")).toBe("forward-auth");
    expect(forwardAuthFlavour("/api/auth/forward-authx")).toBeUndefined();
    // Remix decodes the path before matching (attack20: /api/auth/forward%2Dauth reached the route).
    expect(forwardAuthFlavour("/api/auth/forward%2Dauth")).toBe("forward-auth");
    expect(forwardAuthFlavour("/api/%61uth/auth-request")).toBe("auth-request");
    expect(forwardAuthFlavour("/api/auth/forward-auth%")).toBeUndefined();
  });
});
