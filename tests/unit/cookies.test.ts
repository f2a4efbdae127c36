// Each cookie is removed with exactly the attributes it was set with (a clear that differs in name,
// Path or Secure leaves the cookie in place), and over https each carries the __Host- prefix's terms.
import { parseSetCookie, type SetCookie } from "cookie";
import { describe, expect, it } from "vitest";
import { clearCookie, clearSessionCookie, setCookie, sessionCookie } from "~/auth/cookie.server";
import { clearFlowCookies, oidcStrategy } from "~/auth/oidc/oidc.server";
import { clearPendingCookie, pendingCookie } from "~/auth/pending-sign-in.server";
import { parseOidcConfig, type OidcConfig } from "~/auth/oidc/config";

/** What identifies the cookie a browser stores, and how it may be sent. */
const attributes = ({ name, path, domain, httpOnly, secure, sameSite }: SetCookie) => ({ name, path, domain, httpOnly, secure, sameSite });

function expectSameCookie(set: string, clear: string, secure: boolean) {
  const [made, removed] = [parseSetCookie(set), parseSetCookie(clear)];
  expect(attributes(removed)).toEqual(attributes(made));
  expect(removed).toMatchObject({ value: "", maxAge: 0 });
  expect(made.value).not.toBe("");
  expect(made).toMatchObject({ path: "/", httpOnly: true, sameSite: "lax" });
  expect(made.domain).toBeUndefined();
  if (secure) expect(made).toMatchObject({ name: expect.stringMatching(/^__Host-porch_/), secure: true });
  else expect(made.name).toMatch(/^porch_/);
  if (!secure) expect(made.secure).toBeUndefined();
}

/** The Set-Cookie remix-auth-oauth2 sends when a sign-in starts (it builds this one itself). */
async function stateCookieSetByTheLibrary(secure: boolean): Promise<string> {
  const issuer = "https://provider.test";
  const { config } = parseOidcConfig({ AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_CLIENT_ID: "porch", AUTH_OIDC_CLIENT_SECRET: "secret" });
  const strategy = oidcStrategy(
    config as OidcConfig,
    {
      issuer,
      authorizationEndpoint: `${issuer}/authorize`,
      tokenEndpoint: `${issuer}/token`,
      userinfoEndpoint: null,
      jwksUri: `${issuer}/jwks`,
      endSessionEndpoint: null,
      signingAlgorithms: ["RS256"],
      backchannelLogout: false,
    },
    { redirectURI: "https://porch.test/api/auth/callback/oidc", secureCookies: secure },
    async () => "unused",
  );
  const thrown = await strategy.authenticate(new Request("https://porch.test/auth/oidc")).catch((t: unknown) => t);
  expect(thrown).toBeInstanceOf(Response);
  const cookies = (thrown as Response).headers.getSetCookie();
  expect(cookies).toHaveLength(1);
  return cookies[0];
}

describe.each([false, true])("cookies (secure: %s)", (secure) => {
  it("session: set (remembered or not) and cleared with the same attributes", () => {
    expectSameCookie(sessionCookie("id.secret", { expires: null, secure }), clearSessionCookie({ secure }), secure);
    const remembered = sessionCookie("id.secret", { expires: new Date("2030-01-01T00:00:00Z"), secure });
    expectSameCookie(remembered, clearSessionCookie({ secure }), secure);
    expect(parseSetCookie(remembered).expires).toEqual(new Date("2030-01-01T00:00:00Z"));
  });

  it("two-factor step: set and cleared with the same attributes, for five minutes", () => {
    expectSameCookie(pendingCookie("id.secret", secure), clearPendingCookie(secure), secure);
    expect(parseSetCookie(pendingCookie("id.secret", secure)).maxAge).toBe(300);
  });

  it("OIDC return address: set and cleared with the same attributes, for ten minutes, the path percent-encoded", () => {
    const set = setCookie("signInReturn", "/boards?tab=a b", secure);
    expectSameCookie(set, clearCookie("signInReturn", secure), secure);
    expect(set).toContain("=%2Fboards%3Ftab%3Da%20b;");
    expect(parseSetCookie(set)).toMatchObject({ value: "/boards?tab=a b", maxAge: 600 });
  });

  it("OIDC state: as remix-auth-oauth2 sets it, and as Porch clears it, for ten minutes", async () => {
    const set = await stateCookieSetByTheLibrary(secure);
    const { name, value } = parseSetCookie(set);
    expect(name).toMatch(/porch_oidc:[0-9a-f-]{36}$/);
    const callback = new Request("https://porch.test/api/auth/callback/oidc", { headers: { cookie: `other=1; ${name}=${value}` } });
    const cleared = clearFlowCookies(callback, secure);
    expect(cleared).toHaveLength(1);
    expectSameCookie(set, cleared[0], secure);
    expect(parseSetCookie(set).maxAge).toBe(600);
  });
});

describe("clearing", () => {
  it("refuses a name that isn't of the kind it clears", () => {
    expect(() => clearCookie("oidcState", true, "porch_oidc:bare")).toThrow(/not a oidcState cookie/);
  });
});
