// AUTH_COOKIE_DOMAIN (issue #20, ADR 033): only the session cookie crosses to the apps' hosts, and only
// to a domain Porch itself lives under.
import { parseSetCookie } from "cookie";
import { describe, expect, it } from "vitest";
import { clearSessionCookie, cookieName, sessionCookie, setCookie } from "~/auth/cookie.server";
import { parseConfig } from "~/config.server";

const base = { DATABASE_URL: "postgres://u:p@localhost:5432/porch" };
const errorsOf = (env: Record<string, string>) => {
  const result = parseConfig({ ...base, ...env });
  return result.ok ? [] : result.errors;
};

describe("the session cookie across subdomains", () => {
  it("takes AUTH_COOKIE_DOMAIN only when Porch's own address is under it", () => {
    const ok = parseConfig({ ...base, BASE_URL: "https://porch.home.example", AUTH_COOKIE_DOMAIN: ".Home.Example" });
    expect(ok.ok && ok.config.cookieDomain).toBe("home.example");
    expect(errorsOf({ AUTH_COOKIE_DOMAIN: "home.example" })).toEqual([expect.stringMatching(/^AUTH_COOKIE_DOMAIN needs BASE_URL/)]);
    expect(errorsOf({ BASE_URL: "https://porch.home.example", AUTH_COOKIE_DOMAIN: "other.example" })).toEqual([
      expect.stringMatching(/must be BASE_URL's host or a parent of it/),
    ]);
    // Not a suffix match on text: evilhome.example isn't under home.example.
    expect(errorsOf({ BASE_URL: "https://porch.evilhome.example", AUTH_COOKIE_DOMAIN: "home.example" })).not.toEqual([]);
    // A single label (a public suffix such as com), a port or a scheme isn't a domain to share a session with.
    for (const domain of ["com", "home.example:443", "https://home.example", "*.home.example"]) {
      expect(errorsOf({ BASE_URL: "https://porch.home.example", AUTH_COOKIE_DOMAIN: domain }), domain).not.toEqual([]);
    }
  });

  it("gives the domain to the session cookie alone, named __Secure- over https, and clears it with the same attributes", () => {
    const place = { secure: true, domain: "home.example" };
    const made = parseSetCookie(sessionCookie("token", { ...place, expires: null }));
    expect(made).toMatchObject({ name: "__Secure-porch_session", domain: "home.example", secure: true, httpOnly: true, path: "/" });
    const cleared = parseSetCookie(clearSessionCookie(place));
    expect(cleared).toMatchObject({ name: "__Secure-porch_session", domain: "home.example", maxAge: 0 });
    expect(cookieName("session", true, "home.example")).toBe("__Secure-porch_session");
    // Without a domain nothing changes: __Host-, no Domain.
    expect(parseSetCookie(sessionCookie("t", { secure: true, expires: null }))).toMatchObject({ name: "__Host-porch_session" });
    expect(parseSetCookie(sessionCookie("t", { secure: true, expires: null })).domain).toBeUndefined();
    // The two-factor step, OIDC state and flash stay Porch's host's own, whatever the session does.
    for (const kind of ["pending", "oidcState", "signInReturn", "flash"] as const) {
      const cookie = parseSetCookie(setCookie(kind, "v", true, null, "home.example"));
      expect(cookie.name, kind).toMatch(/^__Host-/);
      expect(cookie.domain, kind).toBeUndefined();
    }
  });
});

describe("trusted-header sign-in's configuration", () => {
  it("needs the proxy's own addresses, never everyone, and reads its header names", () => {
    expect(errorsOf({ AUTH_PROVIDERS: "credentials,proxy" })).toEqual([expect.stringMatching(/^AUTH_PROXY_TRUSTED_NETWORKS is required/)]);
    for (const networks of ["0.0.0.0/0", "::/0", "0.0.0.0/1,128.0.0.0/1", "8.0.0.0/6", "not-an-address"]) {
      expect(errorsOf({ AUTH_PROVIDERS: "proxy", AUTH_PROXY_TRUSTED_NETWORKS: networks }), networks).not.toEqual([]);
    }
    const ok = parseConfig({
      ...base,
      AUTH_PROVIDERS: "proxy",
      AUTH_PROXY_TRUSTED_NETWORKS: "172.18.0.0/16, 10.0.0.2",
      AUTH_PROXY_HEADER_USER: "Tailscale-User-Login",
      AUTH_PROXY_GROUPS_SEPARATOR: "|",
    });
    expect(ok.ok && ok.config.proxyAuth).toMatchObject({
      // Only the user's header is read unless the others are named (attack15).
      headers: { user: "Tailscale-User-Login", groups: null, email: null, name: null },
      groupsSeparator: "|",
    });
    // Off unless named in AUTH_PROVIDERS: the headers are then read by nobody.
    const off = parseConfig({ ...base, AUTH_PROXY_TRUSTED_NETWORKS: "10.0.0.2" });
    expect(off.ok && off.config.proxyAuth).toBeNull();
  });
});
