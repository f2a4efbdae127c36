import { readApiKey } from "~/auth/api-key.server";
import { readPorchCookie } from "~/auth/cookie.server";
import { forwardAuthFlavour } from "~/forward-auth/target.server";

/**
 * What a request authenticates with: an API key (looked for under /api/ only) or the session cookie,
 * never both. A request with an API key is the key's alone: its cookie is neither read nor touched.
 */
export type Credentials = { kind: "api-key"; key: string } | { kind: "cookie"; token: string | undefined };

export function readCredentials(request: Request, secureCookies: boolean, cookieDomain: string | null = null): Credentials {
  const { pathname } = new URL(request.url);
  const key = pathname.startsWith("/api/") ? readApiKey(request) : null;
  // Forward auth sees the app's own requests: a bearer token of the app's (not a Porch key) is the
  // app's business, and the person is whoever the session cookie says (attack14).
  const appsToken = key !== null && !key.startsWith("porch_") && forwardAuthFlavour(pathname) !== undefined;
  if (key !== null && !appsToken) return { kind: "api-key", key };
  return { kind: "cookie", token: readPorchCookie(request, "session", secureCookies, cookieDomain) };
}
