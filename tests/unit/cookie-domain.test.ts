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
