// Every cookie Porch sets or reads, in one place. With Secure cookies (https) each name carries the
// __Host- prefix: a browser accepts such a cookie only from Porch's own host, Secure, with Path=/ and no
// Domain, so a sibling subdomain can't plant one (cookie tossing: a session, a two-factor step or an
// OIDC state of the attacker's choosing). Plain http can't have the prefix, which needs Secure: there the
// names are bare, and README says what that leaves open.

const BASE_NAMES = {
  session: "porch_session",
  /** Between a correct password and the second factor. */
  pending: "porch_2fa",
  /** remix-auth-oauth2 appends ":<uuid>" per sign-in and reads every name starting with this. */
  oidcState: "porch_oidc",
  /** Where an OIDC sign-in returns to. Must not start with oidcState's name. */
  signInReturn: "porch_signin_return",
  /** A success message's code, from a form's answer to the page it redirects to (app/utils/flash.server.ts). */
  flash: "porch_flash",
} as const;

export type CookieKind = keyof typeof BASE_NAMES;

/** The only name a cookie of this kind has on this server. */
export function cookieName(kind: CookieKind, secure: boolean): string {
  return secure ? `__Host-${BASE_NAMES[kind]}` : BASE_NAMES[kind];
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/, and Secure with the prefix over https. */
export function setCookie(kind: CookieKind, value: string, options: { secure: boolean; maxAgeS?: number; expires?: Date | null }): string {
  const parts = [`${cookieName(kind, options.secure)}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (options.maxAgeS !== undefined) parts.push(`Max-Age=${options.maxAgeS}`);
  if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

export function clearCookie(kind: CookieKind, secure: boolean): string {
  return setCookie(kind, "", { secure, maxAgeS: 0 });
}

/** One of Porch's cookies, under the only name it may have here (never a look-alike without the prefix). */
export function readPorchCookie(request: Request, kind: CookieKind, secure: boolean): string | undefined {
  return readCookie(request, cookieName(kind, secure));
}

/** Reads one cookie from the Cookie header; undefined when absent. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

/**
 * The session cookie. Without "Remember me" it carries no Expires, so the browser drops it
 * when it closes; the server's own expiry still applies.
 */
export function sessionCookie(token: string, options: { expires: Date | null; secure: boolean }): string {
  return setCookie("session", token, options);
}

export function clearSessionCookie(options: { secure: boolean }): string {
  return clearCookie("session", options.secure);
}
