import { cookieName } from "~/auth/cookie.server";
import { describe, expect, it } from "vitest";
import type { Credentials } from "~/server/steps/credentials.server";
import type { ValidatedCookie } from "~/server/steps/request-actor.server";
import { refreshSessionCookie } from "~/server/steps/session-cookie.server";

const expiresAt = new Date("2031-02-03T04:05:06Z");
const validated = (refreshed: boolean, remember: boolean) =>
  ({ session: { id: "s", userId: "u", remember, expiresAt }, refreshed }) as unknown as NonNullable<ValidatedCookie>;
const cookie: Credentials = { kind: "cookie", token: "id.secret" };
const cookies = (response: Response) => response.headers.getSetCookie();

describe("refreshing or clearing the session cookie", () => {
  it("sends a remembered session's cookie again when its expiry slid forward", () => {
    expect(cookies(refreshSessionCookie(new Response("x"), cookie, validated(true, true), false))).toEqual([
      "porch_session=id.secret; Path=/; HttpOnly; SameSite=Lax; Expires=Mon, 03 Feb 2031 04:05:06 GMT",
    ]);
    expect(cookies(refreshSessionCookie(new Response("x"), cookie, validated(true, true), true))).toEqual([
      "__Host-porch_session=id.secret; Path=/; HttpOnly; SameSite=Lax; Expires=Mon, 03 Feb 2031 04:05:06 GMT; Secure",
    ]);
  });

  it("sends nothing when the expiry didn't move, or for a browser-session cookie (no Expires to move)", () => {
    expect(cookies(refreshSessionCookie(new Response("x"), cookie, validated(false, true), false))).toEqual([]);
    expect(cookies(refreshSessionCookie(new Response("x"), cookie, validated(true, false), false))).toEqual([]);
  });

  it("clears a cookie that names no live session", () => {
    expect(cookies(refreshSessionCookie(new Response("x"), cookie, null, false))).toEqual([
      "porch_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
    ]);
  });

  it("touches no cookie for a request without one, or with an API key", () => {
    expect(cookies(refreshSessionCookie(new Response("x"), { kind: "cookie", token: undefined }, null, false))).toEqual([]);
    expect(cookies(refreshSessionCookie(new Response("x"), { kind: "api-key", key: "porch_k" }, null, false))).toEqual([]);
  });

  it("leaves the last word to a route that set the session cookie itself (sign-in, sign-out)", () => {
    const signedIn = new Response("x", { headers: { "Set-Cookie": "porch_session=new.one; Path=/" } });
    expect(cookies(refreshSessionCookie(signedIn, cookie, null, false))).toEqual(["porch_session=new.one; Path=/"]);
  });

  it("hands on the status, status text and body, with headers the later steps may change", async () => {
    const redirect = Response.redirect("http://porch.test/auth/login", 302);
    expect(() => redirect.headers.set("X-Probe", "1")).toThrow();
    const answer = refreshSessionCookie(redirect, cookie, validated(false, true), false);
    answer.headers.set("X-Probe", "1");
    expect([answer.status, answer.headers.get("location")]).toEqual([302, "http://porch.test/auth/login"]);
    const page = refreshSessionCookie(new Response("body", { status: 404, statusText: "Not Here" }), cookie, validated(false, true), false);
    expect([page.status, page.statusText, await page.text()]).toEqual([404, "Not Here", "body"]);
  });
});

describe("with AUTH_COOKIE_DOMAIN: a host-only session cookie from before the setting goes with every session cookie sent", () => {
  const hostOnlyGone = (secure: boolean) =>
    `${secure ? "__Host-porch_session" : "porch_session"}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;

  it("removes it beside a route's domain cookie and the step's own clearing, over http (where it shares the name and is sent first) and https", () => {
    for (const secure of [false, true]) {
      const place = { secure, domain: "home.example" };
      const domainCookie = `${cookieName("session", secure, "home.example")}=new.one; Path=/; Domain=home.example`;
      const signedIn = new Response("x", { headers: { "Set-Cookie": domainCookie } });
      expect(cookies(refreshSessionCookie(signedIn, cookie, null, place))).toEqual([domainCookie, hostOnlyGone(secure)]);
      const cleared = cookies(refreshSessionCookie(new Response("x"), cookie, null, place));
      expect(cleared).toHaveLength(2);
      expect(cleared[1]).toBe(hostOnlyGone(secure));
      // The removal carries no Domain: only the host-only cookie goes, never the domain's.
      expect(hostOnlyGone(secure)).not.toContain("Domain");
    }
  });

  it("sends nothing more when no session cookie goes out, or without the setting", () => {
    expect(
      cookies(refreshSessionCookie(new Response("x"), cookie, validated(false, true), { secure: false, domain: "home.example" })),
    ).toEqual([]);
    expect(cookies(refreshSessionCookie(new Response("x"), cookie, null, false))).toHaveLength(1);
  });
});
