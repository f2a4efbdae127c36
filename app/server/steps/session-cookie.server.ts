import { clearCookie, clearSessionCookie, cookieName, sessionCookie, type SessionPlace } from "~/auth/cookie.server";
import type { Credentials } from "./credentials.server";
import type { ValidatedCookie } from "./request-actor.server";

/**
 * The response, with headers of its own to change (Remix's may be immutable), and the session cookie
 * sent again when its expiry slid forward (remembered sessions only) or cleared when it named no live
 * session. A route that set the cookie itself (sign-in, sign-out) has the last word; an API key's
 * request never gets one.
 */
export function refreshSessionCookie(
  response: Response,
  credentials: Credentials,
  session: ValidatedCookie,
  place: SessionPlace | boolean,
): Response {
  const { secure, domain = null } = typeof place === "boolean" ? { secure: place } : place;
  const headers = new Headers(response.headers);
  const routeSetCookie = headers.getSetCookie().some((c) => c.startsWith(`${cookieName("session", secure, domain)}=`));
  if (!routeSetCookie && credentials.kind === "cookie" && credentials.token !== undefined) {
    if (!session) headers.append("Set-Cookie", clearSessionCookie({ secure, domain }));
    else if (session.refreshed && session.session.remember) {
      headers.append("Set-Cookie", sessionCookie(credentials.token, { expires: session.session.expiresAt, secure, domain }));
    }
  }
  // A host-only session cookie from before AUTH_COOKIE_DOMAIN goes whenever the domain's goes out (the
  // one place that says so): apps' hosts never receive it, and over plain http it shares the name and
  // is sent first, so it kept winning over every new sign-in (another person's, on a shared browser).
  const name = cookieName("session", secure, domain);
  if (domain && credentials.kind === "cookie" && headers.getSetCookie().some((c) => c.startsWith(`${name}=`))) {
    headers.append("Set-Cookie", clearCookie("session", secure));
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
