// Every cookie Porch sets or reads, in one place. With Secure cookies (https) each name carries the
// __Host- prefix: a browser accepts such a cookie only from Porch's own host, Secure, with Path=/ and no
// Domain, so a sibling subdomain can't plant one (cookie tossing: a session, a two-factor step or an
// OIDC state of the attacker's choosing). Plain http can't have the prefix, which needs Secure: there the
// names are bare, and README says what that leaves open.
//
// Each kind is defined once (name and lifetime; the other attributes are the same for all) and that one
// definition is used to set it and to clear it, so the two can't disagree on a name or an attribute.
import { parse } from "cookie";
import { DEVICE_SIGN_IN_MS, OIDC_FLOW_MS, PENDING_LIFETIME_MS, WEBAUTHN_CHALLENGE_MS } from "./lifetimes";

interface CookieDefinition {
  /** The name over plain http; https adds the __Host- prefix. */
  name: string;
  /** Seconds. Without: the browser keeps it until it closes, unless an Expires is given when set. */
  maxAgeS?: number;
}

const COOKIES = {
  session: { name: "porch_session" },
  /** Between a correct password and the second factor. */
  pending: { name: "porch_2fa", maxAgeS: PENDING_LIFETIME_MS / 1000 },
  /** remix-auth-oauth2 sets it, appending ":<uuid>" per sign-in, and reads every name starting with this. */
  oidcState: { name: "porch_oidc", maxAgeS: OIDC_FLOW_MS / 1000 },
  /** Where an OIDC sign-in returns to. Must not start with oidcState's name. */
  signInReturn: { name: "porch_signin_return", maxAgeS: OIDC_FLOW_MS / 1000 },
  /** An OIDC sign-in that is a confirmation (prompt=login): when it started. Must not start with oidcState's name. */
  reauth: { name: "porch_reauth", maxAgeS: OIDC_FLOW_MS / 1000 },
  /** A success message's code, from a form's answer to the page it redirects to (app/utils/flash.server.ts). */
  flash: { name: "porch_flash", maxAgeS: 60 },
  /** The passkey ceremony this browser started: the challenge row's id and secret (ADR 037). */
  webauthn: { name: "porch_webauthn", maxAgeS: WEBAUTHN_CHALLENGE_MS / 1000 },
  /** A TV's sign-in with a code (ADR 039): the request's id and secret; only this browser can redeem the approval. */
  device: { name: "porch_device", maxAgeS: DEVICE_SIGN_IN_MS / 1000 },
} as const satisfies Record<string, CookieDefinition>;

export type CookieKind = keyof typeof COOKIES;

/** A cookie's attributes, as set: clearing sends the same ones with Max-Age=0. */
export interface CookieAttributes {
  path: "/";
  domain?: string;
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  maxAge?: number;
}

/**
 * Where the session cookie goes: Porch's host only, or with AUTH_COOKIE_DOMAIN every host under that
 * domain, so a reverse proxy's forward auth sees it on each app's host (ADR 033). Only the session
 * cookie ever takes the domain; the others stay __Host- cookies of Porch's own host.
 */
export interface SessionPlace {
  secure: boolean;
  domain?: string | null;
}

/** The session's place from the configuration. */
export const sessionPlace = (config: { secureCookies: boolean; cookieDomain?: string | null }): SessionPlace => ({
  secure: config.secureCookies,
  domain: config.cookieDomain ?? null,
});

/**
 * The only name a cookie of this kind has on this server. A session cookie with a domain can't be
 * __Host- (that prefix forbids Domain): over https it is __Secure-, which still demands Secure.
 */
export function cookieName(kind: CookieKind, secure: boolean, domain: string | null = null): string {
  const { name } = COOKIES[kind];
  if (kind === "session" && domain) return secure ? `__Secure-${name}` : name;
  return secure ? `__Host-${name}` : name;
}

/** HttpOnly, SameSite=Lax, Path=/ (the prefix requires it), Secure over https, and the kind's lifetime. */
export function cookieAttributes(kind: CookieKind, secure: boolean, domain: string | null = null): CookieAttributes {
  const definition: CookieDefinition = COOKIES[kind];
  return {
    path: "/",
    ...(kind === "session" && domain ? { domain } : {}),
    httpOnly: true,
    sameSite: "lax",
    secure,
    ...(definition.maxAgeS === undefined ? {} : { maxAge: definition.maxAgeS }),
  };
}

/** A Set-Cookie value for one of Porch's cookies; `expires` only where the kind has no lifetime of its own (the session). */
export function setCookie(kind: CookieKind, value: string, secure: boolean, expires?: Date | null, domain: string | null = null): string {
  return serialize(cookieName(kind, secure, domain), value, { ...cookieAttributes(kind, secure, domain), ...(expires ? { expires } : {}) });
}

/**
 * The Set-Cookie value that removes a cookie of this kind: its own attributes, Max-Age=0. `name` for
 * a cookie whose name grows per use (oidcState's ":<uuid>"): it must start with the kind's name.
 */
export function clearCookie(kind: CookieKind, secure: boolean, name = cookieName(kind, secure), domain: string | null = null): string {
  if (!name.startsWith(cookieName(kind, secure, domain))) throw new Error(`${name} is not a ${kind} cookie`);
  return serialize(name, "", { ...cookieAttributes(kind, secure, domain), maxAge: 0 });
}

/** One of Porch's cookies, under the only name it may have here (never a look-alike without the prefix). */
export function readPorchCookie(request: Request, kind: CookieKind, secure: boolean, domain: string | null = null): string | undefined {
  return readCookie(request, cookieName(kind, secure, domain));
}

/** Every cookie in the Cookie header, names to values (percent-decoded); the first wins a repeated name. */
export function readCookies(request: Request): Record<string, string | undefined> {
  return parse(request.headers.get("cookie") ?? "");
}

/** Reads one cookie from the Cookie header; undefined when absent. */
export function readCookie(request: Request, name: string): string | undefined {
  return readCookies(request)[name];
}

/**
 * The session cookie. Without "Remember me" it carries no Expires, so the browser drops it
 * when it closes; the server's own expiry still applies.
 */
export function sessionCookie(token: string, options: SessionPlace & { expires: Date | null }): string {
  return setCookie("session", token, options.secure, options.expires, options.domain ?? null);
}

export function clearSessionCookie(place: SessionPlace): string {
  const domain = place.domain ?? null;
  return clearCookie("session", place.secure, cookieName("session", place.secure, domain), domain);
}

/**
 * The value percent-encoded, the attributes in the order Porch has always sent them (tests pin it). The
 * cookie package's stringifySetCookie writes the same attributes in another order: branch h-lib-serialize.
 */
function serialize(name: string, value: string, attributes: CookieAttributes & { expires?: Date }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${attributes.path}`, "HttpOnly", "SameSite=Lax"];
  if (attributes.domain) parts.push(`Domain=${attributes.domain}`);
  if (attributes.maxAge !== undefined) parts.push(`Max-Age=${attributes.maxAge}`);
  if (attributes.expires) parts.push(`Expires=${attributes.expires.toUTCString()}`);
  if (attributes.secure) parts.push("Secure");
  return parts.join("; ");
}
